/* fuzz_snapshot.c - libFuzzer: the snapshot JSON loaders (schema 3's pull
 * parser, schemas 1 and 2 through jansson), then diff and reports (every
 * format, of the snapshot and of the delta) on what loads; what loads is written and must load again, and its second writing
 * must equal the first (the writer and the schema 3 reader agree). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/budget.h"
#include "model/config.h"
#include "model/diff.h"
#include "report/report.h"
#include "model/snapshot_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gs_snapshot s;
	if (gs_snapshot_from_text(&s, (const char *)data, size) < 0)
		return 0;
	char *t1 = gs_snapshot_to_text(&s), *t2 = NULL;
	gs_snapshot back;
	if (t1) {
		if (gs_snapshot_from_text(&back, t1, strlen(t1)) < 0)
			abort(); /* written, but does not load */
		t2 = gs_snapshot_to_text(&back);
		char *t3 = NULL;
		gs_snapshot r2;
		if (t2 && gs_snapshot_from_text(&r2, t2, strlen(t2)) == 0) {
			t3 = gs_snapshot_to_text(&r2);
			gs_snapshot_dispose(&r2);
		}
		if (t2 && t3 && strcmp(t2, t3) != 0)
			abort(); /* loading and writing again changed it */
		free(t3);
		gs_snapshot_dispose(&back);
	}
	free(t1);
	free(t2);
	gs_report rs = {.snap = &s, .top = 5};
	gs_sb ss = {0};
	if (gs_report_build(&rs) == 0)
		for (int f = 0; f < GS_FORMAT_N; f++)
			if (f != GS_FORMAT_MD)
				gs_report_render(&ss, &rs, (gs_format)f);
	gs_report_dispose(&rs);
	gs_sb_dispose(&ss);
	gs_delta d;
	gs_config c;
	gs_checks k;
	if (gs_diff(&d, &s, &s) == 0) {
		static const char cfg[] = "{\"budgets\":[{\"scope\":\"package:*\",\"max_increase\":\"1%\",\"new\":\"warn\"}]}";
		if (gs_config_parse(&c, cfg, sizeof cfg - 1) == 0) {
			if (gs_budgets_eval(&k, &c, &d) == 0) {
				gs_report r = {.d = &d, .checks = &k, .name = "fuzz", .top = 5, .footer_name = "Binary-Size", .color = 1};
				gs_sb sb = {0};
				if (gs_report_build(&r) == 0) {
					for (int f = 0; f < GS_FORMAT_N; f++)
						gs_report_render(&sb, &r, (gs_format)f);
					r.ascii = 1, r.width = 41;
					gs_report_render(&sb, &r, GS_FORMAT_TEXT);
				}
				gs_report_dispose(&r);
				gs_sb_dispose(&sb);
				gs_checks_dispose(&k);
			}
			gs_config_dispose(&c);
		}
		gs_delta_dispose(&d);
	}
	gs_snapshot_dispose(&s);
	return 0;
}
