/* tmpdir.c - temporary directories, registered until removed. */
#include "tmpdir.h"

#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "err.h"
#include "mem.h"

#define MAX_TMP 16
static char *tmpdirs[MAX_TMP];
/* The same paths in static storage, for a signal handler (no malloc'd memory is read
 * there): a slot's path is written before it is marked live, and unmarked only once the
 * directory is gone (a signal that ends gosize during a removal finishes it). */
static char sig_paths[MAX_TMP][4096];
static volatile sig_atomic_t sig_live[MAX_TMP];

static void sig_register(int i, const char *d)
{
	snprintf(sig_paths[i], sizeof sig_paths[i], "%s", d);
	atomic_signal_fence(memory_order_seq_cst);
	sig_live[i] = 1;
}

static void sig_unregister(int i)
{
	sig_live[i] = 0;
	atomic_signal_fence(memory_order_seq_cst);
}

static int rm_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path) < 0 && errno != ENOENT ? -1 : 0;
}

static void rmtree(const char *dir) { nftw(dir, rm_cb, 16, FTW_DEPTH | FTW_PHYS); }

const char *gs_tmpdir_base(void)
{
	static char base[4096];
	if (!base[0]) {
		const char *t = getenv("TMPDIR");
		if (!t || !*t)
			t = "/tmp";
		if (!realpath(t, base))
			snprintf(base, sizeof base, "%s", t); /* mkdtemp then names the problem */
	}
	return base;
}

char *gs_tmpdir_new(const char *tag)
{
	char tmpl[4096];
	if ((size_t)snprintf(tmpl, sizeof tmpl, "%s/gosize-%s-XXXXXX", gs_tmpdir_base(), tag) >= sizeof tmpl) {
		gs_fail("TMPDIR is too long");
		return NULL;
	}
	char *d = gs_strdup(tmpl);
	if (!d)
		return NULL;
	if (!mkdtemp(d)) {
		gs_fail("cannot create a temporary directory %s (TMPDIR): %s", tmpl, strerror(errno));
		free(d);
		return NULL;
	}
	for (int i = 0; i < MAX_TMP; i++)
		if (!tmpdirs[i]) {
			tmpdirs[i] = d;
			sig_register(i, d);
			return gs_strdup(d);
		}
	rmtree(d);
	free(d);
	gs_fail("too many temporary directories");
	return NULL;
}

void gs_tmpdir_remove(const char *dir)
{
	for (int i = 0; i < MAX_TMP; i++)
		if (tmpdirs[i] && strcmp(tmpdirs[i], dir) == 0) {
			rmtree(tmpdirs[i]);
			sig_unregister(i);
			free(tmpdirs[i]);
			tmpdirs[i] = NULL;
			return;
		}
	rmtree(dir);
}

void gs_tmpdir_remove_all(void)
{
	for (int i = 0; i < MAX_TMP; i++)
		if (tmpdirs[i]) {
			rmtree(tmpdirs[i]);
			sig_unregister(i);
			free(tmpdirs[i]);
			tmpdirs[i] = NULL;
		}
}

void gs_tmpdir_remove_all_in_handler(void)
{
	/* nftw and free are not async-signal-safe; fork, execve and waitpid are: rm -rf runs in
	 * a child with an empty environment, on the paths kept in static storage. */
	char *argv[MAX_TMP + 4];
	int n = 0;
	argv[n++] = "rm";
	argv[n++] = "-rf";
	argv[n++] = "--";
	for (int i = 0; i < MAX_TMP; i++)
		if (sig_live[i])
			argv[n++] = sig_paths[i];
	if (n == 3)
		return;
	argv[n] = NULL;
	pid_t pid = fork();
	if (pid == 0) {
		char *envp[] = {NULL};
		execve("/bin/rm", argv, envp);
		execve("/usr/bin/rm", argv, envp);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
}
