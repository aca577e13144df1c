/* report_linker.c - the diff's "linker" section as JSON. */
#include "report/report_linker.h"

#include "util/json.h"

static json_t *strs(const char *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		if (json_array_append_new(a, gs_json_str(v[i])) < 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *side(int dce, const gs_reach *r)
{
	return json_pack("{s:s,s:o,s:o}", "dce", gs_dce_name(dce), "dce_reason",
	                 r && r->dce_reason ? gs_json_str(r->dce_reason) : json_null(), "dce_chain",
	                 strs(r ? (const char *const *)r->dce_chain : NULL, r ? r->ndce_chain : 0));
}

static const char *kind_name(gs_cause_kind k) { return k == GS_CAUSE_DCE ? "dce" : k == GS_CAUSE_GREW ? "grew" : "edge"; }

json_t *gs_linker_json(const gs_causes *c, int top)
{
	json_t *causes = json_array();
	for (size_t i = 0; causes && i < c->n && (top <= 0 || i < (size_t)top); i++) {
		const gs_cause *e = &c->v[i];
		if (json_array_append_new(causes, json_pack("{s:s,s:o,s:I,s:I,s:I}", "kind", kind_name(e->kind), "chain",
		                                            strs(e->chain, e->nchain), "chain_length", (json_int_t)e->chain_len,
		                                            "bytes", (json_int_t)e->bytes, "symbols", (json_int_t)e->symbols)) < 0) {
			json_decref(causes);
			causes = NULL;
		}
	}
	return json_pack("{s:o,s:o,s:o,s:I,s:I,s:b,s:I,s:o,s:I}", "old", side(c->old_dce, c->old), "new",
	                 side(c->new_dce, c->new_), "note", c->note ? gs_json_str(c->note) : json_null(), "growth_bytes",
	                 (json_int_t)c->growth, "explained_bytes", (json_int_t)c->explained, "dce_turned_off",
	                 c->dce_turned_off, "dce_cost_bytes", (json_int_t)c->dce_cost, "causes", causes, "causes_total",
	                 (json_int_t)c->n);
}
