/* fuzz_symname.c - libFuzzer: package of a symbol name. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "goformat/symname.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	char out[64];
	gs_symname_package(s, out, sizeof out);
	free(s);
	return 0;
}
