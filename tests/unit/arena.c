/* arena.c: strings packed into blocks stay intact until the arena is freed */
#include "unit.h"

#include "util/arena.h"

static void test_arena(void)
{
	gs_arena a = {0};
	char *s[3000];
	char want[40000];
	int ok = 1;
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < 3000; i++) {
			/* mostly short strings, and every 500th one longer than a quarter of a block */
			size_t n = i % 500 == 7 ? 20000 + (size_t)i : (size_t)(i % 97);
			memset(want, 'a' + i % 26, n);
			s[i] = gs_arena_strndup(&a, want, n);
			ok &= s[i] != NULL;
		}
		for (int i = 0; i < 3000 && ok; i++) {
			size_t n = i % 500 == 7 ? 20000 + (size_t)i : (size_t)(i % 97);
			ok &= strlen(s[i]) == n && (n == 0 || (s[i][0] == 'a' + i % 26 && s[i][n - 1] == 'a' + i % 26));
		}
		CHECK(ok, "round %d: 3000 strings (6 long ones) intact after all were copied", round);
		gs_arena_dispose(&a);
		CHECK(a.head == NULL && a.left == 0, "round %d: disposed arena is empty (and reused next round)", round);
	}
	/* a string copied from the middle of a buffer ends where told */
	char *t = gs_arena_strndup(&a, "package.Name", 7);
	CHECK_STR(t, "package");
	gs_arena_dispose(&a);
}

void unit_arena(void)
{
	test_arena();
}
