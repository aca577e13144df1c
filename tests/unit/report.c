/* report.c: the report model every renderer shares, on hand-made rows,
 * checks and snapshots: the status (pass, warn, error, overridden), which
 * rows are shown, what the hidden ones add up to, when the savings are
 * worth showing and their one line; a diff run writing four formats
 * computes the why once, and every format shows it. */
#include "unit.h"

#include <unistd.h>

#include "cli/cmds.h"
#include "shell/io.h"
#include "report/report.h"
#include "model/snapshot_json.h"

#define N(a) (sizeof a / sizeof *a)

static void test_report_status(void)
{
	gs_checks k = {0};
	gs_report r = {0};
	CHECK_STR(gs_report_status(&r), "pass"); /* no budgets */
	r.checks = &k;
	CHECK_STR(gs_report_status(&r), "pass");
	k.worst = GS_LVL_WARN;
	CHECK_STR(gs_report_status(&r), "warn");
	k.worst = GS_LVL_ERROR;
	CHECK_STR(gs_report_status(&r), "error");
	r.override = "reviewed: the new parser";
	CHECK_STR(gs_report_status(&r), "overridden");
	k.worst = GS_LVL_WARN;
	CHECK_STR(gs_report_status(&r), "overridden");
	k.worst = GS_LVL_PASS; /* nothing broken: an override changes nothing */
	CHECK_STR(gs_report_status(&r), "pass");
	r.checks = NULL;
	CHECK_STR(gs_report_status(&r), "pass");
}

static void test_report_row_shown(void)
{
	gs_report r = {0};
	gs_row grew = {.old = 1000, .new_ = 1100, .in_old = 1, .in_new = 1};
	gs_row shrank = {.old = 1000, .new_ = 850, .in_old = 1, .in_new = 1};
	gs_row same = {.old = 1000, .new_ = 1000, .in_old = 1, .in_new = 1};
	gs_row empty_new = {.old = 0, .new_ = 0, .in_old = 0, .in_new = 1};
	gs_row just_under = {.old = 1000, .new_ = 1099, .in_old = 1, .in_new = 1};
	CHECK(gs_report_row_shown(&r, &grew), "+100 shown with no minimum");
	CHECK(!gs_report_row_shown(&r, &same), "an unchanged row is not shown");
	CHECK(gs_report_row_shown(&r, &empty_new), "a new empty row changed by appearing");
	r.min_change = 100;
	CHECK(gs_report_row_shown(&r, &grew), "+100 shown at a minimum of 100");
	CHECK(!gs_report_row_shown(&r, &just_under), "+99 hidden at a minimum of 100");
	CHECK(gs_report_row_shown(&r, &shrank), "-150 shown at a minimum of 100 (the size of the change)");
	CHECK(!gs_report_row_shown(&r, &empty_new), "a new empty row is below a minimum of 100");
	r.min_change = 151;
	CHECK(!gs_report_row_shown(&r, &shrank), "-150 hidden at a minimum of 151");
}

static void test_report_hidden(void)
{
	gs_row v[] = {
		{.name = "a", .old = 0, .new_ = 500, .in_old = 0, .in_new = 1},      /* +500, new */
		{.name = "b", .old = 1000, .new_ = 1300, .in_old = 1, .in_new = 1},  /* +300 */
		{.name = "c", .old = 700, .new_ = 500, .in_old = 1, .in_new = 1},    /* -200: shown, past top */
		{.name = "d", .old = 400, .new_ = 400, .in_old = 1, .in_new = 1},    /* unchanged: in no count */
		{.name = "e", .old = 60, .new_ = 110, .in_old = 1, .in_new = 1},     /* +50: under min_change */
		{.name = "f", .old = 0, .new_ = 0, .in_old = 0, .in_new = 1},        /* new and empty */
		{.name = "g", .old = 30, .new_ = 0, .in_old = 1, .in_new = 0},       /* -30, removed */
	};
	gs_rows rows = {v, N(v), N(v)};
	gs_report r = {.min_change = 100, .top = 2};
	gs_hidden h = gs_report_hidden(&r, &rows);
	CHECK_U64(h.listed, 2);
	CHECK_U64(h.n, 4); /* c, e, f, g */
	CHECK_U64(h.old, 700 + 60 + 0 + 30);
	CHECK_U64(h.new_, 500 + 110 + 0 + 0);
	/* listed + hidden add up to every changed row's sizes */
	uint64_t old = 0, new_ = 0;
	for (size_t i = 0; i < 2; i++)
		old += v[i].old, new_ += v[i].new_;
	CHECK(old + h.old == 1790 && new_ + h.new_ == 2410, "listed + hidden = the changed rows (%llu, %llu)",
	      (unsigned long long)(old + h.old), (unsigned long long)(new_ + h.new_));
	r.top = 10, r.min_change = 0; /* every changed row listed */
	h = gs_report_hidden(&r, &rows);
	CHECK(h.listed == 6 && h.n == 0 && h.old == 0 && h.new_ == 0, "top 10, no minimum: 6 listed, none hidden (%zu, %zu)",
	      h.listed, h.n);
	r.top = 0; /* a table of no rows: every changed row in the "… more" row */
	h = gs_report_hidden(&r, &rows);
	CHECK(h.listed == 0 && h.n == 6 && h.old == 1790 && h.new_ == 2410, "top 0: all 6 changed rows hidden (%zu, %llu, %llu)",
	      h.n, (unsigned long long)h.old, (unsigned long long)h.new_);
	r.top = -1;
	CHECK_U64(gs_report_hidden(&r, &rows).listed, 0);
}

static void test_report_savings(void)
{
	gs_snapshot o, n;
	memset(&o, 0, sizeof o);
	memset(&n, 0, sizeof n);
	gs_delta d = {.old = &o, .new_ = &n};
	gs_checks k = {0};
	gs_report r = {.d = &d};
	CHECK(!gs_report_savings_shown(&r), "no savings: nothing to show");
	n.save_s = 1000;
	CHECK(gs_report_savings_shown(&r), "-s saving appeared");
	o.save_s = 1000;
	CHECK(!gs_report_savings_shown(&r), "the same savings on both sides: not on every pull request");
	n.save_s = 1100;
	CHECK(!gs_report_savings_shown(&r), "moved by 10%%: not worth it");
	n.save_s = 1101;
	CHECK(gs_report_savings_shown(&r), "moved by over 10%%");
	n.save_s = 1000, n.save_w = 500, o.save_w = 500, n.save_trimpath = 80, o.save_trimpath = 0;
	CHECK(gs_report_savings_shown(&r), "-trimpath estimate appeared");
	o.save_trimpath = 80, o.save_w = 0;
	CHECK(gs_report_savings_shown(&r), "-w saving appeared");
	o.save_w = 500;
	CHECK(!gs_report_savings_shown(&r), "all equal again");
	r.checks = &k;
	CHECK(!gs_report_savings_shown(&r), "budgets that pass");
	k.worst = GS_LVL_WARN;
	CHECK(gs_report_savings_shown(&r), "a broken budget shows them");
	n.save_s = n.save_w = n.save_trimpath = 0;
	CHECK(!gs_report_savings_shown(&r), "a broken budget, but nothing to save in NEW");

	gs_sb b = {0};
	gs_snapshot s;
	memset(&s, 0, sizeof s);
	gs_report_savings_line(&b, &s);
	CHECK_U64(b.len, 0);
	s.save_s = 2048, s.save_w = 262144;
	gs_report_savings_line(&b, &s);
	char *t = gs_sb_take(&b);
	CHECK_STR(t, " -ldflags=-s would save 2.0 KiB, -ldflags=-w 256.0 KiB");
	free(t);
	s.save_trimpath = 999;
	gs_report_savings_line(&b, &s);
	t = gs_sb_take(&b);
	CHECK_STR(t, " -ldflags=-s would save 2.0 KiB, -ldflags=-w 256.0 KiB, -trimpath about 999 B (shorter file names; estimate)");
	free(t);
	s.save_s = s.save_w = 0;
	gs_report_savings_line(&b, &s);
	t = gs_sb_take(&b);
	CHECK_STR(t, " -trimpath about 999 B (shorter file names; estimate)");
	free(t);
	s.save_trimpath = 0, s.save_w = 1536;
	gs_report_savings_line(&b, &s);
	t = gs_sb_take(&b);
	CHECK_STR(t, " -ldflags=-w 1.5 KiB");
	free(t);
}

/* unit_snap3 (snapshot_json.c) with main importing only fmt: OLD */
static char *old_text(void)
{
	gs_sb b = {0};
	const char *at = strstr(unit_snap3, "\"m\":[\"fmt\",\"e.org/d\"]");
	if (!at)
		return NULL;
	gs_sb_putn(&b, unit_snap3, (size_t)(at - unit_snap3));
	gs_sb_puts(&b, "\"m\":[\"fmt\"]");
	gs_sb_puts(&b, at + strlen("\"m\":[\"fmt\",\"e.org/d\"]"));
	return gs_sb_take(&b);
}

/* NEW: main imports e.org/d, a new package of 30 bytes in a new module. */
static const char new_text[] =
	"{\"schema\":3,\"tool\":\"gosize test\",\n"
	"\"binary\":{\"path\":\"y\",\"size\":100,\"format\":\"elf\",\"arch\":\"amd64\",\"ptr_size\":8,\"endian\":\"little\",\"pie\":false,\"stripped\":false,\"dwarf\":false,\"sha256\":\"00\"},\n"
	"\"go\":{\"version\":\"go1.22.0\",\"path\":\"m\",\"main\":{\"path\":\"m\",\"version\":\"(devel)\",\"sum\":\"\",\"replace\":null},\"savings\":{\"ldflags_w\":0,\"ldflags_s\":0,\"trimpath_estimate\":0},\n"
	"\"deps\":[{\"path\":\"e.org/d\",\"version\":\"v1.0.0\",\"sum\":\"h1:x\",\"replace\":null}],\n"
	"\"settings\":{},\"pclntab\":{\"magic\":\"0xfffffff1\",\"layout\":\"1.20+\",\"functions\":3}},\n"
	"\"sections\":[{\"name\":\".text\",\"kind\":\"text\",\"file_offset\":0,\"file_size\":100,\"vm_addr\":4096,\"vm_size\":100,\"compressed\":false,\"unattributed\":10}],\n"
	"\"packages\":[{\"name\":\"main\",\"module\":\"m\",\"size\":60,\"bss\":0,\"functions\":2,\"sizes\":{\"code\":40,\"pclntab\":10,\"data\":10}},\n"
	"{\"name\":\"e.org/d\",\"module\":\"e.org/d\",\"size\":30,\"bss\":0,\"functions\":1,\"sizes\":{\"code\":30}}],\n"
	"\"modules\":[{\"path\":\"m\",\"version\":\"(devel)\",\"size\":60,\"packages\":1},{\"path\":\"e.org/d\",\"version\":\"v1.0.0\",\"size\":30,\"packages\":1}],\n"
	"\"unattributed\":[{\"section\":\".text\",\"size\":10}],\n"
	"\"symbols_total\":0,\"symbols\":{},\n"
	"\"imports\":{\"root\":\"m\",\"packages\":{\"e.org/d\":[\"fmt\"],\"fmt\":[],\"m\":[\"fmt\",\"e.org/d\"]}},\n"
	"\"totals\":{\"file\":100,\"attributed\":90,\"unattributed\":10}}\n";

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	gs_sb b = {0};
	char buf[4096];
	size_t n;
	while (f && (n = fread(buf, 1, sizeof buf, f)) > 0)
		gs_sb_putn(&b, buf, n);
	if (f)
		fclose(f);
	return gs_sb_take(&b);
}

/* `gosize diff OLD NEW --format text -o F --md-output F --json-output F
 * --html-output F`, run in this process: the why (gs_why_new) is computed
 * once for the four renderings, and each of them shows it. */
static void test_report_why_once_per_run(void)
{
	char dir[] = "/tmp/gosize-unit-XXXXXX";
	if (!mkdtemp(dir)) {
		CHECK(0, "mkdtemp");
		return;
	}
	static const char *names[] = {"old.json", "new.json", "cfg.json", "out.txt", "out.md", "out.json", "out.html"};
	char path[7][64];
	for (size_t i = 0; i < 7; i++)
		snprintf(path[i], sizeof path[i], "%s/%s", dir, names[i]);
	char *old = old_text();
	int ok = old && gs_file_write_atomic(path[0], old, strlen(old)) == 0 &&
	         gs_file_write_atomic(path[1], new_text, sizeof new_text - 1) == 0 && gs_file_write_atomic(path[2], "{}", 2) == 0;
	free(old);
	CHECK(ok, "inputs written: %s", gs_errmsg());
	char *argv[] = {path[0], path[1], "--format", "text", "-o", path[3], "--md-output", path[4], "--json-output", path[5],
	                "--html-output", path[6], "--config", path[2]};
	gs_args a;
	size_t before = gs_why_new_runs();
	int rc = ok && gs_opts_parse(&a, &gs_cmd_diff, (int)N(argv), argv) == 0 ? gs_cmd_diff.run(&gs_cmd_diff, &a) : -1;
	CHECK(rc == 0, "diff runs: %d %s", rc, gs_errmsg());
	CHECK_U64(gs_why_new_runs() - before, 1);
	static const char *want[] = {"new import e.org/d brings 30 B in 1 package: main", /* then → or -> by locale */
	                             "| e.org/d | 30 B in 1 package | main → e.org/d |",
	                             "\"package\": \"e.org/d\"", "\"package\":\"e.org/d\",\"weight\":30"};
	for (size_t i = 0; i < 4; i++) {
		char *t = slurp(path[3 + i]);
		CHECK(t && strstr(t, want[i]), "%s shows the why (%s): %.400s", names[3 + i], want[i], nn(t));
		free(t);
	}
	for (size_t i = 0; i < 7; i++)
		unlink(path[i]);
	rmdir(dir);
}

void unit_report(void)
{
	test_report_status();
	test_report_row_shown();
	test_report_hidden();
	test_report_savings();
	test_report_why_once_per_run();
}
