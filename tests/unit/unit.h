/* unit.h - the unit tests of the pure modules: one file per module under tests/unit/,
 * each defining unit_MODULE(); main.c runs one module (ctest runs each as unit_MODULE)
 * or all of them. Nothing here runs Go, a process or the network. */
#ifndef GS_UNIT_H
#define GS_UNIT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/sb.h"

extern int unit_passed, unit_failed;

#define CHECK(cond, ...)                                                                                            \
	do {                                                                                                          \
		if (cond) {                                                                                               \
			unit_passed++;                                                                                        \
		} else {                                                                                                  \
			unit_failed++;                                                                                        \
			printf("FAIL %s:%d: ", __FILE__, __LINE__);                                                           \
			printf(__VA_ARGS__);                                                                                  \
			printf("\n");                                                                                         \
		}                                                                                                         \
	} while (0)
static inline const char *nn(const char *s) { return s ? s : "(null)"; }
#define CHECK_STR(got, want) CHECK(strcmp(nn(got), (want)) == 0, "got \"%s\", want \"%s\"", nn(got), (want))
#define CHECK_U64(got, want)                                                                                        \
	CHECK((got) == (want), "%s: got %llu, want %llu", #got, (unsigned long long)(got), (unsigned long long)(want))

/* A failing call sets its own message: unit_err_mark() plants a stale one,
 * unit_err_fresh() is 1 when a message was set since (not empty, and not the
 * stale one, alone or under a prefix). */
#define UNIT_STALE "(stale message)"
static inline void unit_err_mark(void) { gs_fail("%s", UNIT_STALE); }
static inline int unit_err_fresh(void) { return *gs_errmsg() && !strstr(gs_errmsg(), UNIT_STALE); }

/* Snapshots of schema 1, 2 and 3 (snapshot_json.c), also read by readers_text.c. */
extern const char *const unit_snap1, *const unit_snap2, *const unit_snap3;

/* The modules, in the order `unit_tests` with no argument runs them. */
#define UNIT_MODULES                                                                                                \
	X(rd) X(symname) X(buildinfo) X(fmt) X(csv) X(sha256) X(strmap) X(snapshot_json) X(jw) X(moduledata) X(esc)     \
	X(config) X(provenance) X(config_change) X(near) X(html) X(diff) X(budget) X(imports) X(opts) X(readers) X(readers_go) X(readers_text) X(sort) X(report) X(job) X(arena) X(dwarf) \
	X(cache) X(attrib) X(reach) X(term) X(spell) X(text_table)

#define X(m) void unit_##m(void);
UNIT_MODULES
#undef X

#endif
