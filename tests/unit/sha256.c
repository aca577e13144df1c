/* sha256.c: digests, the accelerated path and hashing on a thread */
#include "unit.h"

#include <unistd.h>

#include "util/sha256.h"

static void test_sha256(void)
{
	char hex[65];
	gs_sha256_hex((const uint8_t *)"", 0, hex);
	CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	gs_sha256_hex((const uint8_t *)"abc", 3, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	gs_sha256_hex((const uint8_t *)m, strlen(m), hex);
	CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	/* the accelerated path (if this CPU has one) agrees with the portable one */
	int accel = gs_sha256_accel;
	static uint8_t buf[5000];
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (uint8_t)(i * 131 + (i >> 7));
	int same = 1;
	for (size_t len = 0; len < sizeof buf; len += 61) {
		char a[65], b[65];
		gs_sha256_accel = 0;
		gs_sha256_hex(buf, len, a);
		gs_sha256_accel = accel < 0 ? -1 : accel;
		gs_sha256_hex(buf, len, b);
		same &= strcmp(a, b) == 0;
	}
	CHECK(same, "accelerated SHA-256 (%s) equals the portable one", gs_sha256_accel == 1 ? "SHA-NI" : "not present");
	/* a hash on a thread of its own gives the digest the calling thread would */
	size_t big = (3u << 20) + 77;
	uint8_t *d = malloc(big);
	if (d) {
		for (size_t i = 0; i < big; i++)
			d[i] = (uint8_t)(i * 2654435761u >> 13);
		static const size_t lens[] = {0, 1, 1u << 20, (1u << 20) + 55, (3u << 20) + 77};
		int threads = gs_threads, same_job = 1, any_thread = 0, same_fd = 1;
		char path[] = "/tmp/gosize-unit-sha256-XXXXXX";
		int fd = mkstemp(path);
		if (fd >= 0) {
			unlink(path);
			CHECK(write(fd, d, big) == (ssize_t)big, "the hash's input written to a temporary file");
		}
		for (size_t k = 0; k < sizeof lens / sizeof *lens; k++) {
			char want[65], got[65];
			gs_sha256_hex(d, lens[k], want);
			for (gs_threads = 0; gs_threads <= 1; gs_threads++) {
				gs_sha256_job j;
				gs_sha256_start(&j, d, lens[k], -1);
				any_thread |= j.job.started;
				gs_sha256_join(&j, got);
				same_job &= strcmp(want, got) == 0;
				/* read from a file with pread (fd), and from the mapping when the reads fail */
				for (int bad = 0; fd >= 0 && bad <= 1; bad++) {
					gs_sha256_start(&j, d, lens[k], bad ? 1 << 20 : fd);
					gs_sha256_join(&j, got);
					same_fd &= strcmp(want, got) == 0;
				}
			}
		}
		gs_threads = threads;
		CHECK(same_job, "SHA-256 jobs (threaded and not) equal gs_sha256_hex");
		CHECK(any_thread, "a large input is hashed on a thread of its own");
		CHECK(fd >= 0 && same_fd, "SHA-256 jobs reading the file (pread), or the mapping when reads fail, equal gs_sha256_hex");
		if (fd >= 0)
			close(fd);
		free(d);
	}
}

void unit_sha256(void)
{
	test_sha256();
}
