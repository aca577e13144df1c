/* cmd_record.c - `gosize record [REV]`: snapshot a revision and store it as a git note. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "model/config.h"
#include "util/err.h"
#include "util/say.h"
#include "util/esc.h"
#include "util/fmt.h"
#include "shell/io.h"
#include "util/sb.h"
#include "model/snapshot_json.h"
#include "app/source.h"
#include "model/reach.h"

static const gs_opt opts[] = {
	{"target", 't', "NAME", "the config target to build (default: the first)"},
	{"config", 'c', "FILE", "config file (default: .gosize.json found upwards from here)"},
	{"push", 0, "REMOTE", "push refs/notes/gosize to REMOTE afterwards"},
	{"fetch", 0, "REMOTE", "fetch refs/notes/gosize from REMOTE first"},
	{"progress", 0, NULL, "progress lines on stderr even when it is not a terminal"},
	{"all-symbols", 0, NULL, "store every symbol (default: those of at least 1 KiB, at most 4096)"},
	{NULL, 0, NULL, NULL},
};

/* A note keeps every total but only the symbols a review looks at: notes stay
 * small (tens of KB for a 14 MB binary instead of MBs) and a symbol diff
 * against one still shows every change of at least this size. */
#define NOTE_SYMBOL_MIN 1024
#define NOTE_SYMBOL_MAX 4096
/* a note over this keeps only the summary of the linker's reachability (DCE and its chain), not
 * its tree: a diff's causes then take the tree from the cache entry or a rebuild */
#define NOTE_TREE_MAX (512u << 10)

static int run(const gs_cmd *cmd, const gs_args *a)
{
	if (a->npos > 1) {
		gs_fail("record: expected at most one REV");
		return GS_EXIT_ERROR;
	}
	gs_cmd_env env;
	if (gs_cmd_setup(&env, cmd, a, 1) < 0)
		return GS_EXIT_ERROR;
	gs_source *src = &env.src;
	int rc = GS_EXIT_ERROR;
	const char *rev = a->npos ? a->pos[0] : "HEAD";
	gs_commit c;
	gs_snapshot s;
	char *note = NULL, *text = NULL;
	memset(&c, 0, sizeof c);
	memset(&s, 0, sizeof s);
	const char *fetch = gs_opts_get(a, cmd, "fetch"), *push = gs_opts_get(a, cmd, "push");
	if (fetch && gs_git_fetch_notes(src->git, fetch) < 0)
		goto out;
	src->skip_note = 1;
	if (gs_git_resolve(&c, src->git, rev) < 0 || gs_source_revision(&s, src, &c, rev) < 0)
		goto out;
	if (!gs_opts_get(a, cmd, "all-symbols") && gs_snapshot_keep_symbols(&s, NOTE_SYMBOL_MIN, NOTE_SYMBOL_MAX) < 0)
		goto out;
	if (gs_git_note_read(&note, src->git, c.sha) == -1) /* an unreadable note is replaced; GS_ENOTFOUND: none */
		gs_warn("commit %s: replacing its note: %s", c.sha, gs_errmsg());
	if (!(text = gs_source_note_text(note, src->target->name, &s)))
		goto out;
	const char *tm = getenv("GOSIZE_NOTE_TREE_MAX"); /* bytes; for tests and tight note stores */
	size_t tree_max = tm && *tm ? (size_t)strtoull(tm, NULL, 10) : NOTE_TREE_MAX;
	if (strlen(text) > tree_max && s.reach && s.reach->has_tree) { /* the summary only: the cache keeps the tree */
		gs_reach_drop_tree(s.reach);
		free(text);
		if (!(text = gs_source_note_text(note, src->target->name, &s)))
			goto out;
	}
	if (gs_git_note_write(src->git, c.sha, text) < 0)
		goto out;
	if (push && gs_git_push_notes(src->git, push) < 0)
		goto out;
	char h[32];
	gs_sb line = {0};
	gs_sb_puts(&line, "recorded ");
	gs_esc_term(&line, src->target->name);
	gs_sb_puts(&line, " for ");
	gs_esc_term(&line, rev);
	char e[40];
	gs_sb_printf(&line, " (%s): %s (%s B)\n", c.short_sha, gs_fmt_human(s.file_size, h, sizeof h),
	             gs_fmt_commas((int64_t)s.file_size, 0, e, sizeof e));
	if (line.s && !line.oom)
		fputs(line.s, stdout);
	gs_sb_dispose(&line);
	rc = GS_EXIT_OK;
out:
	free(note);
	free(text);
	gs_snapshot_dispose(&s);
	gs_commit_dispose(&c);
	gs_cmd_env_dispose(&env);
	return rc;
}

const gs_cmd gs_cmd_record = {
	"record", "[REV]",
	"Snapshot REV (default HEAD) and store it as a note in refs/notes/gosize, so that\n"
	"later diffs against it need no build. The note holds every total and the symbols\n"
	"of at least 1 KiB (at most 4096; --all-symbols: every one).",
	opts, run};
