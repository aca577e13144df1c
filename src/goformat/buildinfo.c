/* buildinfo.c - find and decode .go.buildinfo (Go 1.13+, both layouts). */
#include "buildinfo.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "mem.h"

static const char MAGIC[14] = "\xff Go buildinf:";
#define BI_ALIGN 16
#define BI_HDR 32
#define BI_MAX_STR (16u << 20)

void gs_module_dispose(gs_module *m)
{
	free(m->path);
	free(m->version);
	free(m->sum);
	free(m->rep_path);
	free(m->rep_version);
	free(m->rep_sum);
	memset(m, 0, sizeof *m);
}

void gs_buildinfo_dispose(gs_buildinfo *bi)
{
	free(bi->goversion);
	free(bi->path);
	gs_module_dispose(&bi->main);
	for (size_t i = 0; i < bi->ndeps; i++)
		gs_module_dispose(&bi->deps[i]);
	for (size_t i = 0; i < bi->nsettings; i++) {
		free(bi->settings[i].key);
		free(bi->settings[i].value);
	}
	free(bi->deps);
	free(bi->settings);
	memset(bi, 0, sizeof *bi);
}

const char *gs_buildinfo_setting(const gs_buildinfo *bi, const char *key)
{
	for (size_t i = 0; i < bi->nsettings; i++)
		if (strcmp(bi->settings[i].key, key) == 0)
			return bi->settings[i].value;
	return NULL;
}

static int put_utf8(char *d, unsigned long c)
{
	if (c < 0x80) { d[0] = (char)c; return 1; }
	if (c < 0x800) { d[0] = (char)(0xc0 | c >> 6); d[1] = (char)(0x80 | (c & 0x3f)); return 2; }
	if (c < 0x10000) {
		d[0] = (char)(0xe0 | c >> 12); d[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		d[2] = (char)(0x80 | (c & 0x3f)); return 3;
	}
	d[0] = (char)(0xf0 | c >> 18); d[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	d[2] = (char)(0x80 | ((c >> 6) & 0x3f)); d[3] = (char)(0x80 | (c & 0x3f)); return 4;
}

/* Unquotes the Go string literal at s (len n, starting with " or `). Sets *used to
 * the bytes consumed. Returns a new string or NULL (error set). */
static char *go_unquote(const char *s, size_t n, size_t *used)
{
	char q = s[0];
	char *d = malloc(n * 4 + 1), *o = d;
	if (!d) {
		gs_fail("out of memory");
		return NULL;
	}
	size_t i = 1;
	while (i < n && s[i] != q) {
		if (q == '`' || s[i] != '\\') {
			*o++ = s[i++];
			continue;
		}
		if (++i >= n)
			break;
		char c = s[i++];
		static const char esc[] = "a\ab\bf\fn\nr\rt\tv\v\\\\\"\"''";
		const char *e = strchr(esc, c);
		if (e && (e - esc) % 2 == 0 && c) {
			*o++ = e[1];
			continue;
		}
		int digits = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : (c >= '0' && c <= '7') ? 3 : 0;
		if (!digits || (c >= '0' && c <= '7' ? i - 1 : i) + (size_t)digits > n)
			goto bad;
		unsigned long v = 0;
		size_t start = c >= '0' && c <= '7' ? i - 1 : i;
		for (int k = 0; k < digits; k++) {
			char h = s[start + (size_t)k];
			int x = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 :
			        h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
			if (x < 0 || (c >= '0' && c <= '7' && x > 7))
				goto bad;
			v = v * (c >= '0' && c <= '7' ? 8 : 16) + (unsigned long)x;
		}
		i = start + (size_t)digits;
		if (c == 'x' || (c >= '0' && c <= '7'))
			*o++ = (char)v;
		else
			o += put_utf8(o, v > 0x10ffff ? 0xfffd : v);
	}
	if (i >= n)
		goto bad;
	*o = '\0';
	*used = i + 1;
	return d;
bad:
	free(d);
	gs_fail("build info: bad quoted string");
	return NULL;
}

/* Splits a tab-separated line into up to max fields (pointers into a copy). */
static int split_tabs(char *line, char **f, int max)
{
	int n = 0;
	for (char *p = line; n < max;) {
		f[n++] = p;
		char *t = strchr(p, '\t');
		if (!t)
			break;
		*t = '\0';
		p = t + 1;
	}
	return n;
}

static int set_module(gs_module *m, char **f, int nf)
{
	m->path = gs_strdup(f[0]);
	m->version = gs_strdup(nf > 1 ? f[1] : "");
	m->sum = gs_strdup(nf > 2 ? f[2] : "");
	return m->path && m->version && m->sum ? 0 : -1;
}

static int parse_build(gs_buildinfo *bi, const char *kv)
{
	char *key = NULL, *val = NULL;
	size_t used = 0;
	const char *rest;
	if (*kv == '"' || *kv == '`') {
		if (!(key = go_unquote(kv, strlen(kv), &used)))
			return -1;
		rest = kv + used;
		if (*rest != '=')
			goto bad;
		rest++;
	} else {
		const char *eq = strchr(kv, '=');
		if (!eq || eq == kv)
			goto bad;
		if (!(key = gs_strndup(kv, (size_t)(eq - kv))))
			return -1;
		rest = eq + 1;
	}
	if (*rest == '"' || *rest == '`') {
		if (!(val = go_unquote(rest, strlen(rest), &used)))
			goto fail;
	} else if (!(val = gs_strdup(rest))) {
		goto fail;
	}
	gs_setting *s = GS_PUSH(bi->settings, bi->nsettings, bi->settings_cap);
	if (!s)
		goto fail;
	s->key = key;
	s->value = val;
	return 0;
bad:
	gs_fail("build info: bad build setting line \"build\t%.60s\"", kv);
fail:
	free(key);
	free(val);
	return -1;
}

int gs_buildinfo_parse_modinfo(gs_buildinfo *bi, const char *s, size_t n)
{
	/* Go wraps modinfo in 16 sentinel bytes on each side. */
	if (n >= 33 && s[n - 17] == '\n') {
		s += 16;
		n -= 32;
	}
	char *copy = gs_strndup(s, n);
	if (!copy)
		return -1;
	int rc = 0;
	gs_module *last = NULL;
	for (char *line = copy, *nl; rc == 0 && line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		char *f[4];
		if (strncmp(line, "path\t", 5) == 0) {
			free(bi->path);
			rc = (bi->path = gs_strdup(line + 5)) ? 0 : -1;
		} else if (strncmp(line, "mod\t", 4) == 0) {
			gs_module_dispose(&bi->main);
			rc = set_module(&bi->main, f, split_tabs(line + 4, f, 3));
			last = &bi->main;
		} else if (strncmp(line, "dep\t", 4) == 0) {
			gs_module *m = GS_PUSH(bi->deps, bi->ndeps, bi->deps_cap);
			rc = m ? set_module(m, f, split_tabs(line + 4, f, 3)) : -1;
			last = m;
		} else if (strncmp(line, "=>\t", 3) == 0) {
			int nf = split_tabs(line + 3, f, 3);
			if (!last || last->rep_path) {
				rc = gs_fail("build info: replacement with no module on the line before");
			} else {
				last->rep_path = gs_strdup(f[0]);
				last->rep_version = gs_strdup(nf > 1 ? f[1] : "");
				last->rep_sum = gs_strdup(nf > 2 ? f[2] : "");
				rc = last->rep_path && last->rep_version && last->rep_sum ? 0 : -1;
			}
			last = NULL;
		} else if (strncmp(line, "build\t", 6) == 0) {
			rc = parse_build(bi, line + 6);
		}
	}
	free(copy);
	return rc;
}

/* Reads the Go string header {data, len} at VM address addr into a new string
 * *out. Returns 0, GS_ENOTFOUND (no message) when the header or its bytes are
 * not in the file, or -1 (out of memory, message set). */
static int read_gostring(const gs_binary *b, uint64_t addr, char **out, size_t *n)
{
	uint64_t data, len;
	gs_rd r;
	*out = NULL;
	if (gs_binary_ptr(b, addr, &data) < 0 || gs_binary_at(b, addr + (uint64_t)b->ptrsize, (uint64_t)b->ptrsize, &r) < 0)
		return GS_ENOTFOUND;
	len = gs_rd_uptr(&r, 0);
	if (len > BI_MAX_STR || gs_binary_at(b, data, len, &r) < 0)
		return GS_ENOTFOUND;
	*n = (size_t)len;
	return (*out = gs_strndup((const char *)r.p, (size_t)len)) ? 0 : -1;
}

static int decode(gs_buildinfo *bi, const gs_binary *b, uint64_t off)
{
	gs_rd f = gs_binary_rd(b);
	uint8_t ptrsize = gs_rd_u8(&f, off + 14), flags = gs_rd_u8(&f, off + 15);
	if (ptrsize != 4 && ptrsize != 8)
		return gs_fail("build info at offset %llu: bad pointer size %u", (unsigned long long)off, ptrsize);
	bi->found = 1;
	bi->off = off;
	char *mod = NULL;
	size_t modlen = 0;
	if (flags & 2) {
		uint64_t p = off + BI_HDR;
		uint64_t n = gs_rd_uvarint(&f, &p);
		if (f.bad || !gs_rd_has(&f, p, n) || n > BI_MAX_STR)
			return gs_fail("build info at offset %llu: Go version string out of range", (unsigned long long)off);
		if (!(bi->goversion = gs_strndup((const char *)f.p + p, (size_t)n)))
			return -1;
		p += n;
		n = gs_rd_uvarint(&f, &p);
		if (f.bad || !gs_rd_has(&f, p, n) || n > BI_MAX_STR)
			return gs_fail("build info at offset %llu: module info out of range", (unsigned long long)off);
		mod = (char *)f.p + p;
		modlen = (size_t)n;
		return gs_buildinfo_parse_modinfo(bi, mod, modlen);
	}
	/* Go 1.13-1.17: two pointers to Go string headers, in the binary's byte order. */
	gs_binary tb = *b;
	tb.ptrsize = ptrsize;
	tb.be = flags & 1;
	gs_rd h = gs_rd_make(b->data, b->size, tb.be, ptrsize);
	uint64_t vaddr = gs_rd_uptr(&h, off + 16), maddr = gs_rd_uptr(&h, off + 16 + ptrsize);
	int rc = read_gostring(&tb, vaddr, &bi->goversion, &modlen);
	if (rc == GS_ENOTFOUND)
		return gs_fail("build info at offset %llu: the Go version string (header at 0x%llx) is not in the file",
		               (unsigned long long)off, (unsigned long long)vaddr);
	if (rc < 0)
		return -1;
	/* Go 1.13 may leave runtime.modinfo in .bss (no module data in the file,
	 * as `go version -m` also finds): the module list is unknown, not an error */
	rc = read_gostring(&tb, maddr, &mod, &modlen);
	if (rc == GS_ENOTFOUND) {
		bi->no_modinfo = 1;
		return 0;
	}
	if (rc < 0)
		return -1;
	rc = gs_buildinfo_parse_modinfo(bi, mod, modlen);
	free(mod);
	return rc;
}

/* Searches [off, off+len) for the magic at 16-byte-aligned file offsets
 * relative to base (sections are aligned in memory, and file offset and VM
 * address agree modulo the page size). */
static int buildinfo_read(gs_buildinfo *bi, const gs_binary *b);

static int64_t scan(const gs_binary *b, uint64_t off, uint64_t len, uint64_t addr)
{
	uint64_t skew = (BI_ALIGN - (addr % BI_ALIGN)) % BI_ALIGN;
	for (uint64_t p = skew; p + BI_HDR <= len; p += BI_ALIGN)
		if (memcmp(b->data + off + p, MAGIC, sizeof MAGIC) == 0)
			return (int64_t)(off + p);
	return -1;
}

/* Without a build info header (Go's wasm writes none): the runtime.modinfo
 * string, found by its sentinels in writable segments, and the Go version the
 * container names. Returns 0 (found or not) or -1. */
static int modinfo_only(gs_buildinfo *bi, const gs_binary *b)
{
	static const char START[16] = "\x30\x77\xaf\x0c\x92\x74\x08\x02\x41\xe1\xc1\x07\xe6\xd6\x18\xe6";
	static const char END[16] = "\xf9\x32\x43\x31\x86\x18\x20\x72\x00\x82\x42\x10\x41\x16\xd8\xf2";
	const uint8_t *mod = NULL, *mend = NULL;
	for (size_t i = 0; !mod && i < b->nsegs; i++) {
		const gs_segment *g = &b->segs[i];
		if (!g->write || g->exec || g->off > b->vsize || g->filesz > b->vsize - g->off)
			continue;
		const uint8_t *p = b->data + g->off, *e = p + g->filesz;
		while (!mod && (p = memmem(p, (size_t)(e - p), START, sizeof START)) != NULL) {
			size_t avail = (size_t)(e - p) < BI_MAX_STR ? (size_t)(e - p) : BI_MAX_STR;
			const uint8_t *q = avail > 32 ? memmem(p + 16, avail - 16, END, sizeof END) : NULL;
			if (q && q > p + 16 && q[-1] == '\n')
				mod = p, mend = q + 16;
			else
				p++;
		}
	}
	if (!mod && !b->toolchain)
		return 0;
	bi->found = 1;
	bi->off = mod ? (uint64_t)(mod - b->data) : 0;
	if (b->toolchain && !(bi->goversion = gs_strdup(b->toolchain)))
		goto fail;
	if (!mod)
		bi->no_modinfo = 1;
	else if (gs_buildinfo_parse_modinfo(bi, (const char *)mod, (size_t)(mend - mod)) < 0)
		goto fail;
	return 0;
fail:
	gs_buildinfo_dispose(bi);
	return -1;
}

/* 1 if s[0..n) is a Go release version as runtime.buildVersion holds it:
 * go1.N, go1.N.M, go1.NrcK/betaK, then optionally " " and experiment tags. */
static int is_goversion(const uint8_t *s, uint64_t n)
{
	uint64_t i = 4, d;
	if (n < 5 || n > 64 || memcmp(s, "go1.", 4) != 0)
		return 0;
	for (d = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++, d++)
		;
	if (!d || d > 3)
		return 0;
	if (i < n && s[i] == '.') {
		for (i++, d = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++, d++)
			;
		if (!d)
			return 0;
	}
	while (i < n && s[i] >= 'a' && s[i] <= 'z' && (s[i] == 'r' || s[i] == 'c' || s[i] == 'b' || s[i] == 'e' ||
	                                                s[i] == 't' || s[i] == 'a'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i < n && s[i] != ' ')
		return 0;
	for (; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return 0;
	return 1;
}

/* Without build info: the runtime's buildVersion, a string variable the
 * linker fills, found by its structure: a pointer-aligned {data, len} header
 * in writable data whose data, in read-only data, is a Go version. */
static int version_from_runtime(gs_buildinfo *bi, const gs_binary *b)
{
	uint64_t P = (uint64_t)b->ptrsize;
	for (size_t i = 0; i < b->nsecs; i++) {
		const gs_section *s = &b->secs[i];
		if (!s->alloc || !s->write || s->exec || !s->size || s->addr % P)
			continue;
		for (uint64_t a = s->addr; a + 2 * P <= s->addr + s->size; a += P) {
			uint64_t ptr, len;
			gs_rd r;
			if (gs_binary_ptr(b, a + P, &len) < 0 || len < 5 || len > 64 || gs_binary_ptr(b, a, &ptr) < 0 ||
			    gs_binary_at(b, ptr, len, &r) < 0 || !is_goversion(r.p, len))
				continue;
			const gs_section *t = NULL;
			for (size_t k = 0; k < b->nsecs && !t; k++)
				if (b->secs[k].alloc && b->secs[k].size && ptr >= b->secs[k].addr &&
				    ptr - b->secs[k].addr < b->secs[k].size)
					t = &b->secs[k];
			if (!t || t->write || t->exec)
				continue;
			if (!(bi->goversion = gs_strndup((const char *)r.p, (size_t)len)))
				return -1;
			bi->version_from = "runtime.buildVersion";
			return 0;
		}
	}
	return 0;
}

int gs_buildinfo_read(gs_buildinfo *bi, const gs_binary *b)
{
	int rc = buildinfo_read(bi, b);
	if (rc == 0 && !bi->goversion) {
		if (version_from_runtime(bi, b) < 0) {
			gs_buildinfo_dispose(bi);
			return -1;
		}
		if (bi->goversion && !bi->found)
			bi->found = 1, bi->no_modinfo = 1;
	}
	return rc;
}

static int buildinfo_read(gs_buildinfo *bi, const gs_binary *b)
{
	memset(bi, 0, sizeof *bi);
	const gs_section *s = gs_binary_section(b, ".go.buildinfo");
	if (!s)
		s = gs_binary_section(b, "__go_buildinfo");
	int64_t at = -1;
	if (s && s->size >= BI_HDR)
		at = scan(b, s->off, s->size, s->addr);
	/* No (usable) section: scan writable data sections, then writable segments. */
	for (size_t i = 0; at < 0 && i < b->nsecs; i++)
		if (b->secs[i].alloc && b->secs[i].write && b->secs[i].size)
			at = scan(b, b->secs[i].off, b->secs[i].size, b->secs[i].addr);
	for (size_t i = 0; at < 0 && i < b->nsegs; i++)
		if (b->segs[i].write && !b->segs[i].exec)
			at = scan(b, b->segs[i].off, b->segs[i].filesz, b->segs[i].addr);
	if (at < 0)
		return modinfo_only(bi, b);
	if (decode(bi, b, (uint64_t)at) < 0) {
		gs_buildinfo_dispose(bi);
		return -1;
	}
	return 0;
}

/* The module of an import path by the hosting conventions, when the binary
 * names none: github.com/a/b (gitlab.com, bitbucket.org, codeberg.org),
 * golang.org/x/n, gopkg.in/n.vN, other hosts host/first; a /vN major suffix
 * stays with its module. Writes it to buf; 0, or GS_ENOTFOUND for std or no room. */
int gs_module_infer(const char *pkg, char *buf, size_t bufsz)
{
	static const char *three[] = {"github.com/", "gitlab.com/", "bitbucket.org/", "codeberg.org/", "golang.org/x/",
	                              "git.sr.ht/"};
	const char *slash = strchr(pkg, '/');
	size_t first = slash ? (size_t)(slash - pkg) : strlen(pkg);
	if (!memchr(pkg, '.', first))
		return GS_ENOTFOUND;
	int parts = 2;
	for (size_t i = 0; i < sizeof three / sizeof *three; i++)
		if (strncmp(pkg, three[i], strlen(three[i])) == 0)
			parts = 3;
	size_t n = 0;
	for (int k = 0; pkg[n] && k < parts; k++) {
		while (pkg[n] && pkg[n] != '/')
			n++;
		if (k + 1 < parts && pkg[n] == '/')
			n++;
	}
	if (n && pkg[n - 1] == '/')
		n--;
	/* a major version suffix: .../v2 */
	if (pkg[n] == '/' && pkg[n + 1] == 'v' && pkg[n + 2] >= '1' && pkg[n + 2] <= '9') {
		size_t m = n + 2;
		while (pkg[m] >= '0' && pkg[m] <= '9')
			m++;
		if (pkg[m] == '\0' || pkg[m] == '/')
			n = m;
	}
	if (n + 1 > bufsz)
		return GS_ENOTFOUND;
	memcpy(buf, pkg, n);
	buf[n] = '\0';
	return 0;
}
