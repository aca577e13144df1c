/* cmd_diff.c - `gosize diff [OLD [NEW]]`: compare two snapshots (also the body of `gosize check`, cmd_check.c). */
#include <stdlib.h>
#include <sys/ioctl.h>
#include <string.h>
#include <unistd.h>

#include "model/budget.h"
#include "cli/cmds.h"
#include "model/config.h"
#include "model/diff.h"
#include "util/err.h"
#include "shell/io.h"
#include "report/report.h"
#include "app/source.h"

static const gs_opt diff_opts[] = {GS_DIFF_OPTS, {NULL, 0, NULL, NULL}};
/* Columns of the terminal on stdout, else $COLUMNS, else 80. */
static int text_width(void)
{
	struct winsize ws;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		return ws.ws_col;
	const char *c = getenv("COLUMNS");
	long v = c ? strtol(c, NULL, 10) : 0;
	return v >= 40 && v <= 1000 ? (int)v : 80;
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s && s[1] ? s + 1 : p;
}

/* The report rendered as f (a malloc'd string), or NULL with the error set. */
static char *render(const gs_report *rep, gs_format f)
{
	gs_sb sb = {0};
	char *text = gs_report_render(&sb, rep, f) == 0 ? gs_sb_take(&sb) : NULL;
	gs_sb_dispose(&sb);
	return text;
}

int gs_cmd_diff_run(const gs_cmd *cmd, const gs_args *a, int fail_level)
{
	if (a->npos > 2) {
		gs_fail("%s: expected at most OLD and NEW", cmd->name);
		return GS_EXIT_ERROR;
	}
	const char *fmt_name = gs_opts_get(a, cmd, "format");
	int fmt = fmt_name ? gs_format_parse(fmt_name, 0)
	                   : isatty(STDOUT_FILENO) && !gs_opts_get(a, cmd, "output") ? GS_FORMAT_TEXT : GS_FORMAT_MD;
	if (fmt < 0) {
		gs_fail("%s: unknown format \"%s\" (md, text, json, csv, html or svg)", cmd->name, fmt_name);
		return GS_EXIT_ERROR;
	}
	long top = 0;
	if (gs_cmd_parse_count(&top, gs_opts_get(a, cmd, "top"), "--top") < 0)
		return GS_EXIT_ERROR;
	gs_cmd_env env;
	if (gs_cmd_setup(&env, cmd, a, 0) < 0)
		return GS_EXIT_ERROR;
	const gs_config *cfg = &env.cfg;
	gs_source *src = &env.src;
	int rc = GS_EXIT_ERROR;
	gs_snapshot old, new_;
	gs_delta d;
	gs_checks checks;
	gs_commit oldc, newc;
	gs_report rep = {0};
	char *text = NULL, *reason = NULL;
	memset(&old, 0, sizeof old);
	memset(&new_, 0, sizeof new_);
	memset(&d, 0, sizeof d);
	memset(&checks, 0, sizeof checks);
	memset(&oldc, 0, sizeof oldc);
	memset(&newc, 0, sizeof newc);
	const char *base = gs_opts_get(a, cmd, "base");
	if (base && a->npos > 1) {
		gs_fail("%s: --base names OLD already: give at most NEW", cmd->name);
		goto out;
	}
	/* with --base, a single operand is NEW */
	const char *old_arg = base ? NULL : a->npos ? a->pos[0] : "HEAD~1";
	const char *new_arg = base ? (a->npos ? a->pos[0] : NULL) : a->npos == 2 ? a->pos[1] : NULL;
	gs_git *git = NULL;
	if (!(old_arg && new_arg) && (gs_source_git(&git, src) < 0 || !git)) { /* a revision or the working tree */
		if (!git) /* else the error is set */
			gs_fail("%s: not in a git repository: name OLD and NEW (snapshot files or binaries)", cmd->name);
		goto out;
	}
	if (base) {
		if (gs_git_merge_base(&oldc, git, base) < 0 || gs_source_revision(&old, src, &oldc, base) < 0)
			goto out;
	} else if (gs_source_load(&old, &oldc, src, old_arg) < 0) {
		goto out;
	}
	if (new_arg ? gs_source_load(&new_, &newc, src, new_arg) < 0 : gs_source_worktree(&new_, src) < 0)
		goto out;
	/* a reviewed growth: a footer in the commits between OLD and NEW (OLD a
	 * revision: the repository is open) */
	if (oldc.sha[0] && src->git) {
		gs_commit head;
		memset(&head, 0, sizeof head);
		if (!newc.sha[0] && gs_git_resolve(&head, src->git, "HEAD") < 0)
			goto out;
		int fr = gs_git_find_trailer(&reason, src->git, oldc.sha, newc.sha[0] ? newc.sha : head.sha, cfg->override_footer);
		gs_commit_dispose(&head);
		if (fr < 0)
			goto out;
	}
	if (gs_diff(&d, &old, &new_) < 0 || gs_budgets_eval(&checks, cfg, &d) < 0)
		goto out;
	const char *name = gs_opts_get(a, cmd, "name");
	if (name && gs_config_name_check("--name", name) < 0)
		goto out;
	if (!name)
		name = cfg->ntargets ? src->target->name : new_.bi.path ? new_.bi.path : base_name(new_.path);
	const char *out = gs_opts_get(a, cmd, "output");
	rep = (gs_report){
		.d = &d,
		.checks = &checks,
		.name = name,
		.min_change = cfg->min_change,
		.top = (int)(top ? top : cfg->top ? cfg->top : 10),
		.override = reason,
		.footer_name = cfg->override_footer,
		.color = fmt == GS_FORMAT_TEXT && isatty(STDOUT_FILENO) && !out && !getenv("NO_COLOR"),
		.ascii = !gs_cmd_utf8_locale(),
		.width = text_width(),
	};
	if (gs_report_build(&rep) < 0)
		goto out;
	/* the report, and the extra renderings of the same run from the same model
	 * (the Action writes its job-log table, comment and outputs from one gate
	 * run): every rendering first, then the files, and an error removes those
	 * written */
	text = render(&rep, (gs_format)fmt);
	struct {
		const char *opt;
		gs_format fmt;
		const char *path;
		char *text;
	} extra[] = {{"md-output", GS_FORMAT_MD, NULL, NULL}, {"json-output", GS_FORMAT_JSON, NULL, NULL},
	             {"html-output", GS_FORMAT_HTML, NULL, NULL}};
	size_t nx = sizeof extra / sizeof extra[0], written = 0;
	int bad = !text;
	for (size_t i = 0; i < nx && !bad; i++)
		if ((extra[i].path = gs_opts_get(a, cmd, extra[i].opt)) && !(extra[i].text = render(&rep, extra[i].fmt)))
			bad = 1;
	for (size_t i = 0; i < nx && !bad; i++) {
		if (!extra[i].path)
			continue;
		if (gs_file_write_atomic(extra[i].path, extra[i].text, strlen(extra[i].text)) < 0)
			bad = 1;
		else
			written = i + 1;
	}
	if (!bad && gs_file_write_atomic(out ? out : "-", text, strlen(text)) < 0)
		bad = 1;
	for (size_t i = 0; i < nx; i++) {
		if (bad && i < written && extra[i].path)
			unlink(extra[i].path);
		free(extra[i].text);
	}
	if (bad)
		goto out;
	rc = (int)checks.worst >= fail_level && !rep.override ? GS_EXIT_BUDGET : GS_EXIT_OK;
out:
	free(text);
	free(reason);
	gs_report_dispose(&rep);
	gs_commit_dispose(&oldc);
	gs_commit_dispose(&newc);
	gs_checks_dispose(&checks);
	gs_delta_dispose(&d);
	gs_snapshot_dispose(&old);
	gs_snapshot_dispose(&new_);
	gs_cmd_env_dispose(&env);
	return rc;
}

static int run(const gs_cmd *cmd, const gs_args *a) { return gs_cmd_diff_run(cmd, a, GS_FAIL_NEVER); }

const gs_cmd gs_cmd_diff = {
	"diff", "[OLD [NEW]]",
	"Compare two snapshots: total, sections, packages, modules and symbols, with the\n"
	"config's budget checks. OLD and NEW are snapshot JSON files, Go binaries or git\n"
	"revisions (from a note in refs/notes/gosize, the local cache, or built in a\n"
	"temporary directory); NEW defaults to the working tree, OLD to HEAD~1 (or the\n"
	"merge base with --base, when a single operand is NEW). Exits 0 unless an error.",
	diff_opts, run};
