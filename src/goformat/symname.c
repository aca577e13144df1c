/* symname.c - split a Go symbol name into its package (debug/gosym rules plus
 * compiler-generated type:, go:itab., go:string. forms). */
#include "symname.h"

#include <string.h>

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Copies s[0..n) to out, unescaping %xx. */
static void put(char *out, size_t outsz, const char *s, size_t n)
{
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

/* Package of an ordinary name s[0..n): up to the first '.' after the last '/'
 * that comes before any '(' or '['. Returns the length, 0 if none. */
static size_t pkg_len(const char *s, size_t n)
{
	size_t stop = n;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '(' || s[i] == '[') {
			stop = i;
			break;
		}
	size_t slash = 0;
	for (size_t i = 0; i < stop; i++)
		if (s[i] == '/')
			slash = i + 1;
	for (size_t i = slash; i < n; i++) {
		if (s[i] == '.')
			return i;
		if (s[i] == '(' || s[i] == '[' || s[i] == ' ' || s[i] == ',')
			return 0;
	}
	return 0;
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
	if (prefix(s, "type:") || prefix(s, "type.")) {
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
	if (prefix(s, "go:itab.") || prefix(s, "go.itab.")) {
		s += 8, n -= 8;
		const char *comma = memchr(s, ',', n);
		size_t l = type_pkg(&s, comma ? (size_t)(comma - s) : n);
		put(out, outsz, s, l);
		return GS_SYMC_ITAB;
	}
	if (prefix(s, "go:string.") || prefix(s, "go.string."))
		return GS_SYMC_STRING;
	if (prefix(s, "go:"))
		return GS_SYMC_LINKER;
	if (prefix(s, "go.")) {
		/* go.buildid, go.func.*, go.shape.*: linker symbols; go.uber.org/zap.F: a module path. */
		const char *slash = strchr(s, '/');
		size_t host = slash ? strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_~") : 0;
		if (!slash || s + host != slash || !memchr(s + 3, '.', host - 3))
			return GS_SYMC_LINKER;
	}
	if (!strchr(s, '.') || strchr(s, '@') || s[0] == '.' || s[0] == '_')
		return GS_SYMC_C;
	size_t l = pkg_len(s, n);
	if (l == 0)
		return GS_SYMC_C;
	put(out, outsz, s, l);
	return GS_SYMC_GO;
}
