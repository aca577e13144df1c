/* rd.c: the bounded reader */
#include "unit.h"

#include "util/rd.h"

static void test_rd(void)
{
	const uint8_t b[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x96, 0x01, 0xff};
	gs_rd le = gs_rd_make(b, sizeof b, 0, 8), be = gs_rd_make(b, sizeof b, 1, 4);
	CHECK_U64(gs_rd_u16(&le, 0), 0x0201);
	CHECK_U64(gs_rd_u32(&le, 0), 0x04030201);
	CHECK_U64(gs_rd_u64(&le, 0), 0x0807060504030201ull);
	CHECK_U64(gs_rd_u32(&be, 0), 0x01020304);
	CHECK_U64(gs_rd_uptr(&be, 4), 0x05060708);
	CHECK_U64(gs_rd_uptr(&le, 0), 0x0807060504030201ull);
	CHECK_U64(gs_rd_u8(&be, 8), 0x96);
	CHECK_U64(gs_rd_u16(&be, 1), 0x0203);
	CHECK_U64(gs_rd_u64(&be, 1), 0x0203040506070896ull);
	CHECK_U64(gs_rd_u32(&le, 7), 0xff019608);
	CHECK(!le.bad && !be.bad, "no bad flag after in-range reads");
	CHECK_U64(gs_rd_u32(&le, 8), 0);
	CHECK(le.bad, "a read past the end sets bad");
	gs_rd r = gs_rd_make(b, sizeof b, 0, 8);
	uint64_t off = 8;
	CHECK_U64(gs_rd_uvarint(&r, &off), 150);
	CHECK_U64(off, 10);
	off = 10;
	gs_rd_uvarint(&r, &off);
	CHECK(r.bad, "an unterminated varint sets bad");
	/* the one-byte case (inline) and the longer ones agree at the view's edges */
	const uint8_t v[] = {0x05, 0x80, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x7f};
	gs_rd w = gs_rd_make(v, sizeof v, 0, 8);
	off = 0;
	CHECK_U64(gs_rd_uvarint(&w, &off), 5);
	CHECK_U64(off, 1);
	CHECK_U64(gs_rd_uvarint(&w, &off), 0); /* 0x80 0x00: zero in two bytes */
	CHECK_U64(off, 3);
	off = 3;
	gs_rd_uvarint(&w, &off);
	CHECK(w.bad, "a varint of more than ten bytes sets bad");
	w = gs_rd_make(v, sizeof v, 0, 8);
	off = sizeof v - 1;
	CHECK_U64(gs_rd_uvarint(&w, &off), 0x7f);
	CHECK(!w.bad && off == sizeof v, "a one-byte varint ending the view");
	CHECK_U64(gs_rd_uvarint(&w, &off), 0);
	CHECK(w.bad, "a varint at the view's end sets bad");
	w = gs_rd_make(v, 1, 0, 8);
	off = 1;
	gs_rd_uvarint(&w, &off);
	CHECK(w.bad && off == 1, "past a one-byte view: bad, offset kept");
	r = gs_rd_make(b, sizeof b, 0, 8);
	CHECK(gs_rd_has(&r, 0, sizeof b) && !gs_rd_has(&r, 1, sizeof b) && !gs_rd_has(&r, UINT64_MAX, 2), "has");
	gs_rd s = gs_rd_sub(&r, 2, UINT64_MAX - 1);
	CHECK(r.bad && s.len == 0, "overflowing sub-view is rejected");
	const uint8_t str[] = {'a', 'b', 0, 'c'};
	r = gs_rd_make(str, sizeof str, 0, 8);
	size_t n;
	CHECK_STR(gs_rd_cstr(&r, 0, &n), "ab");
	CHECK_U64(n, 2);
	CHECK(gs_rd_cstr(&r, 3, &n) == NULL && r.bad, "unterminated string is rejected");
}

void unit_rd(void)
{
	test_rd();
}
