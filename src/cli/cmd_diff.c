/* cmd_diff.c - `gosize diff [OLD [NEW]]`: compare two snapshots (also the body of `gosize check`, cmd_check.c). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/budget.h"
#include "cli/cmds.h"
#include "model/config.h"
#include "model/config_change.h"
#include "model/diff.h"
#include "util/err.h"
#include "util/fmt.h"
#include "util/mem.h"
#include "shell/io.h"
#include "report/report.h"
#include "app/source.h"
#include "util/term.h"

static const gs_opt diff_opts[] = {GS_DIFF_OPTS, {NULL, 0, NULL, NULL}};
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

/* The remarks under the headline (plain text), owned here. */
typedef struct remarks {
	char **v;
	size_t n, cap;
} remarks;

static void remark(remarks *r, const char *fmt, ...) GS_PRINTF(2, 3);
static void remark(remarks *r, const char *fmt, ...)
{
	char line[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	char **slot = GS_PUSH(r->v, r->n, r->cap);
	if (slot && !(*slot = gs_strdup(line)))
		r->n--;
}

static void remarks_dispose(remarks *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i]);
	free(r->v);
	memset(r, 0, sizeof *r);
}

/* 1 when v names a Go release GOTOOLCHAIN can select ("go1.22.1", "go1.23rc1"). */
static int release(const char *v)
{
	if (!v || strncmp(v, "go1.", 4) != 0)
		return 0;
	for (const char *q = v + 4; *q; q++)
		if (!((*q >= '0' && *q <= '9') || *q == '.' || (*q >= 'a' && *q <= 'z')))
			return 0;
	return 1;
}

/* 1 when the labels (one per line) hold label. */
static int has_label(const char *labels, const char *label)
{
	for (const char *line = labels; line && *line;) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		if (n && line[n - 1] == '\r')
			n--;
		if (n == strlen(label) && memcmp(line, label, n) == 0)
			return 1;
		line = nl ? nl + 1 : NULL;
	}
	return 0;
}

/* Both sides of the comparison and what they were measured and judged with. */
typedef struct sides {
	gs_snapshot old, new_, shipped; /* shipped: OLD as it shipped when a toolchain split rebuilt it */
	int split;                      /* old is OLD rebuilt with NEW's toolchain; shipped is OLD as built */
	gs_commit oldc, newc;
	gs_config ocfg, ncfg;           /* the revisions' own configs (when has_*) */
	int has_ocfg, has_ncfg;
} sides;

/* OLD again with NEW's toolchain when the two were built by different Go
 * versions: the split of the change into the toolchain's part and the rest. */
static int toolchain_split(sides *x, gs_source *src, const char *label, remarks *rm)
{
	const char *ov = gs_prov_get(&x->old.prov, "GOVERSION"), *nv = gs_prov_get(&x->new_.prov, "GOVERSION");
	if (!x->oldc.sha[0] || !ov || !nv || strcmp(ov, nv) == 0)
		return 0;
	if (!release(nv)) {
		remark(rm, "toolchain %s → %s: not separated (%s is no release GOTOOLCHAIN can select)", ov, nv, nv);
		return 0;
	}
	gs_snapshot again;
	src->pin = nv;
	int rc = gs_source_revision(&again, src, &x->oldc, label);
	src->pin = NULL;
	if (rc < 0) {
		remark(rm, "toolchain %s → %s: not separated: OLD could not be built with %s: %s", ov, nv, nv, gs_errmsg());
		return 0;
	}
	const char *av = gs_prov_get(&again.prov, "GOVERSION");
	if (!av || strcmp(av, nv) != 0) {
		remark(rm, "toolchain %s → %s: not separated: OLD built with GOTOOLCHAIN=%s still reports %s", ov, nv, nv,
		       av ? av : "no version");
		gs_snapshot_dispose(&again);
		return 0;
	}
	x->shipped = x->old;
	x->old = again;
	x->split = 1;
	return 0;
}

/* The report as fmt to --output (or stdout), and the extra renderings of the
 * same model (the Action writes its job-log table, comment and outputs from
 * one gate run): every rendering first, then the files, and an error removes
 * those written. Returns 0 or -1 (error set). */
static int write_reports(const gs_report *rep, gs_format fmt, const gs_cmd *cmd, const gs_args *a)
{
	const char *out = gs_opts_get(a, cmd, "output");
	char *text = render(rep, fmt);
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
		if ((extra[i].path = gs_opts_get(a, cmd, extra[i].opt)) && !(extra[i].text = render(rep, extra[i].fmt)))
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
	free(text);
	return bad ? -1 : 0;
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
	static const char *const formats[] = {"md", "text", "json", "csv", "html", "svg"};
	if (fmt < 0) {
		gs_cmd_choice(cmd->name, "format", fmt_name, formats, 6);
		return GS_EXIT_ERROR;
	}
	/* JSON, HTML and SVG are files: not dumped on a terminal */
	if (gs_cmd_no_dump(cmd->name, fmt_name ? fmt_name : "md", gs_opts_get(a, cmd, "output")) < 0)
		return GS_EXIT_ERROR;
	long top = 0;
	if (gs_cmd_parse_count(&top, gs_opts_get(a, cmd, "top"), "--top") < 0)
		return GS_EXIT_ERROR;
	const char *from = gs_opts_get(a, cmd, "budgets-from");
	if (from && strcmp(from, "base") != 0 && strcmp(from, "head") != 0) {
		gs_fail("%s: --budgets-from takes base or head, not \"%s\"", cmd->name, from);
		return GS_EXIT_ERROR;
	}
	int from_head = from && strcmp(from, "head") == 0;
	/* the labels are read before anything is built: a build runs the code under review */
	char *labels = NULL;
	size_t labels_len;
	const char *labels_file = gs_opts_get(a, cmd, "labels");
	if (labels_file && gs_file_read(&labels, &labels_len, labels_file) < 0) {
		gs_fail_prefix("%s: --labels %s", cmd->name, labels_file);
		return GS_EXIT_ERROR;
	}
	gs_cmd_env env;
	if (gs_cmd_setup(&env, cmd, a, 0) < 0) {
		free(labels);
		return GS_EXIT_ERROR;
	}
	const gs_config *wcfg = &env.cfg;
	gs_source *src = &env.src;
	src->want_tree = 1; /* the causes of the growth need both sides' linker trees */
	int rc = GS_EXIT_ERROR;
	sides x;
	gs_delta d, dt;
	gs_checks checks;
	remarks rm = {0};
	gs_report rep = {0};
	char *reason = NULL;
	memset(&x, 0, sizeof x);
	memset(&d, 0, sizeof d);
	memset(&dt, 0, sizeof dt);
	memset(&checks, 0, sizeof checks);
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
	/* OLD as it shipped: a note built otherwise only by its Go version stands (the split below) */
	gs_rev_info oinfo, ninfo;
	src->keep_toolchain_note = 1;
	if (base) {
		if (gs_git_merge_base(&x.oldc, git, base) < 0 || gs_source_revision(&x.old, src, &x.oldc, base) < 0)
			goto out;
	} else {
		if (!a->npos && gs_git_resolve(&x.oldc, git, "HEAD~1") < 0) { /* the default OLD: a first commit has none */
			gs_commit_dispose(&x.oldc);
			if (gs_git_resolve(&x.oldc, git, "HEAD") == 0)
				gs_fail("%s: HEAD is the first commit: there is no HEAD~1 to compare with (gosize %s HEAD "
				        "compares the working tree with it)", cmd->name, cmd->name);
			goto out;
		}
		gs_commit_dispose(&x.oldc);
		if (gs_source_load(&x.old, &x.oldc, src, old_arg) < 0)
			goto out;
	}
	src->keep_toolchain_note = 0;
	oinfo = src->info;
	if (new_arg ? gs_source_load(&x.new_, &x.newc, src, new_arg) < 0 : gs_source_worktree(&x.new_, src) < 0)
		goto out;
	ninfo = src->info;
	const char *old_label = base ? base : old_arg;
	if (x.oldc.sha[0] && !oinfo.own_target)
		remark(&rm, "OLD: %s", oinfo.target_why);
	if (x.newc.sha[0] && !ninfo.own_target)
		remark(&rm, "NEW: %s", ninfo.target_why);
	if (toolchain_split(&x, src, old_label, &rm) < 0)
		goto out;
	/* the configs: OLD's judges (what a pull request merges into), NEW's is what it proposes */
	int r;
	if (x.oldc.sha[0] && (r = gs_source_config_at(&x.ocfg, src, &x.oldc)) != GS_ENOTFOUND) {
		if (r < 0)
			goto out;
		x.has_ocfg = 1;
	}
	if (x.newc.sha[0] && (r = gs_source_config_at(&x.ncfg, src, &x.newc)) != GS_ENOTFOUND) {
		if (r < 0)
			goto out;
		x.has_ncfg = 1;
	}
	const gs_config *head = x.has_ncfg ? &x.ncfg : wcfg;
	const gs_config *judge = head;
	if (x.has_ocfg && !from_head) {
		judge = &x.ocfg;
		gs_sb ch = {0};
		if (gs_config_budget_changes(&ch, &x.ocfg, head))
			remark(&rm, "this pull request changes budgets: %s; applies after merge", ch.s ? ch.s : "");
		gs_sb_dispose(&ch);
	} else if (x.has_ocfg) {
		gs_sb ch = {0};
		if (gs_config_budget_changes(&ch, &x.ocfg, head))
			remark(&rm, "judged by NEW's budgets (--budgets-from head), which change OLD's: %s", ch.s ? ch.s : "");
		gs_sb_dispose(&ch);
	} else if (x.oldc.sha[0] && !src->cfg_shared && head->path) {
		remark(&rm, "OLD (%s) has no config: judged by NEW's budgets", x.oldc.short_sha);
	}
	if (x.has_ocfg && oinfo.own_target && (ninfo.own_target || !x.newc.sha[0])) {
		gs_sb ch = {0};
		if (gs_config_target_change(&ch, &x.ocfg, head, src->target->name))
			remark(&rm, "this pull request changes the build of %s: %s", src->target->name, ch.s ? ch.s : "");
		gs_sb_dispose(&ch);
	}
	/* who may accept a broken budget: the judging config's policy */
	const char *accepted_by = NULL;
	char by[400];
	if (x.oldc.sha[0] && src->git) {
		gs_commit headc;
		memset(&headc, 0, sizeof headc);
		if (!x.newc.sha[0] && gs_git_resolve(&headc, src->git, "HEAD") < 0)
			goto out;
		int fr = gs_git_find_trailer(&reason, src->git, x.oldc.sha, x.newc.sha[0] ? x.newc.sha : headc.sha,
		                             judge->override_footer);
		gs_commit_dispose(&headc);
		if (fr < 0)
			goto out;
		if (reason && judge->override != GS_OVERRIDE_FOOTER) {
			remark(&rm, "a %s: footer accepts nothing here: %s", judge->override_footer,
			       judge->override == GS_OVERRIDE_LABEL ? "growth is accepted by a pull-request label" :
			                                              "nothing overrides a budget (\"override\": \"none\")");
			free(reason);
			reason = NULL;
		}
	}
	if (judge->override == GS_OVERRIDE_LABEL && labels) {
		if (has_label(labels, judge->override_label)) {
			snprintf(by, sizeof by, "the label %s", judge->override_label);
			free(reason);
			if (!(reason = gs_strdup(by)))
				goto out;
			accepted_by = by;
		}
	}
	if (gs_diff(&d, &x.old, &x.new_) < 0)
		goto out;
	const gs_delta *judged = &d;
	if (x.split) {
		if (gs_diff(&dt, &x.shipped, &x.new_) < 0)
			goto out;
		char a1[32], a2[32], a3[32];
		int64_t tc = gs_delta_of(x.shipped.file_size, x.old.file_size), ch = gs_delta_of(x.old.file_size, x.new_.file_size);
		remark(&rm, "toolchain %s → %s: %s; this change: %s (%s in all; budgets judge %s)",
		       gs_prov_get(&x.shipped.prov, "GOVERSION"), gs_prov_get(&x.old.prov, "GOVERSION"),
		       gs_fmt_human_delta(tc, a1, sizeof a1), gs_fmt_human_delta(ch, a2, sizeof a2),
		       gs_fmt_human_delta(gs_delta_of(x.shipped.file_size, x.new_.file_size), a3, sizeof a3),
		       judge->budgets_include_toolchain ? "both" : "this change");
		if (judge->budgets_include_toolchain)
			judged = &dt;
	}
	if (gs_budgets_eval(&checks, judge, judged) < 0)
		goto out;
	const char *name = gs_opts_get(a, cmd, "name");
	if (name && gs_config_name_check("--name", name) < 0)
		goto out;
	if (!name)
		name = wcfg->ntargets ? src->target->name : x.new_.bi.path ? x.new_.bi.path : base_name(x.new_.path);
	const char *out = gs_opts_get(a, cmd, "output");
	rep = (gs_report){
		.d = &d,
		.checks = &checks,
		.name = name,
		.min_change = wcfg->min_change,
		.top = (int)(top ? top : wcfg->top ? wcfg->top : 10),
		.override = judge->override == GS_OVERRIDE_NONE ? NULL : reason,
		.footer_name = judge->override_footer,
		.color = fmt == GS_FORMAT_TEXT && isatty(STDOUT_FILENO) && !out && !getenv("NO_COLOR"),
		.ascii = !gs_cmd_utf8_locale(),
		.width = gs_term_width(STDOUT_FILENO),
		.remarks = (const char *const *)rm.v,
		.nremarks = rm.n,
		.accepted_by = accepted_by,
		.policy = judge->override,
		.policy_label = judge->override_label,
	};
	if (gs_report_build(&rep) < 0 || write_reports(&rep, (gs_format)fmt, cmd, a) < 0)
		goto out;
	rc = (int)checks.worst >= fail_level && !rep.override ? GS_EXIT_BUDGET : GS_EXIT_OK;
out:
	free(reason);
	free(labels);
	remarks_dispose(&rm);
	gs_report_dispose(&rep);
	gs_commit_dispose(&x.oldc);
	gs_commit_dispose(&x.newc);
	if (x.has_ocfg)
		gs_config_dispose(&x.ocfg);
	if (x.has_ncfg)
		gs_config_dispose(&x.ncfg);
	gs_checks_dispose(&checks);
	gs_delta_dispose(&d);
	gs_delta_dispose(&dt);
	gs_snapshot_dispose(&x.old);
	gs_snapshot_dispose(&x.new_);
	if (x.split)
		gs_snapshot_dispose(&x.shipped);
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
