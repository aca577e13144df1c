/* refs.c - data references in machine code (see refs.h). */
#include "attrib/refs.h"

#include <string.h>

static int64_t sext(uint64_t v, int bits) { return (int64_t)(v << (64 - bits)) >> (64 - bits); }

static uint32_t le32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ONES 0x0101010101010101ull
#define HIGH 0x8080808080808080ull

static uint64_t load64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof v);
	return v;
}

/* 0x80 in each byte of v that is zero, 0 in the others (exact: no borrow
 * from one byte into the next). */
static uint64_t zero_bytes(uint64_t v) { return ~(((v & ~HIGH) + ~HIGH) | v | ~HIGH); }

/* Of the 8 positions from c, those (0x80 in their byte) where an instruction
 * scan_x86 decodes may start: REX.W (amd64), opcode 0x89/0x8B/0x8D/0x8F (a
 * superset of MOV and LEA, 0x8B/0x8D) and a RIP-relative or absolute ModRM
 * (mod 00, r/m 101). Reads c[0..10) (is64) or c[0..9). */
static uint64_t x86_candidates(const uint8_t *c, int is64)
{
	uint64_t op = load64(c + is64), modrm = load64(c + is64 + 1);
	uint64_t miss = ((op & (0xF9 * ONES)) ^ (0x89 * ONES)) | ((modrm & (0xC7 * ONES)) ^ (0x05 * ONES));
	if (is64)
		miss |= (load64(c) & (0xF8 * ONES)) ^ (0x48 * ONES);
	return zero_bytes(miss);
}
#define X86_SKIP 1
#endif

static void scan_x86(const uint8_t *c, uint64_t n, uint64_t addr, int is64, gs_ref_fn fn, void *ctx)
{
	for (uint64_t i = 0; i + 6 <= n; i++) {
#ifdef X86_SKIP
		/* eight positions at a time to the next that may start one (most have none) */
		while (i + 10 <= n) {
			uint64_t m = x86_candidates(c + i, is64);
			if (m) {
				i += (uint64_t)__builtin_ctzll(m) / 8;
				break;
			}
			i += 8;
		}
		if (i + 6 > n)
			break;
#endif
		uint64_t p = i;
		if (is64) {
			if ((c[p] & 0xF8) != 0x48) /* REX.W */
				continue;
			p++;
		}
		uint8_t op = c[p], modrm = c[p + 1];
		if ((op != 0x8D && op != 0x8B) || (modrm & 0xC7) != 0x05 || p + 6 > n)
			continue;
		uint32_t disp = le32(c + p + 2);
		uint64_t next = addr + p + 6;
		fn(ctx, addr + i, is64 ? next + (uint64_t)(int64_t)(int32_t)disp : (uint64_t)disp);
		i = p + 5;
	}
}

static void scan_arm64(const uint8_t *c, uint64_t n, uint64_t addr, gs_ref_fn fn, void *ctx)
{
	/* instructions are little-endian on every arm64 Go supports */
	for (uint64_t i = 0; i + 8 <= n; i += 4) {
		uint32_t a = le32(c + i);
		if ((a & 0x9F000000u) != 0x90000000u) /* ADRP */
			continue;
		uint64_t imm = ((a >> 29) & 3) | (((a >> 5) & 0x7FFFF) << 2);
		uint64_t page = ((addr + i) & ~(uint64_t)0xFFF) + ((uint64_t)sext(imm, 21) << 12);
		uint32_t rd = a & 0x1F, b = le32(c + i + 4);
		if (((b >> 5) & 0x1F) != rd)
			continue;
		if ((b & 0xFF800000u) == 0x91000000u) { /* ADD Xd, Xn, #imm{, lsl 12} */
			fn(ctx, addr + i, page + ((uint64_t)((b >> 10) & 0xFFF) << (((b >> 22) & 1) * 12)));
			continue;
		}
		/* loads and stores with an unsigned, size-scaled offset: LDR/STR of bytes,
		 * halves, words, doublewords (integer and FP/SIMD) */
		static const struct {
			uint32_t op;
			int shift;
		} ls[] = {{0x39400000u, 0}, {0x39000000u, 0}, {0x79400000u, 1}, {0x79000000u, 1}, {0xB9400000u, 2},
		          {0xB9000000u, 2}, {0xB9800000u, 2}, {0xF9400000u, 3}, {0xF9000000u, 3}, {0xBD400000u, 2},
		          {0xBD000000u, 2}, {0xFD400000u, 3}, {0xFD000000u, 3}, {0x3DC00000u, 4}, {0x3D800000u, 4}};
		for (size_t k = 0; k < sizeof ls / sizeof *ls; k++)
			if ((b & 0xFFC00000u) == ls[k].op) {
				fn(ctx, addr + i, page + ((uint64_t)((b >> 10) & 0xFFF) << ls[k].shift));
				break;
			}
	}
}

static void scan_riscv64(const uint8_t *c, uint64_t n, uint64_t addr, gs_ref_fn fn, void *ctx)
{
	for (uint64_t i = 0; i + 8 <= n; i += 2) {
		uint32_t a = le32(c + i);
		if ((a & 0x7F) != 0x17) /* AUIPC */
			continue;
		uint32_t rd = (a >> 7) & 0x1F, b = le32(c + i + 4);
		uint64_t hi = addr + i + (uint64_t)sext(a & 0xFFFFF000u, 32);
		uint32_t op = b & 0x7F, f3 = (b >> 12) & 7, rs1 = (b >> 15) & 0x1F;
		if (rs1 != rd || rd == 0)
			continue;
		if ((op == 0x13 && f3 == 0) || (op == 0x03 && (f3 == 3 || f3 == 2 || f3 == 4))) /* ADDI, LD/LW/LBU */
			fn(ctx, addr + i, hi + (uint64_t)sext(b >> 20, 12));
	}
}

/* s390x: the relative-long instructions (RIL-b/c, a halfword count from the
 * instruction): LARL, and the loads, stores and compares of C4xx/C6xx. */
static void scan_s390x(const uint8_t *c, uint64_t n, uint64_t addr, gs_ref_fn fn, void *ctx)
{
	for (uint64_t i = 0; i + 6 <= n; i += 2) {
		unsigned op2 = c[i + 1] & 0x0F;
		int ril = (c[i] == 0xC0 && op2 == 0x0) ||                       /* LARL */
		          (c[i] == 0xC4 && op2 != 0x0 && op2 != 0x1 && op2 != 0x3 && op2 != 0x9 && op2 != 0xA) ||
		          (c[i] == 0xC6 && op2 >= 0x4);                         /* CGRL, CRL, ... */
		if (!ril)
			continue;
		int32_t imm = (int32_t)((uint32_t)c[i + 2] << 24 | (uint32_t)c[i + 3] << 16 | (uint32_t)c[i + 4] << 8 | c[i + 5]);
		fn(ctx, addr + i, addr + i + (uint64_t)((int64_t)imm * 2));
		i += 4;
	}
}

/* arm: LDR Rt, [PC, #±imm12] loads an address from the literal pool. */
static void scan_arm(const gs_binary *b, const uint8_t *c, uint64_t n, uint64_t addr, gs_ref_fn fn,
                     void *ctx)
{
	for (uint64_t i = 0; i + 4 <= n; i += 4) {
		uint32_t a = le32(c + i);
		if ((a & 0x0F7F0000u) != 0x051F0000u) /* LDR (literal), any condition, U either way */
			continue;
		uint64_t lit = addr + i + 8, imm = a & 0xFFF;
		lit = (a & (1u << 23)) ? lit + imm : lit - imm;
		gs_rd r;
		if (gs_binary_at(b, lit, 4, &r) == 0)
			fn(ctx, addr + i, gs_rd_u32(&r, 0));
	}
}

/* ppc64: ADDIS rt, 0, hi followed by ADDI rt2, rt, lo or a D-form load (LD, LWZ, LBZ). */
static void scan_ppc64(const uint8_t *c, uint64_t n, uint64_t addr, int be, gs_ref_fn fn, void *ctx)
{
	for (uint64_t i = 0; i + 8 <= n; i += 4) {
		uint32_t a = be ? (uint32_t)c[i] << 24 | (uint32_t)c[i + 1] << 16 | (uint32_t)c[i + 2] << 8 | c[i + 3] : le32(c + i);
		if ((a >> 26) != 15 || ((a >> 16) & 31) != 0)
			continue;
		uint32_t rt = (a >> 21) & 31;
		uint32_t b = be ? (uint32_t)c[i + 4] << 24 | (uint32_t)c[i + 5] << 16 | (uint32_t)c[i + 6] << 8 | c[i + 7]
		                : le32(c + i + 4);
		uint32_t op = b >> 26;
		if (((b >> 16) & 31) != rt || rt == 0)
			continue;
		uint64_t hi = (uint64_t)sext(a & 0xFFFF, 16) << 16;
		if (op == 14 || op == 32 || op == 34 || op == 40)  /* ADDI, LWZ, LBZ, LHZ */
			fn(ctx, addr + i, hi + (uint64_t)sext(b & 0xFFFF, 16));
		else if (op == 58)                                  /* LD (DS-form) */
			fn(ctx, addr + i, hi + (uint64_t)sext(b & 0xFFFC, 16));
	}
}

int gs_refs_scan(const gs_binary *b, uint64_t addr, uint64_t len, gs_ref_fn fn, void *ctx)
{
	gs_rd r;
	if (!len || gs_binary_at(b, addr, len, &r) < 0)
		return 0;
	if (strcmp(b->arch, "amd64") == 0)
		scan_x86(r.p, len, addr, 1, fn, ctx);
	else if (strcmp(b->arch, "386") == 0)
		scan_x86(r.p, len, addr, 0, fn, ctx);
	else if (strcmp(b->arch, "arm64") == 0)
		scan_arm64(r.p, len, addr, fn, ctx);
	else if (strcmp(b->arch, "riscv64") == 0)
		scan_riscv64(r.p, len, addr, fn, ctx);
	else if (strcmp(b->arch, "s390x") == 0)
		scan_s390x(r.p, len, addr, fn, ctx);
	else if (strcmp(b->arch, "arm") == 0)
		scan_arm(b, r.p, len, addr, fn, ctx);
	else if (strcmp(b->arch, "ppc64") == 0 || strcmp(b->arch, "ppc64le") == 0)
		scan_ppc64(r.p, len, addr, b->be, fn, ctx);
	else
		return 0;
	return 1;
}
