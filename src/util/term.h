/* term.h - text that fits a terminal: its width, and Go paths shortened so
 * that what identifies them survives (the module's prefix goes first, a
 * version never). */
#ifndef GS_TERM_H
#define GS_TERM_H

#include <stddef.h>

#include "util/sb.h"

/* The columns to fit text into when writing to fd: the terminal's width
 * (TIOCGWINSZ) when fd is one, else $COLUMNS, else 80; never under 40 nor
 * over 1000. */
int gs_term_width(int fd);

/* name (a package path, a module path, or a symbol "PKG.NAME" whose package
 * path is pkg; pkg NULL: name is itself a path) fitted to width display
 * columns. Leading path elements give way first, at a '/' of the path part:
 * under module (pkg is module or below it), the module's own prefix up to
 * its last element ("…/esbuild/internal/css_parser"), then further elements
 * ("…/css_parser"); only when the last element alone does not fit is the
 * middle cut (gs_fmt_fit). ascii: "..." for "…". Returns buf. */
const char *gs_term_fit_path(const char *name, const char *pkg, const char *module, int width, int ascii, char *buf,
                             size_t n);

/* s fitted to width display columns by cutting its end ("a long summ…"; "..."
 * when ascii), between UTF-8 characters. Returns buf. */
const char *gs_term_fit_end(const char *s, int width, int ascii, char *buf, size_t n);

/* Display columns of s, not counting ANSI escape sequences (colours). */
int gs_term_width_of(const char *s);

/* Appends text wrapped at spaces to width columns: the first line starts at
 * column first (what is already on it), the next ones with indent spaces. A
 * word longer than a line is not broken. ANSI colour sequences take no room.
 * Ends with a newline. */
void gs_term_wrap(gs_sb *o, const char *text, int width, int first, int indent);

#endif
