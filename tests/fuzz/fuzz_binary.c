/* fuzz_binary.c - libFuzzer: the whole analyzer (container, build info, pclntab, attribution). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attrib/analyze.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the readers take a writable private mapping; give them a copy */
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	gs_snapshot s;
	if (gs_analyze(&s, copy, size, "fuzz", NULL) == 0)
		gs_snapshot_dispose(&s);
	free(copy);
	return 0;
}
