/* moduledata.c: GC programs */
#include "unit.h"

#include "container/binary.h"
#include "goformat/moduledata.h"

/* GC programs (the runtime's gcdata/gcbss): literal bits, short and long
 * repeats, the terminator; the length only counts when the bits add up. */
static void test_gcprog(void)
{
	/* 3 literal bits 101; repeat the last 3 bits 4 times (short form); 1 literal
	 * bit; repeat the last 1 bit 130 times (long form: n as a varint); end:
	 * 3 + 12 + 1 + 130 = 146 bits */
	static const uint8_t prog[] = {0x03, 0x05, 0x83, 0x04, 0x01, 0x01, 0x80, 0x01, 0x82, 0x01, 0x00, 0xAA};
	gs_section sec = {0};
	sec.off = 0, sec.size = sizeof prog, sec.addr = 0x1000, sec.vmsize = sizeof prog, sec.alloc = 1;
	gs_binary b = {0};
	b.data = prog, b.size = b.vsize = sizeof prog, b.ptrsize = 8, b.secs = &sec, b.nsecs = 1;
	CHECK_U64(gs_gcprog_len(&b, 0x1000, 146), 11);
	CHECK_U64(gs_gcprog_len(&b, 0x1000, 145), 0); /* the bits must describe exactly the words */
	CHECK_U64(gs_gcprog_len(&b, 0x1001, 146), 0); /* mid-program: no valid parse */
	CHECK_U64(gs_gcprog_len(&b, 0x2000, 146), 0); /* outside every section */
	static const uint8_t runaway[] = {0x08, 0xFF}; /* no terminator before the end */
	sec.size = sec.vmsize = sizeof runaway;
	b.data = runaway, b.size = b.vsize = sizeof runaway;
	CHECK_U64(gs_gcprog_len(&b, 0x1000, 8), 0);
}

void unit_moduledata(void)
{
	test_gcprog();
}
