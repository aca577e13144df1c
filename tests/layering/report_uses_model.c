/* The control: the same file including a layer report/ may use compiles,
 * so a refusal of the leak probe is the fence, not a broken probe. */
#include "model/buildinfo.h"

int gs_layer_ok_probe(void);
int gs_layer_ok_probe(void) { return gs_buildinfo_setting(0, "x") != 0; }
