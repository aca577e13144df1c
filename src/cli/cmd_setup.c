/* cmd_setup.c - what the commands share: the setup of those that read a
 * repository (working directory, config, operand source), the locale test and
 * count options. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmds.h"
#include "util/err.h"
#include "shell/io.h"
#include "util/mem.h"
#include "util/sb.h"
#include "util/spell.h"

/* Loads explicit_path (if non-NULL), else the first .gosize.json found walking
 * up from dir, else the defaults; errors are prefixed with the file. (The
 * parsing is the pure gs_config_parse; this is the file edge.) */
static int config_load(gs_config *c, const char *explicit_path, const char *dir)
{
	char path[4200];
	memset(c, 0, sizeof *c);
	if (explicit_path) {
		snprintf(path, sizeof path, "%s", explicit_path);
	} else {
		path[0] = '\0';
		char d[4096];
		snprintf(d, sizeof d, "%s", dir);
		for (;;) {
			snprintf(path, sizeof path, "%s/.gosize.json", d);
			if (access(path, F_OK) == 0)
				break;
			path[0] = '\0';
			char *slash = strrchr(d, '/');
			if (!slash || slash == d)
				break;
			*slash = '\0';
		}
		if (!path[0])
			return gs_config_parse(c, "{}", 2);
	}
	char *text;
	size_t len;
	if (gs_file_read(&text, &len, path) < 0)
		return gs_fail_prefix("%s", path);
	int rc = gs_config_parse(c, text, len);
	free(text);
	if (rc < 0)
		return gs_fail_prefix("%s", path);
	if (!(c->path = gs_strdup(path))) {
		gs_config_dispose(c);
		return -1;
	}
	return 0;
}

int gs_cmd_setup(gs_cmd_env *e, const gs_cmd *cmd, const gs_args *a, int need_git)
{
	if (!getcwd(e->cwd, sizeof e->cwd))
		snprintf(e->cwd, sizeof e->cwd, ".");
	if (config_load(&e->cfg, gs_opts_get(a, cmd, "config"), e->cwd) < 0)
		return -1;
	const char *mc = gs_opts_get(a, cmd, "min-change");
	if (mc) {
		gs_limit l;
		if (gs_limit_parse(&l, mc, 0, "--min-change") < 0) {
			gs_config_dispose(&e->cfg);
			return -1;
		}
		e->cfg.min_change = l.bytes;
	}
	if (gs_source_init(&e->src, &e->cfg, gs_opts_get(a, cmd, "target"), gs_opts_get(a, cmd, "progress") != NULL,
	                   e->cwd) < 0) {
		gs_config_dispose(&e->cfg);
		return -1;
	}
	gs_git *g = NULL;
	if (need_git && (gs_source_git(&g, &e->src) < 0 || !g)) {
		if (!g) /* else the error is set */
			gs_fail("%s: %s: not a git repository (or any parent)", cmd->name, e->cwd);
		gs_cmd_env_dispose(e);
		return -1;
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

int gs_cmd_choice(const char *cmd, const char *what, const char *value, const char *const *choices, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(value, choices[i]) == 0)
			return (int)i;
	gs_sb list = {0};
	for (size_t i = 0; i < n; i++)
		gs_sb_printf(&list, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", choices[i]);
	char hint[128];
	gs_spell_hint(hint, sizeof hint, value, choices, n, "", "");
	gs_fail("%s: unknown %s \"%s\"%s (%s)", cmd, what, value, hint, list.s ? list.s : "");
	gs_sb_dispose(&list);
	return -1;
}

int gs_cmd_no_dump(const char *cmd, const char *fmt, const char *output)
{
	static const struct {
		const char *fmt, *what, *example, *pipe;
	} big[] = {{"json", "JSON", "report.json", " (| jq .)"}, {"html", "an HTML page", "report.html", ""},
	           {"svg", "an SVG picture", "report.svg", ""}};
	if (output || !isatty(STDOUT_FILENO))
		return 0;
	for (size_t i = 0; i < sizeof big / sizeof *big; i++)
		if (strcmp(fmt, big[i].fmt) == 0)
			return gs_fail("%s: not writing %s to a terminal: add -o FILE (e.g. -o %s), or pipe it%s", cmd, big[i].what,
			               big[i].example, big[i].pipe);
	return 0;
}
