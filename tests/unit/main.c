/* main.c - runs the unit tests of one module (`unit_tests MODULE`, as ctest's
 * unit_MODULE does) or of all (`unit_tests`). Prints "N passed, M failed". */
#include "unit.h"

int unit_passed, unit_failed;

static const struct {
	const char *name;
	void (*run)(void);
} modules[] = {
#define X(m) {#m, unit_##m},
	UNIT_MODULES
#undef X
};

int main(int argc, char **argv)
{
	int ran = 0;
	for (size_t i = 0; i < sizeof modules / sizeof *modules; i++)
		if (argc < 2 || strcmp(argv[1], modules[i].name) == 0) {
			modules[i].run();
			ran++;
		}
	if (!ran) {
		fprintf(stderr, "unit_tests: no module named \"%s\"\n", argv[1]);
		return 2;
	}
	printf("%d passed, %d failed\n", unit_passed, unit_failed);
	return unit_failed ? 1 : 0;
}
