/* budget.c: every kind of budget (max_increase in bytes and %, max_size, new) on
 * a hand-made delta, at and past its limit: status, worst, names and sentences. */
#include "unit.h"

#include "model/budget.h"

static gs_row pkg_rows[] = {
	{.name = "e.org/d", .module = "e.org/d", .old = 0, .new_ = 250, .in_new = 1},
	{.name = "[headers]", .module = "", .old = 200, .new_ = 100, .in_old = 1, .in_new = 1},
	{.name = "[types]", .module = "", .old = 0, .new_ = 40, .in_new = 1},
	{.name = "main", .module = "m", .old = 300, .new_ = 350, .in_old = 1, .in_new = 1},
	{.name = "fmt", .module = "std", .old = 500, .new_ = 500, .in_old = 1, .in_new = 1},
};
static gs_row mod_rows[] = {
	{.name = "e.org/d", .old = 0, .new_ = 250, .in_new = 1},
	{.name = "e.org/x", .old = 0, .new_ = 10, .in_new = 1},
	{.name = "m", .old = 300, .new_ = 350, .in_old = 1, .in_new = 1},
	{.name = "std", .old = 500, .new_ = 500, .in_old = 1, .in_new = 1},
};

static gs_delta delta(void)
{
	gs_delta d;
	memset(&d, 0, sizeof d);
	d.old_total = 1000, d.new_total = 1200;
	d.packages.v = pkg_rows, d.packages.n = sizeof pkg_rows / sizeof *pkg_rows;
	d.modules.v = mod_rows, d.modules.n = sizeof mod_rows / sizeof *mod_rows;
	return d;
}

/* Evaluates the budgets of cfg (JSON) on the delta; 0 or -1. */
static int eval(const char *cfg, gs_checks *k, gs_config *c)
{
	gs_delta d = delta();
	if (gs_config_parse(c, cfg, strlen(cfg)) < 0) {
		CHECK(0, "config: %s", gs_errmsg());
		return -1;
	}
	if (gs_budgets_eval(k, c, &d) < 0) {
		CHECK(0, "eval: %s", gs_errmsg());
		gs_config_dispose(c);
		return -1;
	}
	return 0;
}

static void test_budget_limits(void)
{
	static const struct {
		const char *budget;
		gs_level status;
		const char *name, *text;
	} cases[] = {
		/* total grew by 200 B; when the change and the limit read the same rounded, both get their
		 * exact bytes (also when, under 1 KiB, the rounded form is already exact) */
		{"{\"scope\": \"total\", \"max_increase\": \"200\"}", GS_LVL_PASS, "total max_increase (error)",
		 "grew +200 B, limit +200 B"},
		{"{\"scope\": \"total\", \"max_increase\": \"199\"}", GS_LVL_ERROR, "total max_increase (error)",
		 "grew +200 B, limit +199 B"},
		{"{\"scope\": \"total\", \"max_increase\": \"20%\"}", GS_LVL_PASS, "total max_increase (error)",
		 "grew +20.0% (+200 B), limit +20%"},
		{"{\"scope\": \"total\", \"max_increase\": \"19.9%\", \"level\": \"warn\"}", GS_LVL_WARN,
		 "total max_increase (warn)", "grew +20.0% (+200 B), limit +19.9%"},
		{"{\"scope\": \"total\", \"max_size\": \"1KiB\"}", GS_LVL_ERROR, "total max_size (error)",
		 "size 1.2 KiB, limit 1.0 KiB"},
		{"{\"scope\": \"total\", \"max_size\": \"1200\"}", GS_LVL_PASS, "total max_size (error)", "size 1.2 KiB (1,200 B), limit 1.2 KiB (1,200 B)"},
		/* a glob over packages: main grew 50 */
		{"{\"scope\": \"package:ma*\", \"max_increase\": \"49\", \"name\": \"main pkg\"}", GS_LVL_ERROR, "main pkg",
		 "grew +50 B, limit +49 B"},
		{"{\"scope\": \"package:fmt\", \"max_increase\": \"0\"}", GS_LVL_PASS, "package:fmt max_increase (error)",
		 "unchanged, limit +0 B"},
		/* a new package matched by a % limit: no old size */
		{"{\"scope\": \"package:e.org/*\", \"max_increase\": \"5%\"}", GS_LVL_ERROR,
		 "package:e.org/* max_increase (error)", "new, +250 B, limit +5%"},
		/* new: [buckets] are never new packages */
		{"{\"scope\": \"package:*\", \"new\": \"warn\"}", GS_LVL_WARN, "package:* new (warn)", "new package: e.org/d"},
		{"{\"scope\": \"module:*\", \"new\": \"error\"}", GS_LVL_ERROR, "module:* new (error)", "new modules: e.org/d, e.org/x"},
		{"{\"scope\": \"module:std\", \"new\": \"error\"}", GS_LVL_PASS, "module:std new (error)", "no new module"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char cfg[512];
		snprintf(cfg, sizeof cfg, "{\"budgets\": [%s]}", cases[i].budget);
		gs_config c;
		gs_checks k;
		if (eval(cfg, &k, &c) < 0)
			continue;
		CHECK(k.n == 1, "%s: %zu checks", cases[i].budget, k.n);
		if (k.n == 1) {
			CHECK(k.v[0].status == cases[i].status && k.worst == cases[i].status, "%s: status %d, want %d",
			      cases[i].budget, k.v[0].status, cases[i].status);
			CHECK_STR(k.v[0].name, cases[i].name);
			CHECK_STR(k.v[0].text, cases[i].text);
		}
		gs_checks_dispose(&k);
		gs_config_dispose(&c);
	}
}

static void test_budget_many(void)
{
	/* one budget with three limits gives three checks named by kind; two budgets with the
	 * same default name are numbered; worst is the highest status */
	const char *cfg = "{\"budgets\": ["
	                  "{\"scope\": \"module:*\", \"name\": \"deps\", \"max_increase\": \"1KiB\", \"max_size\": \"100\","
	                  " \"new\": \"warn\", \"level\": \"warn\"},"
	                  "{\"scope\": \"total\", \"max_increase\": \"1%\"},"
	                  "{\"scope\": \"total\", \"max_increase\": \"50%\"}]}";
	gs_config c;
	gs_checks k;
	if (eval(cfg, &k, &c) < 0)
		return;
	CHECK_U64(k.n, 5);
	if (k.n == 5) {
		CHECK_STR(k.v[0].name, "deps (max_increase)");
		CHECK_STR(k.v[1].name, "deps (max_size)");
		CHECK_STR(k.v[2].name, "deps (new)");
		CHECK_STR(k.v[3].name, "total max_increase (error)");
		CHECK_STR(k.v[4].name, "total max_increase (error) #2");
		CHECK(k.v[0].status == GS_LVL_PASS && k.v[1].status == GS_LVL_WARN && k.v[2].status == GS_LVL_WARN &&
		          k.v[3].status == GS_LVL_ERROR && k.v[4].status == GS_LVL_PASS,
		      "statuses %d %d %d %d %d", k.v[0].status, k.v[1].status, k.v[2].status, k.v[3].status, k.v[4].status);
		CHECK(k.worst == GS_LVL_ERROR, "worst is error");
		/* the numbers behind the sentence: modules grew 310 B to 1110 B; two new ones */
		CHECK(k.v[0].delta == 310 && k.v[0].size == 1110 && strcmp(k.v[0].unit, "bytes") == 0 && k.v[0].limit == 1024,
		      "max_increase numbers: delta %lld size %llu limit %g", (long long)k.v[0].delta,
		      (unsigned long long)k.v[0].size, k.v[0].limit);
		CHECK(k.v[2].nadded == 2 && strcmp(k.v[2].added[1], "e.org/x") == 0 && k.v[2].actual == 2 &&
		          strcmp(k.v[2].unit, "count") == 0,
		      "new: the added modules listed");
		CHECK(strcmp(k.v[3].unit, "percent") == 0 && k.v[3].actual == 20.0 && k.v[3].limit == 1.0, "percent numbers");
	}
	gs_checks_dispose(&k);
	gs_config_dispose(&c);
	/* no budgets: no checks, pass */
	if (eval("{}", &k, &c) == 0) {
		CHECK(k.n == 0 && k.worst == GS_LVL_PASS, "no budgets, no checks");
		gs_checks_dispose(&k);
		gs_config_dispose(&c);
	}
}

static void test_budget_no_match(void)
{
	/* a limit on a scope that matches nothing is broken and names the nearest; a forbid
	 * budget (max_size 0) on what is absent passes and reads "absent", and breaks when it appears */
	const char *cfg = "{\"budgets\": ["
	                  "{\"scope\": \"package:e.org/dd*\", \"max_increase\": \"1KiB\", \"level\": \"warn\"},"
	                  "{\"scope\": \"module:e.org/y\", \"max_size\": 0},"
	                  "{\"scope\": \"module:e.org/x\", \"max_size\": 0},"
	                  "{\"scope\": \"package:mian\", \"max_size\": \"1MiB\"},"
	                  "{\"scope\": \"section:.txt\", \"max_size\": \"1MiB\"}]}";
	gs_config c;
	gs_checks k;
	if (eval(cfg, &k, &c) < 0)
		return;
	CHECK_U64(k.n, 5);
	if (k.n == 5) {
		CHECK(k.v[0].status == GS_LVL_WARN && k.v[0].matched == 0, "no match: broken at its level");
		CHECK_STR(k.v[0].text, "matches no package in either snapshot; nearest: e.org/d");
		CHECK(k.v[0].nnearest == 1 && strcmp(k.v[0].nearest[0], "e.org/d") == 0, "nearest listed");
		CHECK(k.v[1].status == GS_LVL_PASS, "forbid budget on an absent module passes");
		CHECK_STR(k.v[1].text, "absent");
		CHECK(k.v[2].status == GS_LVL_ERROR, "forbid budget on a present module breaks");
		CHECK_STR(k.v[2].text, "size 10 B, limit 0 B");
		CHECK_STR(k.v[3].text, "matches no package in either snapshot; nearest: main");
		CHECK(k.v[3].status == GS_LVL_ERROR, "no match with max_size breaks");
		/* no sections in the delta: nothing to suggest */
		CHECK_STR(k.v[4].text, "matches no section in either snapshot");
	}
	gs_checks_dispose(&k);
	gs_config_dispose(&c);
}

static void test_budget_names_distinct(void)
{
	/* 3,000 budgets with one default name, and one named like a numbered default: every
	 * check keeps a distinct name, numbered in order, skipping the taken one */
	gs_sb cfg = {0};
	gs_sb_puts(&cfg, "{\"budgets\": [{\"scope\": \"total\", \"max_size\": \"1MiB\", \"name\": \"total max_increase (error) #3\"}");
	for (int i = 0; i < 3000; i++)
		gs_sb_puts(&cfg, ",{\"scope\": \"total\", \"max_increase\": \"1%\"}");
	gs_sb_puts(&cfg, "]}");
	gs_config c;
	gs_checks k;
	int rc = eval(cfg.s, &k, &c);
	gs_sb_dispose(&cfg);
	if (rc < 0)
		return;
	CHECK_U64(k.n, 3001);
	if (k.n == 3001) {
		CHECK_STR(k.v[1].name, "total max_increase (error)");
		CHECK_STR(k.v[2].name, "total max_increase (error) #2");
		CHECK_STR(k.v[3].name, "total max_increase (error) #4");
		CHECK_STR(k.v[3000].name, "total max_increase (error) #3001");
		size_t dup = 0;
		for (size_t i = 1; i < k.n; i++)
			dup += strcmp(k.v[i].name, k.v[i - 1].name) == 0;
		CHECK_U64(dup, 0);
	}
	gs_checks_dispose(&k);
	gs_config_dispose(&c);
}

void unit_budget(void)
{
	test_budget_limits();
	test_budget_many();
	test_budget_no_match();
	test_budget_names_distinct();
}
