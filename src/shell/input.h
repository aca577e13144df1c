/* input.h - load a file operand as a snapshot: a snapshot JSON file or a Go
 * binary (analyzed on the fly). Git revisions are source.h's (gs_source_load),
 * which calls this for files. */
#ifndef GS_INPUT_H
#define GS_INPUT_H

#include "analyze.h"
#include "snapshot.h"

/* Loads the snapshot for arg into *s (a binary analyzed with o, which may be
 * NULL). Errors are prefixed with arg. Returns 0 or -1. */
int gs_input_load(gs_snapshot *s, const char *arg, const gs_analyze_opts *o);

/* Analyzes the binary at path. Errors are prefixed with path. Returns 0 or -1. */
int gs_input_binary(gs_snapshot *s, const char *path, const gs_analyze_opts *o);

#endif
