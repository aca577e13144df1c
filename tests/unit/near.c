/* near.c: the nearest names to a mistyped glob: a typo in a path, a literal
 * with no wildcard, the common-prefix fallback, nothing close, and ties. */
#include "unit.h"

#include "util/near.h"

static const char *const names[] = {
	"golang.org/x/net/http2", "golang.org/x/net/idna", "net/http", "net/http/internal", NULL, "fmt",
	"github.com/acme/widgets/render", "example.com/app/metrics",
};
#define N (sizeof names / sizeof *names)

/* The names gs_near gives for pat, joined with ", ". */
static void near_of(const char *pat, char *out, size_t n)
{
	size_t idx[GS_NEAR_MAX];
	size_t m = gs_near(idx, pat, names, N);
	out[0] = '\0';
	for (size_t i = 0; i < m; i++)
		snprintf(out + strlen(out), n - strlen(out), "%s%s", i ? ", " : "", names[idx[i]]);
}

void unit_near(void)
{
	static const struct {
		const char *pat, *want;
	} cases[] = {
		/* a transposed letter before the wildcard: the glob's prefix against each name's prefix */
		{"golang.org/x/nte/*", "golang.org/x/net/http2, golang.org/x/net/idna"},
		/* no wildcard: the whole name; the closest first */
		{"net/htp", "net/http"},
		{"fnt", "fmt"},
		/* nothing within the band, but a shared path prefix */
		{"github.com/acme/gadgets/*", "github.com/acme/widgets/render"},
		/* nothing at all */
		{"zzzzzzzzzzzzzz", ""},
		/* a leading wildcard leaves nothing to compare */
		{"*/metrics", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char got[512];
		near_of(cases[i].pat, got, sizeof got);
		CHECK(strcmp(got, cases[i].want) == 0, "%s: got \"%s\", want \"%s\"", cases[i].pat, got, cases[i].want);
	}
	/* at most GS_NEAR_MAX, and a long name is compared on a bounded prefix */
	static char longname[5000];
	memset(longname, 'a', sizeof longname - 1);
	const char *many[] = {"ab", "ac", "ad", "ae", longname};
	size_t idx[GS_NEAR_MAX];
	CHECK_U64(gs_near(idx, "aa", many, 5), GS_NEAR_MAX);
	CHECK_U64(gs_near(idx, longname, many, 5), 1);
	CHECK_U64(idx[0], 4);
}
