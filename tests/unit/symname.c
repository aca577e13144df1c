/* symname.c: the package and class of a symbol name */
#include "unit.h"

#include "symname.h"

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

void unit_symname(void)
{
	test_symname();
}
