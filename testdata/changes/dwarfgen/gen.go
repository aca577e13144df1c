package main

import (
	"os"

	"example.com/hello/internal/gen"
)

// An added package whose DWARF compresses far better than the rest (400
// functions of one shape, generated into internal/gen by build_fixtures.sh):
// the DWARF phantom-delta test builds hello with and without this file; the
// packages whose functions are identical in both must keep their size,
// compressed DWARF included.
func init() {
	if len(os.Args) > 2 && os.Args[1] == "-gen" {
		println(gen.All[len(os.Args[2])%len(gen.All)](1, 2))
	}
}
