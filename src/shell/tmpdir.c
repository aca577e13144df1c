/* tmpdir.c - temporary directories, registered until removed. */
#include "shell/tmpdir.h"

#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/err.h"
#include "util/mem.h"
#include "shell/isolate.h"

#define MAX_TMP 16
/* The registry, in static storage so that a signal handler can read it (no malloc'd memory
 * is read there): a slot's path is written before it is marked live, and unmarked only once
 * the directory is gone (a signal that ends gosize during a removal finishes it). */
static char paths[MAX_TMP][4096];
static volatile sig_atomic_t live[MAX_TMP];

static void unregister(int i)
{
	live[i] = 0;
	atomic_signal_fence(memory_order_seq_cst);
}

static int rm_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path) < 0 && errno != ENOENT ? -1 : 0;
}

/* Removes dir: first what the build user made there (isolate.h), then the rest. */
static void rmtree(const char *dir)
{
	char *dirs[] = {(char *)dir, NULL};
	gs_isolate_sweep(dirs);
	nftw(dir, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
}

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
	char d[sizeof paths[0]];
	if ((size_t)snprintf(d, sizeof d, "%s/gosize-%s-XXXXXX", gs_tmpdir_base(), tag) >= sizeof d) {
		gs_fail("TMPDIR is too long");
		return NULL;
	}
	int i = 0;
	while (i < MAX_TMP && live[i])
		i++;
	if (i == MAX_TMP) {
		gs_fail("too many temporary directories");
		return NULL;
	}
	if (!mkdtemp(d)) {
		gs_fail("cannot create a temporary directory %s (TMPDIR): %s", d, strerror(errno));
		return NULL;
	}
	memcpy(paths[i], d, sizeof d);
	atomic_signal_fence(memory_order_seq_cst);
	live[i] = 1;
	return gs_strdup(d);
}

void gs_tmpdir_remove(const char *dir)
{
	for (int i = 0; i < MAX_TMP; i++)
		if (live[i] && strcmp(paths[i], dir) == 0) {
			rmtree(paths[i]);
			unregister(i);
			return;
		}
	rmtree(dir);
}

void gs_tmpdir_remove_all(void)
{
	for (int i = 0; i < MAX_TMP; i++)
		if (live[i]) {
			rmtree(paths[i]);
			unregister(i);
		}
}

void gs_tmpdir_remove_all_in_handler(void)
{
	/* nftw and free are not async-signal-safe; fork, execve and waitpid are: rm -rf runs in
	 * a child with an empty environment, on the registry's paths. */
	char *argv[MAX_TMP + 4];
	int n = 0;
	argv[n++] = "rm";
	argv[n++] = "-rf";
	argv[n++] = "--";
	for (int i = 0; i < MAX_TMP; i++)
		if (live[i])
			argv[n++] = paths[i];
	if (n == 3)
		return;
	argv[n] = NULL;
	gs_isolate_sweep(argv + 3);
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
