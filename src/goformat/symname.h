/* symname.h - the Go package a symbol name belongs to. Pure string code. */
#ifndef GS_SYMNAME_H
#define GS_SYMNAME_H

#include <stddef.h>

typedef enum gs_symclass {
	GS_SYMC_GO,       /* an ordinary Go symbol: pkg.Name */
	GS_SYMC_TYPE,     /* a type descriptor or type helper (type:/type.) */
	GS_SYMC_ITAB,     /* an itab (go:itab./go.itab.) */
	GS_SYMC_STRING,   /* string data (go:string./go.string.) */
	GS_SYMC_LINKER,   /* another linker/compiler symbol (go:/go.), no package */
	GS_SYMC_C         /* a C symbol (no dot): cgo or libc */
} gs_symclass;

/* Writes the package of Go symbol name (unescaped, e.g. "gopkg.in/yaml.v2")
 * into out (size outsz, always NUL-terminated) and returns the symbol's class.
 * out is "" when the symbol has no package (linker symbols, C symbols,
 * unnamed types). */
gs_symclass gs_symname_package(const char *name, char *out, size_t outsz);

#endif
