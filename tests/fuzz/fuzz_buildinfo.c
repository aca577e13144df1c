/* fuzz_buildinfo.c - libFuzzer: .go.buildinfo blobs and modinfo text. */
#include <stdint.h>
#include <string.h>

#include "container/binary.h"
#include "goformat/buildinfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gs_section sec = {0};
	sec.name = (char *)".go.buildinfo";
	sec.kind = GS_SEC_DATA;
	sec.size = size, sec.vmsize = size, sec.addr = 0x500000;
	sec.alloc = sec.write = 1;
	gs_binary b;
	memset(&b, 0, sizeof b);
	b.data = data, b.size = b.vsize = size, b.format = "elf", b.arch = "amd64", b.ptrsize = 8;
	b.secs = &sec, b.nsecs = 1;
	gs_buildinfo bi;
	if (gs_buildinfo_read(&bi, &b) == 0)
		gs_buildinfo_dispose(&bi);
	memset(&bi, 0, sizeof bi);
	gs_buildinfo_parse_modinfo(&bi, (const char *)data, size);
	gs_buildinfo_dispose(&bi);
	return 0;
}
