/* parse.c - gs_binary_parse: the reader by magic (ELF, PE, Mach-O, wasm),
 * then the model's finishing sort. */
#include <string.h>

#include "container/binary.h"
#include "util/err.h"

int gs_binary_parse(gs_binary *b, const uint8_t *data, uint64_t size, const char *arch)
{
	memset(b, 0, sizeof *b);
	b->data = data;
	b->size = b->vsize = size;
	int rc;
	if (size >= 4 && memcmp(data, "\x7f" "ELF", 4) == 0)
		rc = gs_elf_parse(b);
	else if (size >= 64 && memcmp(data, "MZ", 2) == 0)
		rc = gs_pe_parse(b);
	else if (size >= 4 && (memcmp(data, "\xcf\xfa\xed\xfe", 4) == 0 || memcmp(data, "\xfe\xed\xfa\xcf", 4) == 0 ||
	                       memcmp(data, "\xce\xfa\xed\xfe", 4) == 0 || memcmp(data, "\xfe\xed\xfa\xce", 4) == 0 ||
	                       memcmp(data, "\xca\xfe\xba\xbe", 4) == 0))
		rc = gs_macho_parse(b, arch);
	else if (size >= 4 && memcmp(data, "\0asm", 4) == 0)
		rc = gs_wasm_parse(b);
	else if (size == 0)
		rc = gs_fail("empty file");
	else
		rc = gs_fail("not an executable (no ELF, PE, Mach-O or WebAssembly magic)");
	if (rc == 0)
		rc = gs_binary_finish(b);
	if (rc < 0)
		gs_binary_dispose(b);
	return rc;
}
