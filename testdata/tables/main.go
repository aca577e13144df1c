// Command tables is gosize's fixture for data reached only through static
// data: a large map literal's key array, a slice of struct literals holding
// descriptions read through an inlined accessor, and a table of integers
// that look like data addresses on 386 (build_fixtures.sh generates the
// tables into internal/names and internal/ranges).
package main

import (
	"fmt"
	"os"

	"example.com/tables/internal/names"
	"example.com/tables/internal/ranges"
)

func main() {
	k := fmt.Sprintf("tblkey%04d", 1) // (not a literal: main would share the key's bytes)
	if len(os.Args) > 1 {
		k = os.Args[1]
	}
	it := names.Item(len(os.Args))
	fmt.Println(names.Code[k], it.Name, it.Desc, ranges.Find(uint32(len(k))*0x10000+0x08000000))
}
