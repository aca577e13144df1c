/* buildinfo.c - the build info of a snapshot (Go version, main module,
 * dependencies, build settings): the modinfo text's parser, look-ups, module
 * inference for binaries that name no modules. Pure. */
#include "model/buildinfo.h"

#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/mem.h"

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
