/* cache.c - authenticated entries of the local snapshot cache (cache.h). */
#include "shell/cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/err.h"
#include "shell/io.h"
#include "util/sha256.h"

#define KEY_LEN 32
#define MAGIC "gosize-cache-v1"
#define HEAD_LEN (sizeof MAGIC - 1 + 1 + 64 + 1) /* MAGIC, space, 64 hex digits, newline */
#define ENTRY_MAX (1024ull << 20)

static int unhex(int c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1; }

void gs_cache_hmac(const unsigned char *key, size_t klen, const unsigned char *msg, size_t n, char hex[65])
{
	unsigned char pad[64], *buf = malloc(64 + (n > 32 ? n : 32));
	if (!buf) { /* a MAC that never matches: the entry is rebuilt */
		memset(hex, '-', 64);
		hex[64] = '\0';
		return;
	}
	memset(pad, 0, sizeof pad);
	memcpy(pad, key, klen > 64 ? 64 : klen);
	for (int i = 0; i < 64; i++)
		buf[i] = pad[i] ^ 0x36;
	memcpy(buf + 64, msg, n);
	char inner[65];
	gs_sha256_hex(buf, 64 + n, inner);
	for (int i = 0; i < 64; i++)
		buf[i] = pad[i] ^ 0x5c;
	for (int i = 0; i < 32; i++)
		buf[64 + i] = (unsigned char)(unhex(inner[2 * i]) << 4 | unhex(inner[2 * i + 1]));
	gs_sha256_hex(buf, 64 + 32, hex);
	free(buf);
}

/* The MAC an entry name with contents text[0..len) carries: over the name and the contents' hash. */
static void entry_mac(const unsigned char key[KEY_LEN], const char *name, const char *text, size_t len, char mac[65])
{
	char body[65], msg[256];
	gs_sha256_hex((const uint8_t *)text, len, body);
	int n = snprintf(msg, sizeof msg, "%s\n%s\n%s", MAGIC, name, body);
	gs_cache_hmac(key, KEY_LEN, (const unsigned char *)msg, (size_t)n, mac);
}

static int name_ok(const char *name)
{
	size_t n = strlen(name);
	if (!n || n > 100 || name[0] == '.')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') ||
		      (name[i] >= '0' && name[i] <= '9') || name[i] == '-' || name[i] == '_' || name[i] == '.'))
			return 0;
	return 1;
}

/* dir exists (made when create), is a directory (not a link) of this user, and only this user
 * may enter it (mode 0700, set when it was looser). 0, or GS_ENOTFOUND. */
static int private_dir(const char *dir, int create)
{
	if (create && mkdir(dir, 0700) < 0 && errno != EEXIST)
		return GS_ENOTFOUND;
	struct stat st;
	if (lstat(dir, &st) < 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid())
		return GS_ENOTFOUND;
	if ((st.st_mode & 077) && chmod(dir, 0700) < 0)
		return GS_ENOTFOUND;
	return 0;
}

/* Reads the key file at path: a regular file (not a link) of this user that nobody else may
 * read or write, holding 64 hex digits. 0, or GS_ENOTFOUND. */
static int read_key(unsigned char key[KEY_LEN], const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return GS_ENOTFOUND;
	struct stat st;
	char hex[2 * KEY_LEN];
	int ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() && !(st.st_mode & 077) &&
	         st.st_size == (off_t)sizeof hex && read(fd, hex, sizeof hex) == (ssize_t)sizeof hex;
	close(fd);
	for (int i = 0; ok && i < KEY_LEN; i++) {
		int hi = unhex(hex[2 * i]), lo = unhex(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			ok = 0;
		else
			key[i] = (unsigned char)(hi << 4 | lo);
	}
	return ok ? 0 : GS_ENOTFOUND;
}

/* The cache's key (GITDIR/gosize/key), made when create and there is none (or one that
 * others may read or write, which is replaced: entries made under it are refused from then
 * on). 0, or GS_ENOTFOUND. */
static int load_key(unsigned char key[KEY_LEN], const char *gitdir, int create)
{
	char dir[4200], path[4300], tmp[4400];
	snprintf(dir, sizeof dir, "%sgosize", gitdir);
	if (private_dir(dir, create) < 0)
		return GS_ENOTFOUND;
	snprintf(path, sizeof path, "%s/key", dir);
	if (read_key(key, path) == 0)
		return 0;
	if (!create)
		return GS_ENOTFOUND;
	unsigned char fresh[KEY_LEN];
	size_t got = 0;
	while (got < sizeof fresh) {
		ssize_t r = getrandom(fresh + got, sizeof fresh - got, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return GS_ENOTFOUND;
		got += (size_t)r;
	}
	char hex[2 * KEY_LEN + 1];
	for (int i = 0; i < KEY_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", fresh[i]);
	snprintf(tmp, sizeof tmp, "%s/key.tmpXXXXXX", dir);
	int fd = mkstemp(tmp); /* mode 0600 */
	if (fd < 0)
		return GS_ENOTFOUND;
	int ok = gs_fd_write_all(fd, hex, 2 * KEY_LEN) == 0;
	ok = close(fd) == 0 && ok;
	/* a first key is linked in (another gosize may have made one meanwhile: then that one is
	 * used); one that could not be trusted is replaced */
	if (ok && link(tmp, path) < 0) {
		if (errno == EEXIST && read_key(key, path) == 0) {
			unlink(tmp);
			return 0;
		}
		ok = rename(tmp, path) == 0;
	}
	unlink(tmp);
	if (!ok)
		return GS_ENOTFOUND;
	memcpy(key, fresh, KEY_LEN);
	return 0;
}

static void entry_path(char *out, size_t n, const char *gitdir, const char *name)
{
	snprintf(out, n, "%sgosize/cache/%s.json", gitdir, name);
}

int gs_cache_get(char **text, size_t *len, const char *gitdir, const char *name)
{
	*text = NULL;
	*len = 0;
	unsigned char key[KEY_LEN];
	if (!name_ok(name) || load_key(key, gitdir, 0) < 0)
		return GS_ENOTFOUND;
	char path[4400];
	entry_path(path, sizeof path, gitdir, name);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return GS_ENOTFOUND;
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() || (uint64_t)st.st_size < HEAD_LEN ||
	    (uint64_t)st.st_size > ENTRY_MAX) {
		close(fd);
		unlink(path);
		return GS_ENOTFOUND;
	}
	size_t size = (size_t)st.st_size;
	char *buf = malloc(size + 1);
	if (!buf) {
		close(fd);
		return gs_fail("out of memory");
	}
	size_t got = gs_fd_read_full(fd, buf, size);
	close(fd);
	buf[got] = '\0';
	char mac[65];
	int ok = got == size && memcmp(buf, MAGIC " ", sizeof MAGIC) == 0 && buf[HEAD_LEN - 1] == '\n';
	if (ok) {
		entry_mac(key, name, buf + HEAD_LEN, size - HEAD_LEN, mac);
		unsigned diff = 0; /* compared in constant time */
		for (int i = 0; i < 64; i++)
			diff |= (unsigned)(mac[i] ^ buf[sizeof MAGIC + (size_t)i]);
		ok = diff == 0;
	}
	if (!ok) {
		free(buf);
		unlink(path); /* not gosize's: rebuilt, never trusted */
		return GS_ENOTFOUND;
	}
	memmove(buf, buf + HEAD_LEN, size - HEAD_LEN + 1);
	*text = buf;
	*len = size - HEAD_LEN;
	return 0;
}

int gs_cache_put(const char *gitdir, const char *name, const char *text, size_t len)
{
	unsigned char key[KEY_LEN];
	if (!name_ok(name))
		return gs_fail("cache: bad entry name");
	if (load_key(key, gitdir, 1) < 0)
		return gs_fail("cache: no key in %sgosize", gitdir);
	char dir[4300], path[4400], tmp[4500];
	snprintf(dir, sizeof dir, "%sgosize/cache", gitdir);
	if (private_dir(dir, 1) < 0)
		return gs_fail("cache: %s is not a private directory", dir);
	entry_path(path, sizeof path, gitdir, name);
	char head[HEAD_LEN + 1], mac[65];
	entry_mac(key, name, text, len, mac);
	snprintf(head, sizeof head, "%s %s\n", MAGIC, mac);
	snprintf(tmp, sizeof tmp, "%s.tmpXXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0)
		return gs_fail("cache: cannot create %s: %s", tmp, strerror(errno));
	int ok = gs_fd_write_all(fd, head, HEAD_LEN) == 0 && gs_fd_write_all(fd, text, len) == 0;
	ok = close(fd) == 0 && ok;
	if (!ok || rename(tmp, path) < 0) {
		unlink(tmp);
		return gs_fail("cache: cannot write %s", path);
	}
	return 0;
}
