/* cmd_log.c - `gosize log [RANGE]`: size history per commit from the notes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cmds.h"
#include "model/config.h"
#include "util/err.h"
#include "util/esc.h"
#include "util/fmt.h"
#include "shell/io.h"
#include "util/json.h"
#include "util/sb.h"
#include "app/source.h"
#include "util/term.h"

static const gs_opt opts[] = {
	{"target", 't', "NAME", "the config target (default: the first)"},
	{"config", 'c', "FILE", "config file (default: .gosize.json found upwards from here)"},
	{"format", 'f', "text|json", "text (default) or json"},
	{"max-count", 'n', "N", "at most N commits (default 50)"},
	{"fetch", 0, "REMOTE", "fetch refs/notes/gosize from REMOTE first (no build)"},
	{NULL, 0, NULL, NULL},
};

typedef struct log_ctx {
	gs_source *src;
	json_t *rows;
	int err;
} log_ctx;

static int log_cb(void *vctx, const gs_commit *c)
{
	log_ctx *x = vctx;
	gs_snapshot s;
	json_t *row = json_pack("{s:o,s:o,s:I}", "commit", gs_json_str(c->sha), "summary", gs_json_str(c->summary), "time",
	                        (json_int_t)c->time);
	if (!row)
		return gs_fail("out of memory");
	if (gs_source_note(&s, x->src, c->sha) == 0) { /* a broken note is skipped: the log goes on */
		json_object_set_new(row, "size", json_integer((json_int_t)s.file_size));
		json_object_set_new(row, "unattributed", json_integer((json_int_t)s.unattributed));
		json_object_set_new(row, "go", s.bi.goversion ? gs_json_str(s.bi.goversion) : json_null());
		gs_snapshot_dispose(&s);
	} else {
		json_object_set_new(row, "size", json_null());
	}
	json_array_append_new(x->rows, row);
	return 0;
}

/* The log as a table for a terminal: COMMIT DATE [SIZE CHANGE] SUMMARY, the
 * summary cut at its end to the width; what to do when nothing is recorded,
 * and how to deepen a shallow clone. NULL + error on failure. */
static char *log_text(const log_ctx *x, int fetched)
{
	gs_sb sb = {0};
	size_t n = json_array_size(x->rows), found = 0;
	for (size_t i = 0; i < n; i++)
		found += json_is_integer(json_object_get(json_array_get(x->rows, i), "size"));
	int width = gs_term_width(STDOUT_FILENO), ascii = !gs_cmd_utf8_locale();
	if (!found) { /* say so, and list the commits without columns of "-" */
		if (n == 1)
			gs_sb_puts(&sb, "No size is recorded for this commit (target ");
		else
			gs_sb_printf(&sb, "No sizes are recorded for these %zu commits (target ", n);
		gs_esc_term(&sb, x->src->target->name);
		gs_sb_puts(&sb, ").\n`gosize record [REV]` records a revision's size as a note in refs/notes/gosize.\n");
		if (!fetched)
			gs_sb_puts(&sb, "`gosize log --fetch origin` fetches the notes a remote has recorded.\n");
		gs_sb_puts(&sb, "\n");
	}
	/* COMMIT DATE [SIZE CHANGE] SUMMARY; the summary gets what is left of the width, cut at its end */
	char(*sizes)[2][40] = calloc(n ? n : 1, sizeof *sizes);
	int sw = 4, cw = 6;
	if (!sizes) {
		gs_sb_dispose(&sb);
		gs_fail("out of memory");
		return NULL;
	}
	for (size_t i = 0; i < n && found; i++) {
		json_t *sz = json_object_get(json_array_get(x->rows, i), "size");
		snprintf(sizes[i][0], sizeof sizes[i][0], "-");
		sizes[i][1][0] = '\0';
		/* change against the next older commit in the list that has a snapshot */
		if (json_is_integer(sz)) {
			gs_fmt_commas(json_integer_value(sz), 0, sizes[i][0], sizeof sizes[i][0]);
			for (size_t j = i + 1; j < n; j++) {
				json_t *older = json_object_get(json_array_get(x->rows, j), "size");
				if (json_is_integer(older)) {
					gs_fmt_commas(json_integer_value(sz) - json_integer_value(older), 1, sizes[i][1],
					              sizeof sizes[i][1]);
					break;
				}
			}
		}
		sw = (int)strlen(sizes[i][0]) > sw ? (int)strlen(sizes[i][0]) : sw;
		cw = (int)strlen(sizes[i][1]) > cw ? (int)strlen(sizes[i][1]) : cw;
	}
	int fixed = 7 + 2 + 10 + 2 + (found ? sw + 2 + cw + 2 : 0), sumw = width - fixed > 12 ? width - fixed : 12;
	if (found)
		gs_sb_printf(&sb, "%-7s  %-10s  %*s  %*s  %s\n", "COMMIT", "DATE", sw, "SIZE", cw, "CHANGE", "SUMMARY");
	for (size_t i = 0; i < n; i++) {
		json_t *row = json_array_get(x->rows, i);
		time_t t = (time_t)json_integer_value(json_object_get(row, "time"));
		char date[16], summary[4 * 1000 + 8];
		strftime(date, sizeof date, "%Y-%m-%d", gmtime(&t));
		gs_sb_printf(&sb, "%.7s  %-10s  ", json_string_value(json_object_get(row, "commit")), date);
		if (found)
			gs_sb_printf(&sb, "%*s  %*s  ", sw, sizes[i][0], cw, sizes[i][1]);
		gs_sb esc = {0};
		gs_esc_term(&esc, json_string_value(json_object_get(row, "summary")));
		gs_sb_puts(&sb, gs_term_fit_end(esc.s ? esc.s : "", sumw, ascii, summary, sizeof summary));
		sb.oom |= esc.oom;
		gs_sb_dispose(&esc);
		gs_sb_puts(&sb, "\n");
	}
	free(sizes);
	/* a shallow clone (actions/checkout's default) ends its history early: say how to deepen it */
	size_t nr = json_array_size(x->rows);
	if (nr && gs_git_at_edge(x->src->git, json_string_value(json_object_get(json_array_get(x->rows, nr - 1), "commit"))))
		gs_sb_printf(&sb, "\nThis is a shallow clone: its history ends after %zu commit%s.\n"
		                  "`git fetch --deepen=100` fetches more of it, `git fetch --unshallow` all of it.\n",
		             json_array_size(x->rows), json_array_size(x->rows) == 1 ? "" : "s");
	return gs_sb_take(&sb);
}

static int run(const gs_cmd *cmd, const gs_args *a)
{
	static const char *const formats[] = {"text", "json"};
	long max = 50;
	const char *fmt = gs_opts_get(a, cmd, "format");
	if (a->npos > 1) {
		gs_fail("log: expected at most one RANGE");
		return GS_EXIT_ERROR;
	}
	if (gs_cmd_parse_count(&max, gs_opts_get(a, cmd, "max-count"), "--max-count") < 0 ||
	    (fmt && gs_cmd_choice("log", "format", fmt, formats, 2) < 0))
		return GS_EXIT_ERROR;
	gs_cmd_env env;
	if (gs_cmd_setup(&env, cmd, a, 1) < 0)
		return GS_EXIT_ERROR;
	gs_source *src = &env.src;
	log_ctx x = {src, json_array(), 0};
	int rc = GS_EXIT_ERROR;
	char *text = NULL;
	const char *fetch = gs_opts_get(a, cmd, "fetch");
	if (fetch && gs_git_fetch_notes(src->git, fetch) < 0)
		goto out;
	if (gs_git_walk(src->git, a->npos ? a->pos[0] : "HEAD", (size_t)max, log_cb, &x) < 0)
		goto out;
	if (fmt && strcmp(fmt, "json") == 0) {
		json_t *o = json_pack("{s:i,s:s,s:s,s:O}", "schema", 1, "kind", "gosize-log", "target", src->target->name,
		                      "commits", x.rows);
		text = o ? gs_json_dump(o) : NULL;
		json_decref(o);
	} else if (!(text = log_text(&x, fetch != NULL))) {
		goto out;
	}
	if (text && gs_file_write_atomic("-", text, strlen(text)) == 0)
		rc = GS_EXIT_OK;
out:
	free(text);
	json_decref(x.rows);
	gs_cmd_env_dispose(&env);
	return rc;
}

const gs_cmd gs_cmd_log = {
	"log", "[RANGE]",
	"Size history per commit from the notes in refs/notes/gosize (default range HEAD).\n"
	"--fetch REMOTE fetches the notes of REMOTE first; nothing is built. In a shallow\n"
	"clone, the history is HEAD's first parents down to the clone's edge.",
	opts, run};
