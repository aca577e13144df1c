/* advice.c - what the strip flags and -trimpath would save, measured.
 * The linker writes DWARF and the symbol table after everything loaded, so
 * dropping them removes their file range and the padding up to whatever
 * follows (checked exactly against real builds in the tests). */
#include "attrib/advice.h"

#include <stdlib.h>
#include <string.h>

/* Bytes from the first section of the wanted kinds to the first other section
 * after the last of them (or the end of the file). 0 if there are none. When
 * other sections sit in between, only the wanted sections' bytes count. */
static uint64_t region(const gs_binary *b, int want_symtab)
{
	uint64_t start = UINT64_MAX, end = 0, sum = 0;
	for (size_t i = 0; i < b->nsecs; i++) {
		const gs_section *s = &b->secs[i];
		int want = s->kind == GS_SEC_DEBUG || (want_symtab && s->kind == GS_SEC_SYMTAB);
		if (!want || !s->size)
			continue;
		if (s->off < start)
			start = s->off;
		if (s->off + s->size > end)
			end = s->off + s->size;
		sum += s->size;
	}
	if (!sum)
		return 0;
	uint64_t next = b->size;
	for (size_t i = 0; i < b->nsecs; i++) {
		const gs_section *s = &b->secs[i];
		int want = s->kind == GS_SEC_DEBUG || (want_symtab && s->kind == GS_SEC_SYMTAB);
		if (want || !s->size)
			continue;
		if (s->off >= start && s->off < end)
			return sum; /* interleaved: count the sections alone */
		if (s->off >= end && s->off < next)
			next = s->off;
	}
	return next - start;
}

typedef struct trim_ctx {
	const char *modpath;
	char *root;        /* longest common directory of the main module's absolute files */
	size_t rootlen;
	uint64_t saved;
	int pass;
} trim_ctx;

/* The part of an absolute file name -trimpath removes, given the module root. */
static size_t trimmed_prefix(const trim_ctx *x, const char *name)
{
	const char *p;
	if (name[0] != '/' && !(name[0] && name[1] == ':'))
		return 0; /* already relative: built with -trimpath, or generated */
	if ((p = strstr(name, "/pkg/mod/")) != NULL)
		return (size_t)(p + 9 - name); /* module cache: path@version/... stays */
	if ((p = strstr(name, "/src/")) != NULL && (!x->root || strncmp(name, x->root, x->rootlen) != 0)) {
		const char *q;
		while ((q = strstr(p + 1, "/src/")) != NULL)
			p = q;
		return (size_t)(p + 5 - name); /* GOROOT/src/ */
	}
	return 0;
}

static void trim_cb(void *vx, const char *name)
{
	trim_ctx *x = vx;
	if (x->pass == 0) {
		/* main-module files: absolute, outside GOROOT/src and the module cache */
		if (name[0] != '/' || strstr(name, "/pkg/mod/") || strstr(name, "/go/src/") || strstr(name, "/lib/go"))
			return;
		const char *slash = strrchr(name, '/');
		size_t dir = (size_t)(slash - name);
		if (!x->root) {
			x->root = malloc(dir + 1);
			if (x->root) {
				memcpy(x->root, name, dir);
				x->root[dir] = '\0';
				x->rootlen = dir;
			}
			return;
		}
		size_t k = 0;
		while (k < x->rootlen && k < dir && x->root[k] == name[k])
			k++;
		while (k > 0 && k < x->rootlen && x->root[k] != '/')
			k--;
		x->rootlen = k;
		x->root[k] = '\0';
		return;
	}
	if (x->root && x->rootlen && strncmp(name, x->root, x->rootlen) == 0 && name[x->rootlen] == '/') {
		/* /home/me/app/internal/x.go -> example.com/app/internal/x.go */
		size_t mod = strlen(x->modpath);
		if (x->rootlen > mod)
			x->saved += x->rootlen - mod;
		return;
	}
	x->saved += trimmed_prefix(x, name);
}

void gs_advice_measure(gs_snapshot *s, const gs_binary *b, const gs_pclntab *t, const gs_buildinfo *bi)
{
	s->save_w = b->has_dwarf ? region(b, 0) : 0;
	s->save_s = b->has_symtab || b->has_dwarf ? region(b, 1) : 0;
	s->save_trimpath = 0;
	const char *tp = gs_buildinfo_setting(bi, "-trimpath");
	if (!t || (tp && strcmp(tp, "true") == 0))
		return;
	trim_ctx x = {bi->main.path ? bi->main.path : "main", NULL, 0, 0, 0};
	gs_pclntab_files(t, b, trim_cb, &x);
	x.pass = 1;
	gs_pclntab_files(t, b, trim_cb, &x);
	free(x.root);
	s->save_trimpath = x.saved;
}
