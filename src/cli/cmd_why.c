/* cmd_why.c - `gosize why PACKAGE [REV]`: the import chain that brings a
 * package into the binary, and what it weighs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmds.h"
#include "config.h"
#include "err.h"
#include "esc.h"
#include "fmt.h"
#include "imports.h"
#include "io.h"
#include "sb.h"
#include "snapshot_json.h"
#include "source.h"

static const gs_opt opts[] = {
	{"format", 'f', "text|json", "text (default) or json"},
	{"target", 't', "NAME", "the config target to build (default: the first)"},
	{"config", 'c', "FILE", "config file (default: .gosize.json found upwards from here)"},
	{"progress", 0, NULL, "progress lines on stderr even when it is not a terminal"},
	{NULL, 0, NULL, NULL},
};

static int run(const gs_cmd *cmd, const gs_args *a)
{
	const char *fmt = gs_arg(a, cmd, "format");
	if (a->npos < 1 || a->npos > 2 || (fmt && strcmp(fmt, "text") && strcmp(fmt, "json"))) {
		gs_fail(a->npos < 1 || a->npos > 2 ? "why: expected PACKAGE and at most one REV (or snapshot file)"
		                                 : "why: unknown format (text or json)");
		return GS_EXIT_ERROR;
	}
	const char *pkg = a->pos[0];
	char cwd[4096];
	if (!getcwd(cwd, sizeof cwd))
		snprintf(cwd, sizeof cwd, ".");
	gs_config cfg;
	gs_source src;
	gs_snapshot s;
	memset(&s, 0, sizeof s);
	if (gs_config_load(&cfg, gs_arg(a, cmd, "config"), cwd) < 0)
		return GS_EXIT_ERROR;
	int rc = GS_EXIT_ERROR;
	const char **chain = NULL;
	size_t n = 0;
	char *text = NULL;
	if (gs_source_init(&src, &cfg, gs_arg(a, cmd, "target"), gs_arg(a, cmd, "progress") != NULL, cwd) < 0)
		goto out_cfg;
	if (a->npos == 2 ? gs_source_load(&src, &s, a->pos[1], NULL) < 0 : gs_source_worktree(&src, &s) < 0)
		goto out;
	if (!s.nimps) {
		gs_fail("why: %s", s.imports_note ? s.imports_note : "no import graph in this snapshot");
		goto out;
	}
	if (gs_imports_chain(&s, pkg, &chain, &n) < 0)
		goto out;
	if (!n) {
		gs_fail("why: %s is not imported by %s", pkg, s.imports_root);
		goto out;
	}
	uint64_t weight = 0, size = 0;
	size_t npk = 0;
	if (gs_imports_weight(&s, chain[n - 1], &weight, &npk) < 0)
		goto out;
	const char *name = gs_imports_pkgname(&s, chain[n - 1]);
	for (size_t i = 0; i < s.npkgs; i++)
		if (strcmp(s.pkgs[i].name, name) == 0)
			size = s.pkgs[i].size;
	/* direct importers */
	json_t *importers = json_array();
	for (size_t i = 0; importers && i < s.nimps; i++)
		for (size_t k = 0; k < s.imps[i].ndeps; k++)
			if (strcmp(s.imps[i].deps[k], chain[n - 1]) == 0)
				json_array_append_new(importers, gs_json_str(s.imps[i].pkg));
	if (fmt && strcmp(fmt, "json") == 0) {
		json_t *c = json_array();
		for (size_t i = 0; c && i < n; i++)
			json_array_append_new(c, gs_json_str(chain[i]));
		json_t *o = json_pack("{s:i,s:s,s:o,s:o,s:I,s:I,s:I,s:O}", "schema", 1, "kind", "gosize-why", "package",
		                      gs_json_str(chain[n - 1]), "chain", c, "size", (json_int_t)size, "weight",
		                      (json_int_t)weight, "packages", (json_int_t)npk, "imported_by", importers);
		text = o ? gs_json_dump(o) : NULL;
		json_decref(o);
	} else {
		gs_sb sb = {0};
		char h1[32], h2[32];
		gs_esc_term(&sb, chain[n - 1]);
		gs_sb_printf(&sb, ": %s itself; with what only it brings, %s in %zu package%s\n", gs_human(size, h1, sizeof h1),
		             gs_human(weight, h2, sizeof h2), npk, npk == 1 ? "" : "s");
		for (size_t i = 0; i < n; i++) {
			gs_sb_puts(&sb, i ? "  -> " : "");
			gs_esc_term(&sb, chain[i]);
			gs_sb_puts(&sb, "\n");
		}
		gs_sb_puts(&sb, "imported directly by:");
		for (size_t i = 0; i < json_array_size(importers); i++) {
			gs_sb_puts(&sb, i ? ", " : " ");
			gs_esc_term(&sb, json_string_value(json_array_get(importers, i)));
		}
		gs_sb_puts(&sb, "\n");
		text = gs_sb_take(&sb);
	}
	json_decref(importers);
	if (text && gs_file_write_atomic("-", text, strlen(text)) == 0)
		rc = GS_EXIT_OK;
out:
	free(text);
	free(chain);
	gs_snapshot_dispose(&s);
	gs_source_dispose(&src);
out_cfg:
	gs_config_dispose(&cfg);
	return rc;
}

const gs_cmd gs_cmd_why = {
	"why", "PACKAGE|MODULE|GLOB [REV|SNAPSHOT.json|BINARY]",
	"The shortest import chain from the main package to PACKAGE, the package's size\n"
	"and its weight (with everything only it brings), from the import graph gosize\n"
	"records when it builds REV (default: the working tree).",
	opts, run};
