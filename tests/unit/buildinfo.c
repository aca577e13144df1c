/* buildinfo.c: the module info blob and modules inferred from package paths */
#include "unit.h"

#include "goformat/buildinfo.h"

static void test_modinfo(void)
{
	static const char mi[] = "0w\xaf\x0c\x92t\x08\x02\x41\xe1\xc1\x07\xe6\xd6\x18\xe6"
	                 "path\texample.com/app/cmd/srv\n"
	                 "mod\texample.com/app\tv1.2.3\th1:abc=\n"
	                 "dep\tgolang.org/x/net\tv0.1.0\th1:net=\n"
	                 "dep\tgithub.com/a/b\tv1.0.0\n"
	                 "=>\t../b\t(devel)\t\n"
	                 "build\t-ldflags=\"-s -w\"\n"
	                 "build\tCGO_ENABLED=0\n"
	                 "build\t\"we=ird\"=`raw\\n`\n"
	                 "build\t-tags=\"a\\tb\\u00e9\\x41\"\n"
	                 "\xf9\x32\x43\x31\x86\x18\x20\x72\x00\x82\x42\x10\x41\x16\xd8\xf2";
	gs_buildinfo bi;
	memset(&bi, 0, sizeof bi);
	int rc = gs_buildinfo_parse_modinfo(&bi, mi, sizeof mi - 1);
	CHECK(rc == 0, "modinfo parses: %s", gs_errmsg());
	if (rc == 0) {
		CHECK_STR(bi.path, "example.com/app/cmd/srv");
		CHECK_STR(bi.main.path, "example.com/app");
		CHECK_STR(bi.main.version, "v1.2.3");
		CHECK_STR(bi.main.sum, "h1:abc=");
		CHECK_U64(bi.ndeps, 2);
		CHECK_STR(bi.deps[0].path, "golang.org/x/net");
		CHECK(bi.deps[0].rep_path == NULL, "no replacement on the first dep");
		CHECK_STR(bi.deps[1].sum, "");
		CHECK_STR(bi.deps[1].rep_path, "../b");
		CHECK_STR(gs_buildinfo_setting(&bi, "-ldflags"), "-s -w");
		CHECK_STR(gs_buildinfo_setting(&bi, "CGO_ENABLED"), "0");
		CHECK_STR(gs_buildinfo_setting(&bi, "we=ird"), "raw\\n");
		CHECK_STR(gs_buildinfo_setting(&bi, "-tags"), "a\tb\xc3\xa9" "A");
	}
	gs_buildinfo_dispose(&bi);
	static const char *bad[] = {"build\t=x\n", "build\tnoequals\n", "=>\ta\tb\tc\n", "build\t\"unterminated=1\n"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		memset(&bi, 0, sizeof bi);
		CHECK(gs_buildinfo_parse_modinfo(&bi, bad[i], strlen(bad[i])) < 0, "bad modinfo %zu rejected", i);
		gs_buildinfo_dispose(&bi);
	}
}

static void test_module_infer(void)
{
	static const char *cases[][2] = {
		{"github.com/evanw/esbuild/internal/js_parser", "github.com/evanw/esbuild"},
		{"github.com/spf13/cobra", "github.com/spf13/cobra"},
		{"github.com/go-chi/chi/v5/middleware", "github.com/go-chi/chi/v5"},
		{"golang.org/x/sys/unix", "golang.org/x/sys"},
		{"gopkg.in/yaml.v3", "gopkg.in/yaml.v3"},
		{"go.uber.org/zap/zapcore", "go.uber.org/zap"},
		{"k8s.io/api/v2", "k8s.io/api/v2"},
		{"github.com/a", "github.com/a"},
	};
	char buf[256];
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		CHECK(gs_module_infer(cases[i][0], buf, sizeof buf) == 0, "%s", cases[i][0]);
		CHECK_STR(buf, cases[i][1]);
	}
	CHECK(gs_module_infer("net/http", buf, sizeof buf) < 0, "std has no module to infer");
	CHECK(gs_module_infer("github.com/evanw/esbuild/x", buf, 8) < 0, "no room");
}

void unit_buildinfo(void)
{
	test_modinfo();
	test_module_infer();
}
