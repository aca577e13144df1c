/* config.c: strict sizes and levels; every error names its key */
#include "unit.h"

#include "model/config.h"

/* config.c: strict sizes and levels; every error names its key */
static void test_config(void)
{
	static const struct {
		const char *s;
		int pct_ok;
		uint64_t bytes;
	} good[] = {{"16KiB", 0, 16384}, {"10kb", 0, 10000}, {"1.5 MB", 0, 1500000}, {"123", 0, 123}, {"2gib", 0, 2147483648ull},
	            {" 7B", 0, 7}};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		gs_limit l;
		int rc = gs_limit_parse(&l, good[i].s, good[i].pct_ok, "k");
		CHECK(rc == 0 && l.set && !l.is_pct && l.bytes == good[i].bytes, "\"%s\": rc %d, %llu (%s)", good[i].s, rc,
		      (unsigned long long)l.bytes, gs_errmsg());
	}
	gs_limit l;
	CHECK(gs_limit_parse(&l, "1.5%", 1, "k") == 0 && l.is_pct && l.pct == 1.5, "1.5%%");
	static const char *bad[] = {"1e400%", "0x10KB", "inf", "nan", "-5KB", "+5KB", "1e3", "5 parsecs", "", "KB", "1.",
	                            ".5KB", "99999999999999999999", "20GGB", "1e6%", "5%%", "1000000000000GB", "5%"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		int rc = gs_limit_parse(&l, bad[i], i != sizeof bad / sizeof *bad - 1, "budgets[3].max_increase");
		CHECK(rc < 0 && strstr(gs_errmsg(), "budgets[3].max_increase: "), "\"%s\" rejected: rc %d, \"%s\"", bad[i], rc,
		      gs_errmsg());
	}
	static const struct {
		const char *json, *msg;
	} cfgs[] = {
		{"{\"budgets\": [{\"scope\": \"total\", \"max_size\": \"5MB\", \"level\": false}]}", "budgets[0].level: expected"},
		{"{\"budgets\": [{\"scope\": \"total\", \"max_size\": \"5MB\", \"level\": true}]}", "budgets[0].level: expected"},
		{"{\"budgets\": [{\"scope\": \"module:*\", \"new\": false}]}", "budgets[0].new: expected"},
		{"{\"budgets\": [{\"scope\": \"total\", \"max_increase\": \"1e400%\"}]}", "budgets[0].max_increase: "},
		{"{\"budgets\": [{\"scope\": \"total\", \"max_size\": -1}]}", "budgets[0].max_size: a size cannot be negative"},
		{"{\"min_change\": \"0x10KB\"}", "min_change: "},
		{"{\"override_footer\": \"a`b\"}", "override_footer: "},
	};
	for (size_t i = 0; i < sizeof cfgs / sizeof *cfgs; i++) {
		gs_config c;
		int rc = gs_config_parse(&c, cfgs[i].json, strlen(cfgs[i].json));
		CHECK(rc < 0 && strstr(gs_errmsg(), cfgs[i].msg), "config %zu: rc %d, \"%s\"", i, rc, gs_errmsg());
		if (rc == 0)
			gs_config_dispose(&c);
	}
	gs_config c;
	const char *ok = "{\"budgets\": [{\"scope\": \"total\", \"max_increase\": \"10kb\", \"level\": \"warn\"}]}";
	CHECK(gs_config_parse(&c, ok, strlen(ok)) == 0 && c.nbudgets == 1 && c.budgets[0].level == GS_LVL_WARN &&
	          c.budgets[0].max_increase.bytes == 10000,
	      "warn budget of 10kb: %s", gs_errmsg());
	gs_config_dispose(&c);
}

/* a whole config: every key read; and each mistake's message names where it is */
static void test_config_keys(void)
{
	const char *text = "{\"targets\": [{\"name\": \"cli\", \"build\": \"./cmd/cli\"}, {\"name\": \"srv\", \"build\": \".\"}],"
	                   " \"budgets\": [{\"name\": \"deps\", \"scope\": \"module:github.com/*\", \"new\": \"warn\"},"
	                   " {\"scope\": \"section:.text\", \"max_size\": \"2 MiB\", \"level\": \"warn\"},"
	                   " {\"scope\": \"package:[[]x]\", \"max_increase\": \"1%\"}],"
	                   " \"min_change\": \"1KB\", \"override_footer\": \"Binary-Size\", \"top\": 25}";
	gs_config c;
	int rc = gs_config_parse(&c, text, strlen(text));
	CHECK(rc == 0, "full config: %s", gs_errmsg());
	if (rc == 0) {
		CHECK(c.ntargets == 2 && strcmp(c.targets[1].name, "srv") == 0 && strcmp(c.targets[0].build, "./cmd/cli") == 0,
		      "targets");
		CHECK_U64(c.nbudgets, 3);
		CHECK(c.budgets[0].scope == GS_SCOPE_MODULE && strcmp(c.budgets[0].glob, "github.com/*") == 0 &&
		          c.budgets[0].new_level == GS_LVL_WARN && strcmp(c.budgets[0].name, "deps") == 0 &&
		          !c.budgets[0].max_size.set,
		      "module budget");
		CHECK(c.budgets[1].scope == GS_SCOPE_SECTION && c.budgets[1].max_size.bytes == 2097152 &&
		          c.budgets[1].level == GS_LVL_WARN && c.budgets[1].name == NULL,
		      "section budget");
		CHECK(c.budgets[2].scope == GS_SCOPE_PACKAGE && c.budgets[2].max_increase.is_pct &&
		          c.budgets[2].level == GS_LVL_ERROR,
		      "package budget, level error by default");
		CHECK(c.min_change == 1000 && c.top == 25 && strcmp(c.override_footer, "Binary-Size") == 0, "min_change, top, footer");
		gs_config_dispose(&c);
	}
	CHECK(gs_config_parse(&c, "{}", 2) == 0 && c.nbudgets == 0 && c.ntargets == 0 && c.top == 0 &&
	          c.override == GS_OVERRIDE_FOOTER && strcmp(c.override_label, "binary-size-ok") == 0 &&
	          !c.budgets_include_toolchain,
	      "empty config: the defaults");
	gs_config_dispose(&c);
	const char *pol = "{\"override\": \"label\", \"override_label\": \"size: accepted\", \"budgets_include_toolchain\": true}";
	CHECK(gs_config_parse(&c, pol, strlen(pol)) == 0 && c.override == GS_OVERRIDE_LABEL &&
	          strcmp(c.override_label, "size: accepted") == 0 && c.budgets_include_toolchain &&
	          strcmp(gs_override_name(c.override), "label") == 0,
	      "override policy keys: %s", gs_errmsg());
	gs_config_dispose(&c);
	CHECK(gs_config_parse(&c, "{\"override\": \"none\"}", strlen("{\"override\": \"none\"}")) == 0 && c.override == GS_OVERRIDE_NONE, "override none");
	gs_config_dispose(&c);

	static const struct {
		const char *json, *msg;
	} bad[] = {
		{"[]", "expected a JSON object"},
		{"{\"budget\": []}", "budget: unknown key (targets, budgets, min_change, override, override_footer, "
		                      "override_label, budgets_include_toolchain, top)"},
		{"{\"override\": \"reviewers\"}", "override: expected \"footer\", \"label\" or \"none\""},
		{"{\"override\": 1}", "override: expected"},
		{"{\"override_label\": \"a\\nb\"}", "override_label: expected a label name"},
		{"{\"override_label\": \"\"}", "override_label: expected a label name"},
		{"{\"budgets_include_toolchain\": \"yes\"}", "budgets_include_toolchain: expected true or false"},
		{"{\"budgets\": {}}", "budgets: expected an array"},
		{"{\"targets\": \"x\"}", "targets: expected an array"},
		{"{\"targets\": [{\"name\": \"a\"}]}", "targets[0]: expected {\"name\": \"...\", \"build\": \"...\"}"},
		{"{\"targets\": [{\"name\": \"a\", \"build\": \".\", \"x\": 1}]}", "targets[0]: expected"},
		{"{\"targets\": [{\"name\": \"a\", \"build\": \".\"}, {\"name\": \"a\", \"build\": \"b\"}]}",
		 "targets[1]: duplicate name \"a\""},
		{"{\"budgets\": [7]}", "budgets[0]: expected an object"},
		{"{\"budgets\": [{\"max_size\": \"1MB\"}]}", "budgets[0]: \"scope\" is missing"},
		{"{\"budgets\": [{\"scope\": \"total\"}]}", "budgets[0]: no limit (max_increase, max_size or new)"},
		{"{\"budgets\": [{\"scope\": \"total\", \"max_size\": \"1MB\", \"colour\": 1}]}",
		 "budgets[0].colour: unknown key (name, scope, max_increase, max_size, new, level)"},
		{"{\"budgets\": [{\"scope\": 5, \"max_size\": \"1MB\"}]}", "budgets[0].scope: expected a string"},
		{"{\"budgets\": [{\"scope\": \"pkg:x\", \"max_size\": \"1MB\"}]}", "budgets[0].scope: unknown scope \"pkg:x\""},
		{"{\"budgets\": [{\"scope\": \"package:[x\", \"max_size\": \"1MB\"}]}", "budgets[0].scope: bad glob \"[x\""},
		{"{\"budgets\": [{\"scope\": \"module:\", \"max_size\": \"1MB\"}]}", "budgets[0].scope: bad glob \"\""},
		{"{\"budgets\": [{\"scope\": \"total\", \"new\": \"warn\"}]}", "budgets[0].new: only package: and module: scopes"},
		{"{\"budgets\": [{\"scope\": \"total\", \"max_size\": \"1MB\", \"name\": \"\"}]}", "budgets[0].name: expected a non-empty string"},
		{"{\"budgets\": [{\"scope\": \"total\", \"max_size\": \"1%\"}]}", "budgets[0].max_size: \"1%\" is a percentage; this takes a size (B, KB, KiB, MB, MiB, GB or GiB)"},
		{"{\"budgets\": [{\"scope\": \"total\", \"max_size\": \"1MB\"}, {\"scope\": \"total\", \"max_size\": true}]}",
		 "budgets[1].max_size: expected a size string like \"16KiB\""},
		{"{\"budgets\": [{\"scope\": \"total\", \"max_size\": \"1MB\", \"level\": \"fatal\"}]}",
		 "budgets[0].level: expected \"warn\" or \"error\""},
		{"{\"top\": 0}", "top: expected a whole number from 1 to 10000"},
		{"{\"top\": 10001}", "top: expected a whole number from 1 to 10000"},
		{"{\"top\": \"5\"}", "top: expected a whole number"},
		{"{\"min_change\": \"10QB\"}", "min_change: bad unit \"QB\" in \"10QB\" (B, KB, KiB, MB, MiB, GB or GiB)"},
		{"{\"budgets\": [{\"scope\": \"total\", \"max_increase\": \"10QB\"}]}",
		 "budgets[0].max_increase: bad unit \"QB\" in \"10QB\" (B, KB, KiB, MB, MiB, GB, GiB or %)"},
		{"{\"min_change\": \"x\"}", "min_change: \"x\" is not a size (a number and a unit: B, KB, KiB, MB, MiB, GB or GiB; e.g. 16KiB, 1.5MB)"},
		{"{\"min_change\": \"1%\"}", "min_change: \"1%\" is a percentage; this takes a size (B, KB, KiB, MB, MiB, GB or GiB)"},
		{"{\"override_footer\": \"\"}", "override_footer: expected a trailer name"},
		{"{\"top\": 5", "not valid JSON"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		unit_err_mark();
		rc = gs_config_parse(&c, bad[i].json, strlen(bad[i].json));
		CHECK(rc < 0 && strstr(gs_errmsg(), bad[i].msg), "config \"%s\": rc %d, \"%s\"", bad[i].json, rc, gs_errmsg());
		if (rc == 0)
			gs_config_dispose(&c);
	}
}

void unit_config(void)
{
	test_config();
	test_config_keys();
}
