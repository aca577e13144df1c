/* fuzz_config.c - libFuzzer: the .gosize.json loader and size units. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gs_config c;
	if (gs_config_parse(&c, (const char *)data, size) == 0)
		gs_config_dispose(&c);
	char *s = malloc(size + 1);
	if (s) {
		memcpy(s, data, size);
		s[size] = '\0';
		gs_limit l;
		gs_limit_parse(&l, s, 1, "fuzz");
		free(s);
	}
	return 0;
}
