/* spell.c: did-you-mean */
#include "unit.h"

#include "util/spell.h"

static void test_spell(void)
{
	const char *opts[] = {"format", "output", "md-output", "json-output", "html-output", "config", "base", "target", "name",
	                      "top", "min-change", "progress"};
	size_t n = sizeof opts / sizeof *opts;
	CHECK_STR(gs_spell_nearest("fromat", opts, n), "format");   /* a swap */
	CHECK_STR(gs_spell_nearest("fomat", opts, n), "format");    /* a deletion */
	CHECK_STR(gs_spell_nearest("outptu", opts, n), "output");
	CHECK_STR(gs_spell_nearest("min-chnage", opts, n), "min-change");
	CHECK_STR(gs_spell_nearest("mincange", opts, n), "min-change"); /* two edits in 8 */
	CHECK_STR(gs_spell_nearest("Format", opts, n), "format");   /* case */
	CHECK_STR(gs_spell_nearest("prog", opts, n), "progress");   /* the one it starts */
	CHECK(gs_spell_nearest("zzz", opts, n) == NULL, "nothing near zzz");
	CHECK(gs_spell_nearest("verbose", opts, n) == NULL, "nothing near verbose");
	CHECK(gs_spell_nearest("format", opts, n) == NULL, "the word itself is no suggestion");
	const char *revs[] = {"main", "origin/main", "v1.0.0", "feature/x"};
	CHECK_STR(gs_spell_nearest("mian", revs, 4), "main");
	CHECK_STR(gs_spell_nearest("orgin/main", revs, 4), "origin/main");
	CHECK_STR(gs_spell_nearest("v1.0", revs, 4), "v1.0.0");
	CHECK(gs_spell_nearest("HEAD~3", revs, 4) == NULL, "nothing near HEAD~3");
	const char *cmds[] = {"snapshot", "diff", "check", "record", "log", "why"};
	CHECK_STR(gs_spell_nearest("snapsot", cmds, 6), "snapshot");
	CHECK_STR(gs_spell_nearest("dif", cmds, 6), "diff");
	CHECK_STR(gs_spell_nearest("chekc", cmds, 6), "check");
	CHECK(gs_spell_nearest("l", cmds, 6) == NULL, "one letter suggests nothing"); /* log and... too short */
	char longw[200];
	memset(longw, 'a', sizeof longw - 1);
	longw[sizeof longw - 1] = 0;
	const char *lc[] = {longw};
	CHECK(gs_spell_nearest("aaab", lc, 1) == NULL, "a candidate too long to measure is none");
}

void unit_spell(void) { test_spell(); }
