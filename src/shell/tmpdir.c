/* tmpdir.c - temporary directories, registered until removed. */
#include "tmpdir.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "mem.h"

#define MAX_TMP 16
static char *tmpdirs[MAX_TMP];

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
			free(tmpdirs[i]);
			tmpdirs[i] = NULL;
		}
}
