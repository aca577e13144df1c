/* sha256.c - a small SHA-256 (FIPS 180-4). */
#include "util/sha256.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void block(uint32_t h[8], const uint8_t *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, k;
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
	for (int i = 0; i < 64; i++) {
		uint32_t t1 = k + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
		uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		k = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += k;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>
#define HAVE_SHANI 1

/* The same compression with the x86 SHA extensions (Intel's SHA-NI), about
 * ten times faster; used when the CPU has them. */
__attribute__((target("sha,sse4.1,ssse3"))) static void blocks_shani(uint32_t h[8], const uint8_t *p, size_t n)
{
	const __m128i mask = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
	__m128i tmp = _mm_loadu_si128((const __m128i *)&h[0]);
	__m128i s1 = _mm_loadu_si128((const __m128i *)&h[4]);
	tmp = _mm_shuffle_epi32(tmp, 0xB1);     /* CDAB */
	s1 = _mm_shuffle_epi32(s1, 0x1B);       /* EFGH */
	__m128i s0 = _mm_alignr_epi8(tmp, s1, 8); /* ABEF */
	s1 = _mm_blend_epi16(s1, tmp, 0xF0);    /* CDGH */
	for (; n; n--, p += 64) {
		__m128i abef = s0, cdgh = s1, w[4];
		for (int i = 0; i < 16; i++) {
			__m128i m;
			if (i < 4) {
				w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * i)), mask);
			} else {
				__m128i t = _mm_alignr_epi8(w[(i + 3) % 4], w[(i + 2) % 4], 4);
				__m128i x = _mm_sha256msg1_epu32(w[i % 4], w[(i + 1) % 4]);
				w[i % 4] = _mm_sha256msg2_epu32(_mm_add_epi32(x, t), w[(i + 3) % 4]);
			}
			m = _mm_add_epi32(w[i % 4], _mm_loadu_si128((const __m128i *)&K[4 * i]));
			s1 = _mm_sha256rnds2_epu32(s1, s0, m);
			s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(m, 0x0E));
		}
		s0 = _mm_add_epi32(s0, abef);
		s1 = _mm_add_epi32(s1, cdgh);
	}
	tmp = _mm_shuffle_epi32(s0, 0x1B);      /* FEBA */
	s1 = _mm_shuffle_epi32(s1, 0xB1);       /* DCHG */
	s0 = _mm_blend_epi16(tmp, s1, 0xF0);    /* DCBA */
	s1 = _mm_alignr_epi8(s1, tmp, 8);       /* ABEF */
	_mm_storeu_si128((__m128i *)&h[0], s0);
	_mm_storeu_si128((__m128i *)&h[4], s1);
}

static int has_shani(void)
{
	unsigned a, b, c, d;
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
		return 0;
	int sha = (b >> 29) & 1;
	if (!__get_cpuid(1, &a, &b, &c, &d))
		return 0;
	return sha && (c & bit_SSE4_1) && (c & bit_SSSE3);
}
#endif

int gs_sha256_accel = -1; /* -1 detect, 0 off, 1 on (tests set it) */

/* The whole 64-byte blocks of p[0..n) into h; returns the bytes consumed. */
static size_t blocks(uint32_t h[8], const uint8_t *p, size_t n)
{
	size_t i = 0;
#ifdef HAVE_SHANI
	if (gs_sha256_accel < 0)
		gs_sha256_accel = has_shani();
	if (gs_sha256_accel) {
		blocks_shani(h, p, n / 64);
		i = n / 64 * 64;
	}
#endif
	for (; i + 64 <= n; i += 64)
		block(h, p + i);
	return i;
}

static void hash_init(uint32_t h[8])
{
	static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	memcpy(h, iv, sizeof iv);
}

/* The padding and length after the last rem (< 64) bytes of an n-byte input. */
static void hash_final(uint32_t h[8], const uint8_t *last, size_t rem, uint64_t n, char hex[65])
{
	uint8_t tail[128] = {0};
	size_t tl = rem < 56 ? 64 : 128;
	if (rem)
		memcpy(tail, last, rem);
	tail[rem] = 0x80;
	uint64_t bits = n * 8;
	for (int j = 0; j < 8; j++)
		tail[tl - 1 - (size_t)j] = (uint8_t)(bits >> (8 * j));
	block(h, tail);
	if (tl == 128)
		block(h, tail + 64);
	for (int j = 0; j < 8; j++)
		snprintf(hex + 8 * j, 9, "%08x", h[j]);
}

void gs_sha256_hex(const uint8_t *data, size_t n, char hex[65])
{
	uint32_t h[8];
	hash_init(h);
	size_t i = blocks(h, data, n);
	hash_final(h, data + i, n - i, n, hex);
}

/* The hash of fd's first n bytes read with pread through a small buffer (the
 * page cache, not this process's memory); -1 when a read fails or comes short. */
static int hash_fd(int fd, uint64_t n, char hex[65])
{
	enum { BUF = 1 << 20 };
	uint8_t *buf = malloc(BUF);
	uint32_t h[8];
	uint64_t off = 0;
	size_t have = 0; /* bytes in buf not yet hashed (fewer than 64 after each round) */
	if (!buf)
		return -1;
	hash_init(h);
	while (off < n) {
		size_t want = BUF - have;
		if (want > n - off)
			want = (size_t)(n - off);
		ssize_t r = pread(fd, buf + have, want, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			free(buf);
			return -1;
		}
		off += (uint64_t)r;
		have += (size_t)r;
		size_t used = blocks(h, buf, have);
		memmove(buf, buf + used, have - used);
		have -= used;
	}
	hash_final(h, buf, have, n, hex);
	free(buf);
	return 0;
}

static int job_run(void *arg)
{
	gs_sha256_job *j = arg;
	if (j->fd < 0 || hash_fd(j->fd, j->n, j->hex) < 0)
		gs_sha256_hex(j->data, j->n, j->hex);
	return 0;
}

void gs_sha256_start(gs_sha256_job *j, const uint8_t *data, size_t n, int fd)
{
	memset(j, 0, sizeof *j);
	j->data = data;
	j->n = n;
	j->fd = fd;
#ifdef HAVE_SHANI
	if (gs_sha256_accel < 0) /* decided here, on the calling thread, once */
		gs_sha256_accel = has_shani();
#endif
	if (n >= (1u << 20))
		gs_job_start(&j->job, job_run, j);
}

void gs_sha256_join(gs_sha256_job *j, char hex[65])
{
	if (j->job.fn)
		gs_job_join(&j->job);
	else
		job_run(j);
	memcpy(hex, j->hex, 65);
}
