// Package extra is a dependency in a module of its own: the change that adds
// it brings a new module into the binary (the HTML diff shows it first).
package extra

import (
	"strconv"
	"strings"
)

// Describe spells n out with a unit.
func Describe(n int, unit string) string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(n))
	b.WriteByte(' ')
	b.WriteString(unit)
	if n != 1 {
		b.WriteByte('s')
	}
	return b.String()
}
