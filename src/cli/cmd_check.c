/* cmd_check.c - `gosize check [OLD [NEW]]`: a diff (cmd_diff.c) that gates on
 * the budgets: exit 1 when one at or above --fail-on is broken. */
#include "cmds.h"

static const gs_opt opts[] = {
	GS_DIFF_OPTS,
	{"fail-on", 0, "error|warn|never", "exit 1 when a budget at this level or above is broken (default error)"},
	{NULL, 0, NULL, NULL},
};

static int run(const gs_cmd *cmd, const gs_args *a) { return gs_cmd_diff_run(cmd, a, 1); }

const gs_cmd gs_cmd_check = {
	"check", "[OLD [NEW]]",
	"diff + budgets: exit 1 when a budget at or above --fail-on is broken, unless a\n"
	"commit between OLD and NEW has the override footer (Binary-Size: <reason>).",
	opts, run};
