/* fuzz_snapshot.c - libFuzzer: the snapshot JSON loader, then diff and reports on what loads. */
#include <stdint.h>
#include <stdlib.h>

#include "budget.h"
#include "config.h"
#include "diff.h"
#include "report.h"
#include "snapshot_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gs_snapshot s;
	if (gs_snapshot_from_text(&s, (const char *)data, size) < 0)
		return 0;
	gs_delta d;
	gs_config c;
	gs_checks k;
	if (gs_diff(&d, &s, &s) == 0) {
		static const char cfg[] = "{\"budgets\":[{\"scope\":\"package:*\",\"max_increase\":\"1%\",\"new\":\"warn\"}]}";
		if (gs_config_parse(&c, cfg, sizeof cfg - 1) == 0) {
			if (gs_budgets_eval(&k, &c, &d) == 0) {
				gs_report r = {.d = &d, .checks = &k, .name = "fuzz", .top = 5, .footer_name = "Binary-Size", .color = 1};
				gs_sb sb = {0};
				gs_report_md(&sb, &r);
				gs_report_text(&sb, &r);
				r.ascii = 1, r.width = 41;
				gs_report_text(&sb, &r);
				gs_sb_dispose(&sb);
				json_decref(gs_report_json(&r));
				gs_checks_dispose(&k);
			}
			gs_config_dispose(&c);
		}
		gs_delta_dispose(&d);
	}
	gs_snapshot_dispose(&s);
	return 0;
}
