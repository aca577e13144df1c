/* cmd_check.c - `gosize check [OLD [NEW]]`: a diff (cmd_diff.c) that gates on
 * the budgets: exit 1 when one at or above --fail-on is broken. */
#include <string.h>

#include "cli/cmds.h"
#include "util/err.h"

static const gs_opt opts[] = {
	GS_DIFF_OPTS,
	{"fail-on", 0, "error|warn|never", "exit 1 when a budget at this level or above is broken (default error)"},
	{NULL, 0, NULL, NULL},
};

static int run(const gs_cmd *cmd, const gs_args *a)
{
	const char *failon = gs_opts_get(a, cmd, "fail-on");
	int level = GS_LVL_ERROR;
	if (failon && strcmp(failon, "warn") == 0)
		level = GS_LVL_WARN;
	else if (failon && strcmp(failon, "never") == 0)
		level = GS_FAIL_NEVER;
	else if (failon && strcmp(failon, "error") != 0) {
		gs_fail("%s: --fail-on takes error, warn or never, not \"%s\"", cmd->name, failon);
		return GS_EXIT_ERROR;
	}
	return gs_cmd_diff_run(cmd, a, level);
}

const gs_cmd gs_cmd_check = {
	"check", "[OLD [NEW]]",
	"diff + budgets: exit 1 when a budget at or above --fail-on is broken, unless a\n"
	"commit between OLD and NEW has the override footer (Binary-Size: <reason>).",
	opts, run};
