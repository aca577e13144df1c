/* buildinfo.h - the build info a snapshot carries (Go version, main module,
 * dependencies, build settings), owned by the model; goformat/buildinfo.h
 * fills it from a binary, the snapshot loader from JSON. Pure. */
#ifndef GS_MODEL_BUILDINFO_H
#define GS_MODEL_BUILDINFO_H

#include <stddef.h>
#include <stdint.h>

typedef struct gs_module {
	char *path, *version, *sum;
	char *rep_path, *rep_version, *rep_sum; /* replacement (=> line), or NULLs */
} gs_module;

typedef struct gs_setting {
	char *key, *value;
} gs_setting;

typedef struct gs_buildinfo {
	int found;           /* 0: no build info in this binary */
	char *goversion;     /* "go1.19.8" */
	char *path;          /* main package path */
	gs_module main;
	gs_module *deps;
	size_t ndeps, deps_cap;
	gs_setting *settings;
	size_t nsettings, settings_cap;
	uint64_t off;        /* file offset of the blob header */
	int no_modinfo;      /* 1: the blob's module data is not in the file (module list unknown) */
	const char *version_from; /* NULL: the build info; else where the version came from (static string) */
} gs_buildinfo;

/* Decodes modinfo text (the lines path/mod/dep/=>/build) into bi. Returns 0 or -1. */
int gs_buildinfo_parse_modinfo(gs_buildinfo *bi, const char *s, size_t n);

/* The value of build setting key, or NULL. */
const char *gs_buildinfo_setting(const gs_buildinfo *bi, const char *key);

void gs_buildinfo_dispose(gs_buildinfo *bi);

/* The module of import path pkg by the hosting conventions (github.com/a/b,
 * golang.org/x/n, host/first, a /vN suffix kept), for binaries that name no
 * modules (GOPATH builds, no build info); into buf. 0, or GS_ENOTFOUND (std, no room). */
int gs_module_infer(const char *pkg, char *buf, size_t bufsz);
void gs_module_dispose(gs_module *m);

#endif
