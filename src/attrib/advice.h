/* advice.h - measured savings: what -ldflags=-w (DWARF), -ldflags=-s (symbol
 * table and DWARF) and -trimpath (file names) would take out of a binary. Pure. */
#ifndef GS_ADVICE_H
#define GS_ADVICE_H

#include "container/binary.h"
#include "goformat/buildinfo.h"
#include "goformat/pclntab.h"
#include "model/snapshot.h"

/* Fills s->save_w, s->save_s and s->save_trimpath. t may be NULL. */
void gs_advice_measure(gs_snapshot *s, const gs_binary *b, const gs_pclntab *t, const gs_buildinfo *bi);

#endif
