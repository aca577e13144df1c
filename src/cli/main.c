/* main.c - gosize's entry: dispatch to a subcommand, print the error once,
 * choose the exit code (0 ok, 1 budget broken, 2 error). */
#include <errno.h>
#include <git2.h>
#include <jansson.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "shell/proc.h"
#include "cli/cmds.h"
#include "util/err.h"
#include "util/say.h"
#include "util/esc.h"
#include "util/job.h"
#include "shell/isolate.h"
#include "shell/toolexec.h"
#include "util/spell.h"

static const gs_cmd *cmds[] = {&gs_cmd_snapshot, &gs_cmd_diff, &gs_cmd_check, &gs_cmd_record, &gs_cmd_log, &gs_cmd_why};

/* Prints the error message as one line: control bytes, bidi controls and
 * bytes that are not UTF-8 (from corrupt names) are shown escaped (esc.h). */
static void print_error(const char *msg)
{
	gs_sb b = {0};
	gs_sb_puts(&b, "gosize: ");
	gs_esc_term(&b, msg);
	gs_sb_puts(&b, "\n");
	fputs(b.oom || !b.s ? "gosize: out of memory\n" : b.s, stderr);
	gs_sb_dispose(&b);
}

/* The synopsis of every command (README.md's usage block is the same text; a test compares them). */
static void usage(FILE *out)
{
	int width = gs_opts_width();
	fprintf(out, "usage: gosize COMMAND [ARGS]\n\n");
	for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
		gs_opts_synopsis(cmds[i], width, out);
	fprintf(out, "gosize help [COMMAND]\ngosize --version\n\n"
	             "gosize help COMMAND (or gosize COMMAND --help) describes a\ncommand and its options.\n");
}

/* ": did you mean NAME?" for a mistyped command, or "" */
static const char *cmd_hint(char *buf, size_t n, const char *word)
{
	const char *names[sizeof cmds / sizeof *cmds + 1];
	size_t k = 0;
	for (; k < sizeof cmds / sizeof *cmds; k++)
		names[k] = cmds[k]->name;
	names[k++] = "help";
	return gs_spell_hint(buf, n, word, names, k, "", "");
}

static const gs_cmd *find_cmd(const char *name)
{
	for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
		if (strcmp(name, cmds[i]->name) == 0)
			return cmds[i];
	return NULL;
}

#ifndef GOSIZE_COMMIT
#define GOSIZE_COMMIT "" /* git describe at configure time; "" from a tarball (cmake/version.cmake) */
#endif

static void version(void)
{
	int maj, min, rev;
	git_libgit2_version(&maj, &min, &rev);
	printf("gosize %s (%s%s%slibelf %u, jansson %s, libgit2 %d.%d.%d, zlib %s)\n", GOSIZE_VERSION,
	       GOSIZE_COMMIT[0] ? "commit " : "", GOSIZE_COMMIT, GOSIZE_COMMIT[0] ? "; " : "", elf_version(EV_CURRENT),
	       jansson_version_str(), maj, min, rev, zlibVersion());
}

int main(int argc, char **argv)
{
	if (gs_toolexec_is_wrapper(argc, argv)) /* go running a tool through gosize (toolexec.h) */
		return gs_toolexec_main(argc, argv);
	int rc = GS_EXIT_ERROR;
	char hint[64];
	const char *th = getenv("GOSIZE_THREADS"); /* 1: one thread (the same output, for comparison) */
	if (th && strcmp(th, "1") == 0)
		gs_threads = 0;
	if (argc < 2) {
		usage(stderr);
		return GS_EXIT_ERROR;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		version();
		rc = GS_EXIT_OK;
	} else if (strcmp(argv[1], "help") == 0 && argc == 3 && strcmp(argv[2], "--man") == 0) {
		gs_opts_man(cmds, sizeof cmds / sizeof *cmds, "gosize " GOSIZE_VERSION, stdout); /* the build's gosize.1 */
		rc = GS_EXIT_OK;
	} else if ((strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) && argc > 2) {
		const gs_cmd *cmd = find_cmd(argv[2]);
		if (!cmd || argc > 3) {
			if (argc > 3)
				gs_fail("help: expected one COMMAND");
			else
				gs_fail("help: unknown command \"%s\"%s (see gosize --help)", argv[2],
				        cmd_hint(hint, sizeof hint, argv[2]));
			print_error(gs_errmsg());
			return GS_EXIT_ERROR;
		}
		gs_opts_help(cmd, gs_opts_width(), stdout);
		rc = GS_EXIT_OK;
	} else if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		rc = GS_EXIT_OK;
	} else {
		const gs_cmd *cmd = find_cmd(argv[1]);
		if (!cmd) {
			gs_say("unknown command \"%s\"%s (see gosize --help)", argv[1], cmd_hint(hint, sizeof hint, argv[1]));
			return GS_EXIT_ERROR;
		}
		gs_proc_install_signals();
		if (gs_isolate_init() < 0) {
			print_error(gs_errmsg());
			return GS_EXIT_ERROR;
		}
		gs_args a;
		int r = gs_opts_parse(&a, cmd, argc - 2, argv + 2);
		rc = r < 0 ? GS_EXIT_ERROR : r > 0 ? GS_EXIT_OK : cmd->run(cmd, &a);
		gs_proc_check_interrupt(); /* a signal during the command: clean up and end by it */
		if (rc == GS_EXIT_ERROR)
			print_error(gs_errmsg());
	}
	if (fclose(stdout) != 0 && rc != GS_EXIT_ERROR) {
		fprintf(stderr, "gosize: cannot write to standard output: %s\n", strerror(errno));
		rc = GS_EXIT_ERROR;
	}
	return rc;
}
