/* cache.c: HMAC-SHA256 (RFC 4231 vectors), entries that round-trip, and every entry not
 * written under this cache's key refused and removed */
#include "unit.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shell/cache.h"
#include "util/err.h"

static void hmac_vectors(void)
{
	char hex[65];
	gs_cache_hmac((const unsigned char *)"Jefe", 4, (const unsigned char *)"what do ya want for nothing?", 28, hex);
	CHECK_STR(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	unsigned char key[20];
	memset(key, 0x0b, sizeof key);
	gs_cache_hmac(key, sizeof key, (const unsigned char *)"Hi There", 8, hex);
	CHECK_STR(hex, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

static void write_file(const char *path, const char *text, int mode)
{
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	chmod(path, (mode_t)mode);
}

static void entries(void)
{
	char root[] = "/tmp/gosize-unit-cache-XXXXXX", git[200], path[300], *text = NULL;
	size_t len = 0;
	if (!mkdtemp(root)) {
		CHECK(0, "mkdtemp");
		return;
	}
	snprintf(git, sizeof git, "%s/", root);
	CHECK(gs_cache_get(&text, &len, git, "abc") == GS_ENOTFOUND, "no key yet: nothing");
	CHECK(gs_cache_put(git, "abc", "{\"x\": 1}", 8) == 0, "put: %s", gs_errmsg());
	snprintf(path, sizeof path, "%sgosize/key", git);
	struct stat st;
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "the key is 0600");
	snprintf(path, sizeof path, "%sgosize", git);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0700, "its directory is 0700");
	CHECK(gs_cache_get(&text, &len, git, "abc") == 0 && len == 8 && strcmp(text, "{\"x\": 1}") == 0, "round trip");
	free(text);
	/* a planted entry (no MAC, or the MAC of another name, or edited): refused and removed */
	snprintf(path, sizeof path, "%sgosize/cache/def.json", git);
	write_file(path, "{\"x\": 2}", 0600);
	CHECK(gs_cache_get(&text, &len, git, "def") == GS_ENOTFOUND && access(path, F_OK) != 0, "no MAC: refused, removed");
	char from[300];
	snprintf(from, sizeof from, "%sgosize/cache/abc.json", git);
	CHECK(link(from, path) == 0, "copy abc's entry to def");
	CHECK(gs_cache_get(&text, &len, git, "def") == GS_ENOTFOUND, "another name's entry: refused");
	FILE *f = fopen(from, "r+");
	if (f) {
		fseek(f, -2, SEEK_END);
		fputc('2', f);
		fclose(f);
	}
	CHECK(gs_cache_get(&text, &len, git, "abc") == GS_ENOTFOUND && access(from, F_OK) != 0, "edited: refused, removed");
	/* a key others may read is not trusted: entries under it are refused, a new key is made */
	CHECK(gs_cache_put(git, "abc", "{\"x\": 1}", 8) == 0, "put again");
	snprintf(path, sizeof path, "%sgosize/key", git);
	chmod(path, 0644);
	CHECK(gs_cache_get(&text, &len, git, "abc") == GS_ENOTFOUND, "a readable key: entries refused");
	CHECK(gs_cache_put(git, "ghi", "{}", 2) == 0 && stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "a new key");
	CHECK(gs_cache_get(&text, &len, git, "abc") == GS_ENOTFOUND, "the old key's entries: refused");
	CHECK(gs_cache_get(&text, &len, git, "ghi") == 0, "the new key's entry");
	free(text);
	CHECK(gs_cache_get(&text, &len, git, "../key") == GS_ENOTFOUND, "a name with a path: refused");
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	CHECK(system(cmd) == 0, "cleanup");
}

void unit_cache(void)
{
	hmac_vectors();
	entries();
}
