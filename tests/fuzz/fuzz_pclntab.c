/* fuzz_pclntab.c - libFuzzer: pclntab parsing from a section holding the input. */
#include <stdint.h>
#include <string.h>

#include "container/binary.h"
#include "goformat/pclntab.h"

static void nop(void *ctx, uint64_t off, uint64_t len, size_t f, int part)
{
	(void)ctx, (void)off, (void)len, (void)f, (void)part;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gs_section sec = {0};
	sec.name = (char *)".gopclntab";
	sec.kind = GS_SEC_RODATA;
	sec.size = size;
	sec.vmsize = size;
	sec.addr = 0x400000;
	sec.alloc = 1;
	for (int be = 0; be < 2; be++)
		for (int ptr = 4; ptr <= 8; ptr += 4) {
			gs_binary b;
			memset(&b, 0, sizeof b);
			b.data = data, b.size = b.vsize = size, b.format = "elf", b.arch = "amd64", b.ptrsize = ptr, b.be = be;
			b.secs = &sec, b.nsecs = 1;
			gs_pclntab t;
			if (gs_pclntab_read(&t, &b) == 1) {
				gs_pclntab_ranges(&t, &b, nop, NULL);
				for (size_t i = 0; i < t.nfuncs && i < 64; i++)
					gs_pclntab_file(&t, &b, i);
				gs_pclntab_dispose(&t);
			}
		}
	return 0;
}
