/* report.c: the report model every renderer shares, on hand-made rows,
 * checks and snapshots: the status (pass, warn, error, overridden), which
 * rows are shown, what the hidden ones add up to, when the savings are
 * worth showing and their one line. */
#include "unit.h"

#include "report/report.h"

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

void unit_report(void)
{
	test_report_status();
	test_report_row_shown();
	test_report_hidden();
	test_report_savings();
}
