/* strmap.c: the string map */
#include "unit.h"

#include "util/strmap.h"

static void test_strmap(void)
{
	gs_strmap m = {0};
	char keys[1000][8];
	for (int i = 0; i < 1000; i++) {
		snprintf(keys[i], sizeof keys[i], "k%d", i);
		gs_strmap_put(&m, keys[i], (size_t)i * 3);
	}
	int ok = 1;
	for (int i = 0; i < 1000; i++)
		ok &= gs_strmap_get(&m, keys[i]) == (size_t)i * 3;
	CHECK(ok && m.n == 1000, "1000 keys stored and found");
	CHECK(gs_strmap_get(&m, "absent") == (size_t)-1, "absent key");
	gs_strmap_dispose(&m);
}

void unit_strmap(void)
{
	test_strmap();
}
