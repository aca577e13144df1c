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
	static const char *const levels[] = {"error", "warn", "never"};
	const char *failon = gs_opts_get(a, cmd, "fail-on");
	int k = failon ? gs_cmd_choice(cmd->name, "--fail-on level", failon, levels, 3) : 0;
	if (k < 0)
		return GS_EXIT_ERROR;
	int level = k == 0 ? GS_LVL_ERROR : k == 1 ? GS_LVL_WARN : GS_FAIL_NEVER;
	return gs_cmd_diff_run(cmd, a, level);
}

const gs_cmd gs_cmd_check = {
	"check", "[OLD [NEW]]",
	"diff + budgets: exit 1 when a budget at or above --fail-on is broken, unless a\n"
	"commit between OLD and NEW has the override footer (Binary-Size: <reason>).",
	opts, run};
