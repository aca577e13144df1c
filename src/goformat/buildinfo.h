/* buildinfo.h - the Go build info blob (.go.buildinfo) of a binary, decoded
 * into the model's gs_buildinfo (model/buildinfo.h). Pure: reads a parsed binary. */
#ifndef GS_BUILDINFO_H
#define GS_BUILDINFO_H

#include "container/binary.h"
#include "model/buildinfo.h"

/* Finds and decodes the build info of b into *bi (zeroed first). A binary
 * without build info gives bi->found == 0 and returns 0; a corrupt blob
 * returns -1 with the error set. */
int gs_buildinfo_read(gs_buildinfo *bi, const gs_binary *b);

#endif
