/* cmd_setup.c - what the commands share: the setup of those that read a
 * repository (working directory, config, operand source), the locale test and
 * count options. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmds.h"
#include "err.h"

int gs_cmd_setup(gs_cmd_env *e, const gs_cmd *cmd, const gs_args *a, int need_git)
{
	if (!getcwd(e->cwd, sizeof e->cwd))
		snprintf(e->cwd, sizeof e->cwd, ".");
	if (gs_config_load(&e->cfg, gs_arg(a, cmd, "config"), e->cwd) < 0)
		return -1;
	const char *mc = gs_arg(a, cmd, "min-change");
	if (mc) {
		gs_limit l;
		if (gs_limit_parse(&l, mc, 0, "--min-change") < 0) {
			gs_config_dispose(&e->cfg);
			return -1;
		}
		e->cfg.min_change = l.bytes;
	}
	if (gs_source_init(&e->src, &e->cfg, gs_arg(a, cmd, "target"), gs_arg(a, cmd, "progress") != NULL, e->cwd) < 0) {
		gs_config_dispose(&e->cfg);
		return -1;
	}
	if (need_git && !e->src.git) {
		gs_cmd_env_dispose(e);
		return gs_fail("%s: %s: not a git repository (or any parent)", cmd->name, e->cwd);
	}
	return 0;
}

void gs_cmd_env_dispose(gs_cmd_env *e)
{
	gs_source_dispose(&e->src);
	gs_config_dispose(&e->cfg);
}

int gs_cmd_utf8_locale(void)
{
	const char *vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
	for (size_t i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strcasestr(v, "utf-8") || strcasestr(v, "utf8");
	}
	return 0;
}

int gs_cmd_parse_count(long *out, const char *s, const char *what)
{
	if (!s)
		return 0;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 0)
		return gs_fail("%s takes a whole number, not \"%s\"", what, s);
	*out = v;
	return 0;
}
