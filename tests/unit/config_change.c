/* config_change.c: a pull request's config against its base's: a raised
 * limit, an added and a removed budget, duplicates matched in order, the
 * override policy, the toolchain key, a target's build command; nothing for
 * equal configs. */
#include "unit.h"

#include "model/config_change.h"

static int parse(gs_config *c, const char *json)
{
	int rc = gs_config_parse(c, json, strlen(json));
	CHECK(rc == 0, "parse %s: %s", json, gs_errmsg());
	return rc;
}

void unit_config_change(void)
{
	gs_config a, b;
	const char *base = "{\"targets\": [{\"name\": \"svc\", \"build\": \"go build -o $GOSIZE_OUT .\"}],"
	                   " \"budgets\": [{\"name\": \"growth\", \"scope\": \"total\", \"max_increase\": \"64KiB\"},"
	                   " {\"scope\": \"total\", \"max_increase\": \"1%\", \"level\": \"warn\"},"
	                   " {\"scope\": \"total\", \"max_increase\": \"2%\", \"level\": \"warn\"},"
	                   " {\"scope\": \"module:*\", \"new\": \"warn\"}]}";
	const char *head = "{\"targets\": [{\"name\": \"svc\", \"build\": \"go build -ldflags=-s -o $GOSIZE_OUT .\"}],"
	                   " \"budgets\": [{\"name\": \"growth\", \"scope\": \"total\", \"max_increase\": \"100MiB\"},"
	                   " {\"scope\": \"total\", \"max_increase\": \"1%\", \"level\": \"warn\"},"
	                   " {\"scope\": \"total\", \"max_increase\": \"2%\", \"level\": \"warn\"},"
	                   " {\"scope\": \"section:.text\", \"max_size\": \"1MiB\"}],"
	                   " \"override\": \"none\", \"budgets_include_toolchain\": true}";
	if (parse(&a, base) < 0)
		return;
	if (parse(&b, head) < 0) {
		gs_config_dispose(&a);
		return;
	}
	gs_sb o = {0};
	CHECK_U64(gs_config_budget_changes(&o, &a, &b), 5);
	CHECK_STR(o.s, "growth +64.0 KiB → +100.0 MiB; adds section:.text ≤ 1.0 MiB; removes module:* new: warn; "
	               "override footer → none; budgets_include_toolchain false → true");
	gs_sb_dispose(&o);
	CHECK(gs_config_target_change(&o, &a, &b, "svc") == 1, "the target's build changed");
	CHECK_STR(o.s, "go build -o $GOSIZE_OUT . → go build -ldflags=-s -o $GOSIZE_OUT .");
	gs_sb_dispose(&o);
	CHECK(gs_config_target_change(&o, &a, &b, "other") == 0 && o.len == 0, "no such target on either side");
	CHECK(gs_config_budget_changes(&o, &a, &a) == 0 && o.len == 0, "a config against itself: no change");
	CHECK(gs_config_budget_changes(&o, &b, &b) == 0 && o.len == 0, "the head's against itself: no change");
	gs_config_dispose(&a);
	gs_config_dispose(&b);
	/* a base without budgets: every head budget is added */
	if (parse(&a, "{}") == 0 && parse(&b, "{\"budgets\": [{\"scope\": \"total\", \"max_size\": \"1KiB\"}]}") == 0) {
		CHECK_U64(gs_config_budget_changes(&o, &a, &b), 1);
		CHECK_STR(o.s, "adds total ≤ 1.0 KiB");
		gs_sb_dispose(&o);
		CHECK_U64(gs_config_budget_changes(&o, &b, &a), 1);
		CHECK_STR(o.s, "removes total ≤ 1.0 KiB");
		gs_sb_dispose(&o);
		gs_config_dispose(&a);
		gs_config_dispose(&b);
	}
	/* a scope moved under the same name; a level changed */
	if (parse(&a, "{\"budgets\": [{\"name\": \"n\", \"scope\": \"package:a/*\", \"max_size\": \"1MiB\"}]}") == 0 &&
	    parse(&b, "{\"budgets\": [{\"name\": \"n\", \"scope\": \"package:b/*\", \"max_size\": \"1MiB\", \"level\": \"warn\"}]}") == 0) {
		CHECK_U64(gs_config_budget_changes(&o, &a, &b), 1);
		CHECK_STR(o.s, "n ≤ 1.0 MiB → ≤ 1.0 MiB (warn) (scope package:a/* → package:b/*)");
		gs_sb_dispose(&o);
		gs_config_dispose(&a);
		gs_config_dispose(&b);
	}
}
