/* symname.c: the package and class of a symbol name */
#include "unit.h"

#include "goformat/symname.h"

static void test_symname(void)
{
	static const char *cases[][3] = {
		{"runtime.mallocgc", "runtime", "go"},
		{"main.main", "main", "go"},
		{"net/http.(*Server).Serve", "net/http", "go"},
		{"net/http.Header.Get", "net/http", "go"},
		{"github.com/a/b.(*T).M-fm", "github.com/a/b", "go"},
		{"github.com/a/b.F.func1.2", "github.com/a/b", "go"},
		{"example.com/x.F[...]", "example.com/x", "go"},
		{"example.com/x.(*List[go.shape.int]).Push", "example.com/x", "go"},
		{"example.com/x.Map[example.com/y.T,go.shape.string]", "example.com/x", "go"},
		{"gopkg.in/yaml%2ev2.Unmarshal", "gopkg.in/yaml.v2", "go"},
		{"vendor/golang.org/x/net/http2/hpack.(*Decoder).Write", "vendor/golang.org/x/net/http2/hpack", "go"},
		{"go.uber.org/zap.New", "go.uber.org/zap", "go"},
		{"type:.eq.example.com/x.T", "example.com/x", "type"},
		{"type..eq.[...]internal/cpu.option", "internal/cpu", "type"},
		{"type..hash.[2]interface {}", "", "type"},
		{"type:*net/http.Request", "net/http", "type"},
		{"type.map[string]int", "", "type"},
		{"go:itab.*os.File,io.Reader", "os", "itab"},
		{"go.itab.*example.com/x.T,error", "example.com/x", "itab"},
		{"go:string.\"hello\"", "", "string"},
		{"go:buildid", "", "linker"},
		{"go.buildid", "", "linker"},
		{"go.shape.int", "", "linker"},
		{"type:.eq.go.shape.struct { net/netip.isV6 bool; net/netip.zoneV6 string }", "", "type"},
		{"go.shape.struct { net/netip.isV6 bool; net/netip.zoneV6 string }.F", "", "linker"},
		{"x_cgo_init", "", "c"},
		{"memcpy@GLIBC_2.14", "", "c"},
		{"_cgo_0b49d6ed4a0b_Cfunc_add", "", "c"},
		{"example.com/x._Cfunc_add", "example.com/x", "go"},
		{"main.glob..func1", "main", "go"},
	};
	static const char *cls[] = {"go", "type", "itab", "string", "linker", "c"};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char out[256];
		gs_symclass c = gs_symname_package(cases[i][0], out, sizeof out);
		CHECK(strcmp(out, cases[i][1]) == 0 && strcmp(cls[c], cases[i][2]) == 0,
		      "%s: got (%s, %s), want (%s, %s)", cases[i][0], out, cls[c], cases[i][1], cases[i][2]);
	}
}

/* The package rules written the plain way (the implementation finds the same
 * bytes with string scans): the reference for random names. */
static size_t ref_pkg_len(const char *s, size_t n)
{
	size_t stop = n, slash = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '(' || s[i] == '[') {
			stop = i;
			break;
		}
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

static int ref_prefix(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

static int ref_hex(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static void ref_put(char *out, size_t outsz, const char *s, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 1 < outsz; i++) {
		if (s[i] == '%' && i + 2 < n && ref_hex(s[i + 1]) >= 0 && ref_hex(s[i + 2]) >= 0) {
			out[o++] = (char)(ref_hex(s[i + 1]) * 16 + ref_hex(s[i + 2]));
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
}

static size_t ref_type_pkg(const char **sp, size_t n)
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
		return 0;
	return ref_pkg_len(s, n);
}

static gs_symclass ref_package(const char *name, char *out, size_t outsz)
{
	out[0] = '\0';
	const char *s = name;
	size_t n = strlen(s);
	if (ref_prefix(s, "type:") || ref_prefix(s, "type.")) {
		s += 5, n -= 5;
		static const char *helpers[] = {".eq.", ".hash.", "eq.", "hash.", ".namedata.", ".importpath."};
		for (size_t i = 0; i < sizeof helpers / sizeof *helpers; i++)
			if (ref_prefix(s, helpers[i])) {
				s += strlen(helpers[i]), n -= strlen(helpers[i]);
				break;
			}
		ref_put(out, outsz, s, ref_type_pkg(&s, n));
		return GS_SYMC_TYPE;
	}
	if (ref_prefix(s, "go:itab.") || ref_prefix(s, "go.itab.")) {
		s += 8, n -= 8;
		const char *comma = memchr(s, ',', n);
		size_t l = ref_type_pkg(&s, comma ? (size_t)(comma - s) : n);
		ref_put(out, outsz, s, l);
		return GS_SYMC_ITAB;
	}
	if (ref_prefix(s, "go:string.") || ref_prefix(s, "go.string."))
		return GS_SYMC_STRING;
	if (ref_prefix(s, "go:"))
		return GS_SYMC_LINKER;
	if (ref_prefix(s, "go.")) {
		const char *slash = strchr(s, '/');
		size_t host = slash ? strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_~") : 0;
		if (!slash || s + host != slash || !memchr(s + 3, '.', host - 3))
			return GS_SYMC_LINKER;
	}
	if (!strchr(s, '.') || strchr(s, '@') || s[0] == '.' || s[0] == '_')
		return GS_SYMC_C;
	size_t l = ref_pkg_len(s, n);
	if (l == 0)
		return GS_SYMC_C;
	ref_put(out, outsz, s, l);
	return GS_SYMC_GO;
}

/* Names glued from the pieces the rules look at, against the reference, with
 * room for the whole package and with a buffer too small for it. */
static void test_symname_random(void)
{
	static const char *parts[] = {"a", "b9", "/", ".", "..", "(", ")", "[", "]", " ", ",", "%2e", "%2", "%",
	                              "%zz", "*", "[]", "[4]", "chan ", "<-chan ", "map[", "func", "struct", "@", "_",
	                              "go.", "go:", "type:", "type.", "go:itab.", "go.itab.", "go:string.", ".eq.",
	                              "hash.", "x.y/", "github.com/", "interface", "go.shape.", "-", "~"};
	const size_t np = sizeof parts / sizeof *parts;
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	int bad = 0;
	for (int k = 0; k < 200000 && bad < 5; k++) {
		char name[128];
		size_t len = 0;
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		int count = 1 + (int)(seed >> 60);
		for (int j = 0; j < count; j++) {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			const char *p = parts[(seed >> 33) % np];
			size_t pl = strlen(p);
			if (len + pl >= sizeof name)
				break;
			memcpy(name + len, p, pl);
			len += pl;
		}
		name[len] = '\0';
		static const size_t sizes[] = {256, 4, 1};
		for (size_t z = 0; z < 3; z++) {
			char got[256], want[256];
			gs_symclass cg = gs_symname_package(name, got, sizes[z]);
			gs_symclass cw = ref_package(name, want, sizes[z]);
			if (cg != cw || strcmp(got, want) != 0) {
				bad++;
				CHECK(0, "\"%s\" (room %zu): got (%s, %d), want (%s, %d)", name, sizes[z], got, cg, want, cw);
			}
		}
	}
	CHECK(bad == 0, "random names: %d differ from the reference", bad);
}

void unit_symname(void)
{
	test_symname();
	test_symname_random();
}
