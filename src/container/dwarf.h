/* dwarf.h - DWARF by compile unit: Go writes one unit per package, so the
 * unit headers of .debug_info, the name of each unit's first DIE and its line
 * program in .debug_line say how much debug information each package costs.
 * Pure: reads byte views; the zlib inflate of compressed sections included. */
#ifndef GS_DWARF_H
#define GS_DWARF_H

#include <stddef.h>
#include <stdint.h>

#include "container/binary.h"
#include "util/rd.h"

/* The uncompressed size of a compressed debug section (0 when the header is
 * not one this reader knows); *hdr receives the header's size. */
uint64_t gs_dwarf_usize(const gs_binary *b, const gs_section *s, uint64_t *hdr);

/* The uncompressed length of a debug section (its size, or what a
 * compression header this reader knows and believes says) into *len,
 * without inflating it. Returns 0, or -1 (error set). */
int gs_dwarf_section_len(const gs_binary *b, const gs_section *s, uint64_t *len);

/* The uncompressed bytes of a debug section: the file bytes, or (ELF
 * SHF_COMPRESSED zlib, or a "ZLIB" .zdebug section) a malloc'd inflated copy
 * in *owned that the caller frees. Returns 0, or -1 when it does not inflate
 * (error set). */
int gs_dwarf_section(const gs_binary *b, const gs_section *s, gs_rd *out, uint8_t **owned);

/* Shares compressed debug section s out by what each piece costs on its
 * own: the uncompressed bytes u (all of them) are cut at bounds[0..n)
 * (sorted), each interval (the ones before the first bound and after the
 * last included) is costed alone by a small LZ77 estimate of what deflate
 * would make of it (a function of its bytes only) as c; bound i maps to the file
 * offset s->off + floor(C_i * F / C), C_i the costs before it, C their sum,
 * F the section's file size. Exact in sum; a piece whose bytes did not change
 * keeps its cost, and its share moves only with F / C, how much better the
 * whole section compresses in one stream than in pieces. For an uncompressed
 * section the offsets map to themselves. Returns 0, or -1 (error set). */
int gs_dwarf_cost_map(const gs_section *s, const gs_rd *u, const uint64_t *bounds, size_t n,
                      uint64_t *pos);

/* One compile unit: its name (NULL when the unit DIE has none that can be
 * read; valid during the callback), whether it is Go (DW_LANG_Go), and where
 * its bytes are in .debug_info (header included) and in .debug_line (its line
 * program; line_len 0 if none). */
typedef struct gs_dwarf_unit {
	const char *name;
	int go;
	uint64_t info_off, info_len;
	uint64_t line_off, line_len;
} gs_dwarf_unit;

/* Sections location and range lists live in: DWARF 2-4, DWARF 5. */
enum { GS_DWARF_LOC, GS_DWARF_RANGES, GS_DWARF_LOCLISTS, GS_DWARF_RNGLISTS };

/* What gs_dwarf_units reports: each unit, then (list may be NULL) each
 * location or range list a DIE of that unit points at by section offset. */
typedef struct gs_dwarf_visit {
	void (*unit)(void *ctx, const gs_dwarf_unit *u);
	void (*list)(void *ctx, int section, uint64_t off);
	void *ctx;
} gs_dwarf_visit;

/* Walks the units of info in order, reading names from str and
 * abbreviations from abbrev; line may be empty. Returns 0, or -1 when a unit
 * header is corrupt or memory runs out (error set; the units before it were
 * reported). */
int gs_dwarf_units(const gs_rd *info, const gs_rd *abbrev, const gs_rd *str, const gs_rd *line,
                   const gs_dwarf_visit *vis);

/* Calls fn(ctx, off, len, pc) for each frame description entry of a
 * .debug_frame section (its offset and bytes, length field included, and the
 * first PC it covers; ptrsize-sized addresses). Returns 0, or -1 when an
 * entry runs past the end (error set; the entries before it were reported). */
int gs_dwarf_frames(const gs_rd *frame, int ptrsize, void (*fn)(void *ctx, uint64_t off, uint64_t len, uint64_t pc),
                    void *ctx);

#endif
