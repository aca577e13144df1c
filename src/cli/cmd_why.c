/* cmd_why.c - `gosize why PACKAGE [REV]`: the import chain that brings a
 * package into the binary, and what it weighs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmds.h"
#include "model/config.h"
#include "util/err.h"
#include "util/esc.h"
#include "util/fmt.h"
#include "goformat/symname.h"
#include "model/imports.h"
#include "model/reach.h"
#include "shell/io.h"
#include "util/json.h"
#include "util/sb.h"
#include "app/source.h"
#include "util/term.h"

static const gs_opt opts[] = {
	{"format", 'f', "text|json", "text (default) or json"},
	{"target", 't', "NAME", "the config target to build (default: the first)"},
	{"config", 'c', "FILE", "config file (default: .gosize.json found upwards from here)"},
	{"progress", 0, NULL, "progress lines on stderr even when it is not a terminal"},
	{NULL, 0, NULL, NULL},
};

/* The linker's side of `why`: the chain that kept a symbol, or the first symbol of a set of packages. */
typedef struct linker_why {
	const char **chain;   /* entry point ... symbol (abbreviated; NULL when none) */
	size_t n, full;
	const char *symbol;   /* the symbol the chain ends at */
	int reflect;          /* kept because dead-code elimination of methods is off */
	const char *note;     /* why there is no chain */
} linker_why;

typedef struct pkg_pick {
	const char *const *pkgs;
	size_t n;
	int any;              /* 0: functions and variables only (a type or string says less) */
} pkg_pick;

static int in_pkgs(const char *name, void *ctx)
{
	pkg_pick *p = ctx;
	char pkg[1024];
	if (gs_symname_package(name, pkg, sizeof pkg) != GS_SYMC_GO && !p->any)
		return 0;
	if (!pkg[0])
		return 0;
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(pkg, p->pkgs[i]) == 0 || (strcmp(p->pkgs[i], "main") == 0 && strcmp(pkg, "main") == 0))
			return 1;
	return 0;
}

/* Fills *l for node i of s's reachability. Returns 0 or -1. */
static int linker_chain(linker_why *l, gs_reach *r, uint32_t i)
{
	l->symbol = r->names[i];
	l->reflect = gs_reach_kept_by_reflection(r, i);
	return gs_reach_chain_names(&l->chain, &l->n, &l->full, r, i, 16);
}

static int linker_for(linker_why *l, const gs_snapshot *s, const gs_why_set *w, const char *q)
{
	memset(l, 0, sizeof *l);
	gs_reach *r = s->reach;
	if (!r || !r->has_tree) {
		l->note = !r ? (s->reach_note ? s->reach_note : "no linker reachability: the snapshot was not built by gosize")
		             : "no linker reachability tree: a compact note keeps only the summary";
		return 0;
	}
	uint32_t i = q ? gs_reach_find(r, q) : GS_REACH_NONE;
	if (i == GS_REACH_NONE && w) {
		pkg_pick p = {w->pkgs, w->npkgs, 0};
		if ((i = gs_reach_nearest(r, in_pkgs, &p)) == GS_REACH_NONE) {
			p.any = 1;
			i = gs_reach_nearest(r, in_pkgs, &p);
		}
	}
	if (i == GS_REACH_NONE) {
		l->note = "the linker kept no symbol of it";
		return 0;
	}
	return linker_chain(l, r, i);
}

static json_t *linker_json(const linker_why *l)
{
	json_t *c = json_array();
	for (size_t i = 0; c && i < l->n; i++)
		json_array_append_new(c, gs_json_str(l->chain[i]));
	return json_pack("{s:o,s:o,s:I,s:b,s:o}", "symbol", l->symbol ? gs_json_str(l->symbol) : json_null(), "chain",
	                 l->chain ? c : (json_decref(c), json_null()), "chain_length", (json_int_t)l->full, "reflection",
	                 l->reflect, "note", l->note ? gs_json_str(l->note) : json_null());
}

static void linker_text(gs_sb *sb, const linker_why *l, const gs_snapshot *s, const char *arrow)
{
	if (!l->chain) {
		gs_sb line = {0};
		gs_sb_puts(&line, "linker chain: unavailable (");
		gs_esc_term(&line, l->note);
		gs_sb_puts(&line, ")");
		sb->oom |= line.oom;
		gs_term_wrap(sb, line.s ? line.s : "", gs_term_width(STDOUT_FILENO), 0, 2);
		gs_sb_dispose(&line);
		return;
	}
	gs_sb_puts(sb, "kept by the linker through:\n");
	for (size_t i = 0; i < l->n; i++) {
		gs_sb_printf(sb, "  %s%s", i ? arrow : "", i ? " " : "");
		gs_esc_term(sb, l->chain[i]);
		gs_sb_puts(sb, "\n");
	}
	if (l->reflect) {
		gs_sb_puts(sb, "an exported method kept because dead-code elimination of methods is off:\n");
		for (size_t i = 0; i < s->reach->ndce_chain; i++) {
			gs_sb_printf(sb, "  %s%s", i ? arrow : "", i ? " " : "");
			gs_esc_term(sb, s->reach->dce_chain[i]);
			gs_sb_puts(sb, "\n");
		}
	}
}

/* `why SYMBOL`: a symbol the linker kept (the snapshot's reachability has it). */
static char *why_symbol(const gs_snapshot *s, const char *q, const char *fmt, uint32_t node)
{
	linker_why l = {0};
	uint64_t size = 0;
	for (size_t i = 0; i < s->nsyms; i++)
		if (strcmp(s->syms[i].name, q) == 0)
			size += s->syms[i].size;
	if (linker_chain(&l, s->reach, node) < 0)
		return NULL;
	char *text = NULL;
	if (fmt && strcmp(fmt, "json") == 0) {
		json_t *o = json_pack("{s:i,s:s,s:o,s:s,s:I,s:o}", "schema", 2, "kind", "gosize-why", "query", gs_json_str(q),
		                      "match", "symbol", "size", (json_int_t)size, "linker", linker_json(&l));
		text = o ? gs_json_dump(o) : NULL;
		json_decref(o);
	} else {
		gs_sb sb = {0};
		char h[32];
		gs_esc_term(&sb, q);
		gs_sb_printf(&sb, " (symbol): %s\n", gs_fmt_human(size, h, sizeof h));
		linker_text(&sb, &l, s, gs_cmd_utf8_locale() ? "→" : "->");
		text = gs_sb_take(&sb);
	}
	free(l.chain);
	return text;
}

static int run(const gs_cmd *cmd, const gs_args *a)
{
	const char *fmt = gs_opts_get(a, cmd, "format");
	static const char *const formats[] = {"text", "json"};
	if (a->npos < 1 || a->npos > 2) {
		gs_fail("why: expected SYMBOL, PACKAGE (or MODULE or GLOB) and at most one REV, snapshot file or binary");
		return GS_EXIT_ERROR;
	}
	if (fmt && gs_cmd_choice("why", "format", fmt, formats, 2) < 0)
		return GS_EXIT_ERROR;
	const char *pkg = a->pos[0];
	gs_cmd_env env;
	gs_snapshot s;
	memset(&s, 0, sizeof s);
	if (gs_cmd_setup(&env, cmd, a, 0) < 0)
		return GS_EXIT_ERROR;
	int rc = GS_EXIT_ERROR;
	char *text = NULL;
	if (a->npos == 2 ? gs_source_load(&s, NULL, &env.src, a->pos[1]) < 0 : gs_source_worktree(&s, &env.src) < 0)
		goto out;
	uint32_t node = s.reach && s.reach->has_tree ? gs_reach_find(s.reach, pkg) : GS_REACH_NONE;
	if (node != GS_REACH_NONE) { /* a symbol the linker kept */
		if ((text = why_symbol(&s, pkg, fmt, node)) && gs_file_write_atomic("-", text, strlen(text)) == 0)
			rc = GS_EXIT_OK;
		goto out;
	}
	gs_why_set w;
	int found = gs_why_query(&w, &s, pkg);
	if (found < 0)
		goto out;
	if (!found) {
		gs_fail("why: %s is not a package or module of %s%s%s", pkg, s.imports_root ? s.imports_root : s.path,
		        s.nimps ? "" : " (", s.nimps ? "" : "and there is no import graph to look in)");
		goto out;
	}
	if (w.graph && !w.nchain && strcmp(w.match, "package") == 0 && !w.npkgs) {
		gs_fail("why: %s is not imported by %s", pkg, s.imports_root);
		gs_why_set_free(&w);
		goto out;
	}
	const char *note = w.graph ? NULL : s.imports_note ? s.imports_note : "no import graph: a binary";
	linker_why lw;
	if (linker_for(&lw, &s, &w, NULL) < 0) {
		gs_why_set_free(&w);
		goto out;
	}
	if (fmt && strcmp(fmt, "json") == 0) {
		json_t *pk = json_array(), *c = json_array(), *imp = json_array();
		for (size_t i = 0; pk && i < w.npkgs; i++) {
			uint64_t sz = 0;
			for (size_t k = 0; k < s.npkgs; k++)
				if (s.pkgs[k].name == w.pkgs[i])
					sz = s.pkgs[k].size;
			json_array_append_new(pk, json_pack("{s:o,s:I}", "name", gs_json_str(w.pkgs[i]), "size", (json_int_t)sz));
		}
		for (size_t i = 0; c && i < w.nchain; i++)
			json_array_append_new(c, gs_json_str(w.chain[i]));
		for (size_t i = 0; imp && i < w.nimporters; i++)
			json_array_append_new(imp, gs_json_str(w.importers[i]));
		json_t *o = json_pack("{s:i,s:s,s:o,s:s,s:o,s:I,s:o,s:o,s:o,s:o,s:o}", "schema", 2, "kind", "gosize-why", "query",
		                      gs_json_str(pkg), "match", w.match, "packages", pk, "size", (json_int_t)w.size, "graph",
		                      json_boolean(w.graph), "note", note ? gs_json_str(note) : json_null(), "chain",
		                      w.graph && w.nchain ? c : (json_decref(c), json_null()), "weight",
		                      w.graph ? json_integer((json_int_t)w.weight) : json_null(), "imported_by",
		                      w.graph ? imp : (json_decref(imp), json_null()));
		if (o && w.graph)
			json_object_set_new(o, "weight_packages", json_integer((json_int_t)w.nweight));
		if (o)
			json_object_set_new(o, "linker", linker_json(&lw));
		text = o ? gs_json_dump(o) : NULL;
		json_decref(o);
	} else {
		gs_sb sb = {0}, line = {0};
		char h1[32], h2[32];
		int width = gs_term_width(STDOUT_FILENO);
		const char *arrow = gs_cmd_utf8_locale() ? "→" : "->";
		int set = strcmp(w.match, "package") != 0;
		gs_esc_term(&line, pkg);
		if (set)
			gs_sb_printf(&line, " (%s, %zu package%s)", w.match, w.npkgs, w.npkgs == 1 ? "" : "s");
		gs_sb_printf(&line, ": %s", gs_fmt_human(w.size, h1, sizeof h1));
		if (w.graph)
			gs_sb_printf(&line, "; with what only %s, %s in %zu package%s", set && w.npkgs != 1 ? "they bring" : "it brings",
			             gs_fmt_human(w.weight, h2, sizeof h2), w.nweight, w.nweight == 1 ? "" : "s");
		gs_term_wrap(&sb, line.s ? line.s : "", width, 0, 2);
		gs_sb_dispose(&line);
		if (!w.graph) {
			gs_sb_puts(&line, "import chain, importers and weight: unavailable (");
			gs_esc_term(&line, note);
			gs_sb_puts(&line, "; gosize records the import graph when it builds a revision, and keeps it in the revision's note)");
			gs_term_wrap(&sb, line.s ? line.s : "", width, 0, 2);
			gs_sb_dispose(&line);
		} else if (!w.nchain) {
			gs_sb_puts(&sb, "not imported by the main package (in the binary without an import)\n");
		} else {
			for (size_t i = 0; i < w.nchain; i++) { /* a long path is broken at a '/', never cut */
				gs_sb_printf(&line, "%s%s", i ? arrow : "", i ? " " : "");
				gs_esc_term(&line, w.chain[i]);
				gs_sb_puts(&sb, i ? "  " : "");
				gs_term_wrap(&sb, line.s ? line.s : "", width, i ? 2 : 0, 4);
				gs_sb_dispose(&line);
			}
		}
		if (w.graph) {
			gs_sb_printf(&sb, "imported directly by%s\n", w.nimporters ? ":" : " nothing");
			for (size_t i = 0; i < w.nimporters; i++) {
				gs_esc_term(&line, w.importers[i]);
				gs_sb_puts(&sb, "  ");
				gs_term_wrap(&sb, line.s ? line.s : "", width, 2, 4);
				gs_sb_dispose(&line);
			}
		}
		linker_text(&sb, &lw, &s, arrow);
		if (strcmp(w.match, "package") != 0) {
			gs_sb_puts(&sb, "packages:\n");
			for (size_t i = 0; i < w.npkgs; i++) {
				uint64_t sz = 0;
				for (size_t k = 0; k < s.npkgs; k++)
					if (s.pkgs[k].name == w.pkgs[i])
						sz = s.pkgs[k].size;
				gs_sb_printf(&sb, "  %10s  ", gs_fmt_human(sz, h1, sizeof h1));
				gs_esc_term(&line, w.pkgs[i]);
				gs_term_wrap(&sb, line.s ? line.s : "", width, 14, 16);
				gs_sb_dispose(&line);
			}
		}
		text = gs_sb_take(&sb);
	}
	gs_why_set_free(&w);
	free(lw.chain);
	if (text && gs_file_write_atomic("-", text, strlen(text)) == 0)
		rc = GS_EXIT_OK;
out:
	free(text);
	gs_snapshot_dispose(&s);
	gs_cmd_env_dispose(&env);
	return rc;
}

const gs_cmd gs_cmd_why = {
	"why", "SYMBOL|PACKAGE|MODULE|GLOB [REV|SNAPSHOT.json|BINARY]",
	"What a symbol, a package, a module (all its packages) or a glob of packages\n"
	"('github.com/yuin/goldmark/*', or Go's 'github.com/yuin/goldmark/...') weighs and\n"
	"why it is in the binary: its size, the shortest import chain from the main\n"
	"package, the packages that import it (one per line) and its weight (with\n"
	"everything only it brings). Chains, importers and weight come from the import\n"
	"graph gosize records when it builds REV (default: the working tree), also kept\n"
	"in notes; a binary or a snapshot of one has sizes only, and says so. Where gosize\n"
	"built REV it also recorded the linker's reachability: the chain of symbols through\n"
	"which the linker kept a symbol (or a package's first symbol), from main.main, and\n"
	"whether an exported method is kept only because dead-code elimination of methods\n"
	"is off (then with the chain that switched it off).",
	opts, run};
