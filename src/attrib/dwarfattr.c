/* dwarfattr.c - DWARF to packages: compile units (Go writes one per package,
 * named after it), their line programs and location/range lists, and frame
 * descriptions by function. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "attrib/attrib.h"
#include "container/dwarf.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/sort.h"

/* The pieces of each section, by index: what is charged where. */
enum { S_INFO, S_LINE, S_FRAME, S_LOC, S_RANGES, S_LOCLISTS, S_RNGLISTS, NLISTED, S_ABBREV = NLISTED, S_STR, NSECS };
static const char *sec_names[NSECS] = {"info", "line", "frame", "loc", "ranges", "loclists", "rnglists", "abbrev", "str"};

/* The debug section named NAME in any container's spelling: .debug_NAME,
 * .zdebug_NAME, __debug_NAME, __zdebug_NAME. */
static const gs_section *debug_sec(const gs_binary *b, const char *name)
{
	for (size_t i = 0; i < b->nsecs; i++) {
		const char *n = b->secs[i].name;
		n += n[0] == '.' ? 1 : strncmp(n, "__", 2) == 0 ? 2 : 0;
		n += n[0] == 'z';
		if (b->secs[i].kind == GS_SEC_DEBUG && strncmp(n, "debug_", 6) == 0 && strcmp(n + 6, name) == 0)
			return &b->secs[i];
	}
	return NULL;
}

typedef struct piece {
	size_t pkg;
	uint64_t off, len; /* in the uncompressed section; len 0: up to the next piece */
} piece;

typedef struct pieces {
	gs_attrib *c;
	piece *v[NLISTED];
	size_t n[NLISTED], cap[NLISTED];
	size_t unit;       /* package of the unit being walked */
	int err;
} pieces;

static void add(pieces *l, int k, size_t pkg, uint64_t off, uint64_t len)
{
	piece *e = l->err ? NULL : GS_PUSH(l->v[k], l->n[k], l->cap[k]);
	if (!e)
		l->err = 1;
	else
		*e = (piece){pkg, off, len};
}

static void unit_add(void *vl, const gs_dwarf_unit *u)
{
	pieces *l = vl;
	const char *name = u->go && u->name && u->name[0] ? u->name : GS_B_CGO;
	if ((l->unit = at_pkg(l->c, name)) == (size_t)-1) {
		l->err = 1;
		return;
	}
	add(l, S_INFO, l->unit, u->info_off, u->info_len);
	if (u->line_len)
		add(l, S_LINE, l->unit, u->line_off, u->line_len);
}

static void list_add(void *vl, int section, uint64_t off)
{
	pieces *l = vl;
	add(l, S_LOC + section, l->unit, off, 0);
}

/* A frame description goes to the package of the function at its first PC. */
static void frame_add(void *vl, uint64_t off, uint64_t len, uint64_t pc)
{
	pieces *l = vl;
	size_t i = gs_pclntab_func_at(l->c->t, pc);
	if (i != (size_t)-1)
		add(l, S_FRAME, l->c->func_pkg[i], off, len);
}

/* Each unit's .debug_info bytes and line program, the location and range
 * lists its DIEs point at (a list runs to the next one pointed at), and each
 * frame description (by its function) go to their package; units of other
 * languages are C. A compressed section's file bytes are shared out by what
 * each piece costs compressed on its own (gs_dwarf_cost_map): a unit that
 * did not change keeps its share when others change (the section's overall
 * ratio would move every package with any change); the list sections, which
 * are not read, in proportion to their uncompressed offsets; exact bytes when
 * not compressed. Abbreviations, strings, and DWARF that does not parse or
 * inflate stay [debug]. */
int at_dwarf(gs_attrib *c)
{
	const gs_binary *b = c->b;
	const gs_section *secs[NSECS];
	gs_rd rd[NSECS];
	uint64_t ulen[NSECS]; /* uncompressed lengths */
	uint8_t *own[NSECS] = {NULL};
	pieces l;
	memset(&l, 0, sizeof l);
	l.c = c;
	for (int k = 0; k < NSECS; k++)
		secs[k] = debug_sec(b, sec_names[k]);
	if (!secs[S_INFO] || !secs[S_ABBREV])
		return 0;
	for (int k = 0; k < NSECS; k++) {
		rd[k] = gs_rd_make(NULL, 0, b->be, b->ptrsize);
		ulen[k] = 0;
		/* list sections are shared out by offsets alone: their length, not their bytes */
		int bytes = k != S_LOC && k != S_RANGES && k != S_LOCLISTS && k != S_RNGLISTS;
		if (secs[k] && (bytes ? gs_dwarf_section(b, secs[k], &rd[k], &own[k]) : gs_dwarf_section_len(b, secs[k], &ulen[k])) < 0)
			goto out;
		if (bytes)
			ulen[k] = rd[k].len;
	}
	gs_dwarf_visit vis = {unit_add, list_add, &l};
	if (gs_dwarf_units(&rd[S_INFO], &rd[S_ABBREV], &rd[S_STR], &rd[S_LINE], &vis) < 0 || l.err ||
	    (c->t && gs_dwarf_frames(&rd[S_FRAME], b->ptrsize, frame_add, &l) < 0) || l.err)
		goto out;
	for (int k = 0; k < NLISTED; k++) {
		const gs_section *s = secs[k];
		uint64_t usize = ulen[k], prev_end = 0;
		if (!s || !usize)
			continue;
		/* by (offset, package): stable radix passes by package, then offset */
		if (gs_radix_sort(l.v[k], l.n[k], sizeof *l.v[k], offsetof(piece, pkg), sizeof l.v[k]->pkg) < 0 ||
		    gs_radix_sort(l.v[k], l.n[k], sizeof *l.v[k], offsetof(piece, off), sizeof l.v[k]->off) < 0) {
			c->err = 1;
			goto out;
		}
		/* the pieces charged once each, in order; neighbours of one package merged */
		size_t m = 0;
		for (size_t i = 0; i < l.n[k]; i++) {
			piece *e = &l.v[k][i];
			if (e->off < prev_end || e->off >= usize)
				continue; /* pointed at twice, or a line program two units share: charged once */
			if (!e->len) {
				size_t j = i + 1;
				while (j < l.n[k] && l.v[k][j].off == e->off)
					j++;
				e->len = (j < l.n[k] ? l.v[k][j].off : usize) - e->off;
			}
			uint64_t end = e->off + e->len > usize ? usize : e->off + e->len;
			prev_end = end;
			if (m && l.v[k][m - 1].pkg == e->pkg && l.v[k][m - 1].off + l.v[k][m - 1].len == e->off)
				l.v[k][m - 1].len += end - e->off;
			else
				l.v[k][m++] = (piece){e->pkg, e->off, end - e->off};
		}
		/* file offsets of each piece's first and last byte + 1: in a compressed
		 * section, by what each piece costs compressed on its own */
		uint64_t *bounds = m ? gs_calloc(2 * m, sizeof *bounds) : NULL, *pos = m ? gs_calloc(2 * m, sizeof *pos) : NULL;
		if (m && (!bounds || !pos)) {
			free(bounds), free(pos);
			c->err = 1;
			goto out;
		}
		for (size_t i = 0; i < m; i++)
			bounds[2 * i] = l.v[k][i].off, bounds[2 * i + 1] = l.v[k][i].off + l.v[k][i].len;
		/* a list section (not inflated: no bytes to cost) in proportion: its
		 * lists are address pairs, alike in every package */
		if (!rd[k].p)
			for (size_t i = 0; i < 2 * m; i++)
				pos[i] = s->off + (uint64_t)((unsigned __int128)bounds[i] * s->size / usize);
		if (!rd[k].p || gs_dwarf_cost_map(s, &rd[k], bounds, 2 * m, pos) == 0)
			for (size_t i = 0; i < m; i++)
				at_give(c, l.v[k][i].pkg, GS_CAT_DEBUG, pos[2 * i], pos[2 * i + 1] - pos[2 * i]);
		free(bounds);
		free(pos);
	}
out:
	for (int k = 0; k < NSECS; k++)
		free(own[k]);
	for (int k = 0; k < NLISTED; k++)
		free(l.v[k]);
	/* DWARF that does not parse or inflate is skipped (the reader's -1 ends here); memory running out is not:
	 * its message was set where the flag was raised */
	return c->err || l.err ? -1 : 0;
}
