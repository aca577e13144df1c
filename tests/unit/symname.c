/* symname.c: the package and class of a symbol name: hand-picked cases, real
 * names against their DWARF compile unit, random names against a reference
 * written from the rules. */
#include "unit.h"

#include <ctype.h>

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

/* Real names against the compiler's word: functions and variables of a Go
 * 1.19 program (generics, closures, net/http and its vendored packages,
 * gopkg.in/yaml.v2 whose '.' is escaped %2e) with the package their DWARF
 * compile unit names, a sample of each shape; ci/symname_table.sh rebuilds
 * the program and regenerates the table. */
static void test_symname_real(void)
{
	static const char *cases[][2] = {
		{"gopkg.in/yaml%2ev2.yaml_emitter_write_indicator", "gopkg.in/yaml.v2"},
		{"gopkg.in/yaml%2ev2.resolve.func1", "gopkg.in/yaml.v2"},
		{"gopkg.in/yaml%2ev2.(*encoder).timev", "gopkg.in/yaml.v2"},
		{"gopkg.in/yaml%2ev2.(*encoder).init", "gopkg.in/yaml.v2"},
		{"gopkg.in/yaml%2ev2.Marshal.func2", "gopkg.in/yaml.v2"},
		{"crypto/elliptic.(*nistCurve[go.shape.*uint8_0]).Add", "crypto/elliptic"},
		{"crypto/elliptic.(*nistCurve[*crypto/internal/nistec.P224Point]).Add", "crypto/elliptic"},
		{"main.(*List[go.shape.string_0]).Push", "main"},
		{"crypto/elliptic.(*nistCurve[go.shape.*uint8_0]).ScalarBaseMult", "crypto/elliptic"},
		{"crypto/elliptic.(*nistCurve[*crypto/internal/nistec.P256Point]).CombinedMult", "crypto/elliptic"},
		{"crypto/tls.marshalCertificate.func1.2.1", "crypto/tls"},
		{"fmt.(*pp).handleMethods.func4", "fmt"},
		{"net.(*netFD).accept.func1", "net"},
		{"net/http.(*Server).Close.func1", "net/http"},
		{"net.readProtocols.func1", "net"},
		{"bufio.(*Scanner).Scan", "bufio"},
		{"net.(*sysDialer).dialSingle.func1", "net"},
		{"net/http.(*http2priorityWriteScheduler).Pop", "net/http"},
		{"net.(*sysDialer).dialTCP", "net"},
		{"net/http.(*http2write100ContinueHeadersFrame).writeFrame", "net/http"},
		{"vendor/golang.org/x/text/unicode/norm.Form.IsNormalString.func1", "vendor/golang.org/x/text/unicode/norm"},
		{"vendor/golang.org/x/crypto/cryptobyte.(*String).readLengthPrefixed", "vendor/golang.org/x/crypto/cryptobyte"},
		{"vendor/golang.org/x/text/unicode/norm.(*input).hangul", "vendor/golang.org/x/text/unicode/norm"},
		{"vendor/golang.org/x/net/http/httpproxy.canonicalAddr", "vendor/golang.org/x/net/http/httpproxy"},
		{"vendor/golang.org/x/net/dns/dnsmessage.(*Parser).Question", "vendor/golang.org/x/net/dns/dnsmessage"},
		{"net/http.glob..func8", "net/http"},
		{"net/http.glob..func1", "net/http"},
		{"net.glob..func2", "net"},
		{"net/http.glob..func3", "net/http"},
		{"net/http.glob..func15", "net/http"},
		{"runtime.(*fixalloc).init", "runtime"},
		{"encoding/hex.init", "encoding/hex"},
		{"vendor/golang.org/x/text/unicode/bidi.init", "vendor/golang.org/x/text/unicode/bidi"},
		{"crypto/rsa.init", "crypto/rsa"},
		{"runtime.init.5", "runtime"},
		{"main.List[int].Len", "main"},
		{"main.main.func2", "main"},
		{"main.main.func1", "main"},
		{"main.main.func3", "main"},
		{"main.Map[go.shape.int_0,go.shape.string_1]", "main"},
		{"crypto/internal/nistec.p256Zero", "crypto/internal/nistec"},
		{"crypto/internal/nistec/fiat.p224ZeroEncoding", "crypto/internal/nistec/fiat"},
		{"crypto/internal/nistec.p256PointAddAsm", "crypto/internal/nistec"},
		{"crypto/internal/nistec.p256Polynomial", "crypto/internal/nistec"},
		{"crypto/internal/nistec/fiat.p521MinusOneEncoding", "crypto/internal/nistec/fiat"},
		{"runtime.newm", "runtime"},
		{"runtime.traceAcquireBuffer", "runtime"},
		{"math/big.getNat", "math/big"},
		{"syscall.mmap", "syscall"},
		{"strconv.AppendInt", "strconv"},
		{"runtime.mProf_Malloc.func1", "runtime"},
		{"runtime.startTheWorld.func1", "runtime"},
		{"runtime.stopTheWorld.func1", "runtime"},
		{"io.discard.Write", "io"},
		{"context.WithCancel.func1", "context"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char out[256];
		gs_symclass c = gs_symname_package(cases[i][0], out, sizeof out);
		CHECK(strcmp(out, cases[i][1]) == 0 && c == GS_SYMC_GO, "%s: got (%s, %d), want (%s, go)", cases[i][0], out, c,
		      cases[i][1]);
	}
}

/* The rules as they are stated, written without looking at the implementation's
 * scans: the reference for random names.
 * - A Go type string names a package when, after its pointer, slice, array and
 *   channel prefixes (Go's type grammar, taken one at a time), it is a type
 *   name; a map, func, struct or interface type, or the compiler's go.shape /
 *   go: types, has none.
 * - An ordinary name's package is everything before the first '.' of its last
 *   path element (after the last '/' that precedes any '(' or '['), unless a
 *   '(', '[', ' ' or ',' comes before that '.' (then it is not Go).
 * - %xx is an escaped byte (cmd/internal/objabi.PathToPrefix). */
static int spec_starts(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);
	return n >= k && memcmp(s, p, k) == 0;
}

static int spec_hexdigit(char c) { return c && strchr("0123456789abcdefABCDEF", c) != NULL; }

/* s[0..n) with %xx decoded, cut to fit outsz (always terminated). */
static void spec_unescape(char *out, size_t outsz, const char *s, size_t n)
{
	char full[512];
	size_t o = 0;
	for (size_t i = 0; i < n && o + 1 < sizeof full;) {
		if (s[i] == '%' && i + 2 < n && spec_hexdigit(s[i + 1]) && spec_hexdigit(s[i + 2])) {
			char hx[3] = {s[i + 1], s[i + 2], 0};
			full[o++] = (char)strtol(hx, NULL, 16);
			i += 3;
		} else {
			full[o++] = s[i++];
		}
	}
	size_t keep = o < outsz - 1 ? o : outsz - 1;
	memcpy(out, full, keep);
	out[keep] = '\0';
}

static size_t spec_plain(const char *s, size_t n)
{
	size_t cut = 0, elem = 0;
	while (cut < n && s[cut] != '(' && s[cut] != '[')
		cut++;
	for (size_t i = 0; i < cut; i++)
		if (s[i] == '/')
			elem = i + 1;
	for (size_t i = elem; i < n; i++) {
		if (s[i] == '.')
			return i;
		if (s[i] == '(' || s[i] == '[' || s[i] == ' ' || s[i] == ',')
			return 0;
	}
	return 0;
}

/* The package length of the type string *s[0..n), *s moved past its prefixes. */
static size_t spec_type(const char **s, size_t n)
{
	static const char *const wrappers[] = {"*", "[]", "chan ", "<-chan "};
	static const char *const unnamed[] = {"map[", "func", "struct", "interface", "go.", "go:"};
	for (size_t i = 0; i < sizeof wrappers / sizeof *wrappers; i++)
		if (spec_starts(*s, n, wrappers[i])) {
			size_t k = strlen(wrappers[i]);
			*s += k;
			return spec_type(s, n - k);
		}
	if (n >= 2 && (*s)[0] == '[') { /* [N] or [...]: an array */
		size_t len = 1;
		while (len < n && ((*s)[len] == '.' || isdigit((unsigned char)(*s)[len])))
			len++;
		if (len >= n || (*s)[len] != ']')
			return 0;
		*s += len + 1;
		return spec_type(s, n - len - 1);
	}
	for (size_t i = 0; i < sizeof unnamed / sizeof *unnamed; i++)
		if (spec_starts(*s, n, unnamed[i]))
			return 0;
	return spec_plain(*s, n);
}

/* A host name: letters, digits and . - _ ~ up to the first '/', with a dot after "go.". */
static int spec_module_path(const char *s)
{
	const char *slash = strchr(s, '/');
	if (!slash)
		return 0;
	for (const char *p = s; p < slash; p++)
		if (!isalnum((unsigned char)*p) && !strchr(".-_~", *p))
			return 0;
	return memchr(s + 3, '.', (size_t)(slash - s - 3)) != NULL;
}

static gs_symclass spec_package(const char *name, char *out, size_t outsz)
{
	static const char *const helpers[] = {".eq.", ".hash.", "eq.", "hash.", ".namedata.", ".importpath."};
	size_t n = strlen(name);
	const char *s = name;
	out[0] = '\0';
	if (spec_starts(name, n, "type:") || spec_starts(name, n, "type.")) {
		s += 5, n -= 5;
		for (size_t i = 0; i < sizeof helpers / sizeof *helpers; i++)
			if (spec_starts(s, n, helpers[i])) {
				s += strlen(helpers[i]), n -= strlen(helpers[i]);
				break;
			}
		size_t l = spec_type(&s, n);
		spec_unescape(out, outsz, s, l);
		return GS_SYMC_TYPE;
	}
	if (spec_starts(name, n, "go:itab.") || spec_starts(name, n, "go.itab.")) {
		s += 8, n -= 8;
		const char *comma = memchr(s, ',', n);
		size_t l = spec_type(&s, comma ? (size_t)(comma - s) : n);
		spec_unescape(out, outsz, s, l);
		return GS_SYMC_ITAB;
	}
	if (spec_starts(name, n, "go:string.") || spec_starts(name, n, "go.string."))
		return GS_SYMC_STRING;
	if (spec_starts(name, n, "go:") || (spec_starts(name, n, "go.") && !spec_module_path(name)))
		return GS_SYMC_LINKER;
	if (!strchr(name, '.') || strchr(name, '@') || name[0] == '.' || name[0] == '_')
		return GS_SYMC_C;
	size_t l = spec_plain(name, n);
	if (!l)
		return GS_SYMC_C;
	spec_unescape(out, outsz, name, l);
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
			gs_symclass cw = spec_package(name, want, sizes[z]);
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
	test_symname_real();
	test_symname_random();
}
