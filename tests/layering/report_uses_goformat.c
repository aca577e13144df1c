/* A deliberate layer leak: report/ may use model/ and util/ only, so this
 * include of a goformat/ header must not compile (tests/check_layering.py). */
#include "goformat/buildinfo.h"

int gs_layer_leak_probe(void);
int gs_layer_leak_probe(void) { return 0; }
