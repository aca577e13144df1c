/* input.c - operand resolution: snapshot JSON or binary. */
#include "input.h"

#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "err.h"
#include "io.h"
#include "snapshot_json.h"

int gs_input_binary(gs_snapshot *s, const char *path, const gs_analyze_opts *o)
{
	gs_file f;
	if (gs_file_map(&f, path) < 0)
		return gs_fail_prefix("%s", path);
	int rc = gs_analyze(s, f.data, f.size, path, o);
	gs_file_unmap(&f);
	return rc < 0 ? gs_fail_prefix("%s", path) : 0;
}

int gs_input_load(gs_snapshot *s, const char *arg, const gs_analyze_opts *o)
{
	gs_file f;
	if (gs_file_map(&f, arg) < 0)
		return gs_fail_prefix("%s", arg);
	size_t i = 0;
	while (i < f.size && (f.data[i] == ' ' || f.data[i] == '\n' || f.data[i] == '\t' || f.data[i] == '\r'))
		i++;
	int rc;
	if (i < f.size && f.data[i] == '{')
		rc = gs_snapshot_from_text(s, (const char *)f.data, (size_t)f.size);
	else
		rc = gs_analyze(s, f.data, f.size, arg, o);
	gs_file_unmap(&f);
	return rc < 0 ? gs_fail_prefix("%s", arg) : 0;
}
