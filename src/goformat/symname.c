/* symname.c - split a Go symbol name into its package (debug/gosym rules plus
 * compiler-generated type:, go:itab., go:string. forms). */
#include "goformat/symname.h"

#include <string.h>

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Copies s[0..n) to out, unescaping %xx. */
static void put(char *out, size_t outsz, const char *s, size_t n)
{
	if (!memchr(s, '%', n)) { /* most names: no escapes, one copy */
		size_t m = n < outsz - 1 ? n : outsz - 1;
		memcpy(out, s, m);
		out[m] = '\0';
		return;
	}
	size_t o = 0;
	for (size_t i = 0; i < n && o + 1 < outsz; i++) {
		if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			out[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
}

/* Package of an ordinary name s[0..n) (s[n] is NUL or the ',' ending an itab's
 * type): up to the first '.' after the last '/' that comes before any '(' or
 * '['. Returns the length, 0 if none (a ' ', ',', '(' or '[' comes first). */
static size_t pkg_len(const char *s, size_t n)
{
	size_t stop = strcspn(s, "([");
	if (stop > n)
		stop = n;
	size_t from = stop; /* just after the last '/' before stop (it is near stop) */
	while (from && s[from - 1] != '/')
		from--;
	size_t i = from + strcspn(s + from, ".([ ,");
	return i < n && s[i] == '.' ? i : 0;
}

/* Package of a type string: strip pointer, slice, array, chan prefixes; a
 * map, func, struct or interface type has none. */
static size_t type_pkg(const char **sp, size_t n)
{
	const char *s = *sp;
	for (;;) {
		if (n && s[0] == '*') {
			s++, n--;
		} else if (n >= 2 && s[0] == '[') {
			size_t i = 1;
			while (i < n && s[i] != ']' && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
				i++;
			if (i >= n || s[i] != ']')
				return 0;
			s += i + 1, n -= i + 1;
		} else if (n >= 5 && memcmp(s, "chan ", 5) == 0) {
			s += 5, n -= 5;
		} else if (n >= 7 && memcmp(s, "<-chan ", 7) == 0) {
			s += 7, n -= 7;
		} else {
			break;
		}
	}
	*sp = s;
	if (n >= 4 && (memcmp(s, "map[", 4) == 0 || memcmp(s, "func", 4) == 0))
		return 0;
	if ((n >= 6 && memcmp(s, "struct", 6) == 0) || (n >= 9 && memcmp(s, "interface", 9) == 0) ||
	    (n >= 3 && (memcmp(s, "go.", 3) == 0 || memcmp(s, "go:", 3) == 0)))
		return 0; /* unnamed, or a generic shape (go.shape.int) */
	return pkg_len(s, n);
}

static int prefix(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

gs_symclass gs_symname_package(const char *name, char *out, size_t outsz)
{
	out[0] = '\0';
	const char *s = name;
	size_t n = strlen(s);
	/* Type descriptors and helpers: type:*pkg.T, type:.eq.pkg.T, type..hash.pkg.T */
	if (s[0] == 't' && (prefix(s, "type:") || prefix(s, "type."))) {
		s += 5, n -= 5;
		static const char *helpers[] = {".eq.", ".hash.", "eq.", "hash.", ".namedata.", ".importpath."};
		for (size_t i = 0; i < sizeof helpers / sizeof *helpers; i++)
			if (prefix(s, helpers[i])) {
				size_t h = strlen(helpers[i]);
				s += h, n -= h;
				break;
			}
		size_t l = type_pkg(&s, n);
		put(out, outsz, s, l);
		return GS_SYMC_TYPE;
	}
	if (s[0] == 'g' && s[1] == 'o' && (s[2] == ':' || s[2] == '.')) {
		if (prefix(s + 3, "itab.")) {
			s += 8, n -= 8;
			const char *comma = memchr(s, ',', n);
			size_t l = type_pkg(&s, comma ? (size_t)(comma - s) : n);
			put(out, outsz, s, l);
			return GS_SYMC_ITAB;
		}
		if (prefix(s + 3, "string."))
			return GS_SYMC_STRING;
		if (s[2] == ':')
			return GS_SYMC_LINKER;
		/* go.buildid, go.func.*, go.shape.*: linker symbols; go.uber.org/zap.F: a module path. */
		const char *slash = strchr(s, '/');
		size_t host = slash ? strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_~") : 0;
		if (!slash || s + host != slash || !memchr(s + 3, '.', host - 3))
			return GS_SYMC_LINKER;
	}
	if (!memchr(s, '.', n) || memchr(s, '@', n) || s[0] == '.' || s[0] == '_')
		return GS_SYMC_C;
	size_t l = pkg_len(s, n);
	if (l == 0)
		return GS_SYMC_C;
	put(out, outsz, s, l);
	return GS_SYMC_GO;
}
