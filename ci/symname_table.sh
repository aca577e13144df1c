#!/usr/bin/env bash
# Regenerates the real-name table of tests/unit/symname.c (test_symname_real):
# builds a small program (generics, closures, net/http with its vendored
# packages, gopkg.in/yaml.v2 whose symbols escape the '.' as %2e) with the
# installed Go, reads every function and variable of its DWARF with the
# package its compile unit names (the compiler's word, not gosize's), keeps
# the names that start with that package's symbol prefix (objabi.PathToPrefix:
# wrappers and assembly compiled into another package's unit are left out)
# and prints a seeded sample of each shape as C initialisers.
# Usage: ci/symname_table.sh > /tmp/table.inc   (needs Go and /usr/share/gocode)
set -euo pipefail
work=$(mktemp -d "${TMPDIR:-/tmp}/gosize-symname-XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src/example.com/symtab" "$work/dump"
cat > "$work/src/example.com/symtab/main.go" <<'GO'
package main

import (
	"fmt"
	"net/http"
	"os"
	"sort"

	"gopkg.in/yaml.v2"
)

type List[T any] struct{ v []T }

func (l *List[T]) Push(x T) { l.v = append(l.v, x) }
func (l List[T]) Len() int  { return len(l.v) }

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

type point struct{ X, Y int }

var registry = map[string]func() int{"a": func() int { return 1 }}

func main() {
	var l List[int]
	l.Push(1)
	var s List[string]
	s.Push("x")
	m := Map([]int{1, 2}, func(i int) string { return fmt.Sprint(i) })
	b, _ := yaml.Marshal(point{1, 2})
	sort.Slice(m, func(i, j int) bool { return m[i] < m[j] })
	go func() { _ = http.ListenAndServe("127.0.0.1:0", nil) }()
	fmt.Fprintln(os.Stdout, l.Len(), s.Len(), m, string(b), registry["a"]())
}
GO
cat > "$work/dump/main.go" <<'GO'
// For each Go function and variable in a binary's DWARF: "name\tpackage of its unit".
package main

import (
	"debug/dwarf"
	"debug/elf"
	"fmt"
	"os"
)

func main() {
	f, err := elf.Open(os.Args[1])
	if err != nil {
		panic(err)
	}
	d, err := f.DWARF()
	if err != nil {
		panic(err)
	}
	r, cu := d.Reader(), ""
	for {
		e, err := r.Next()
		if err != nil {
			panic(err)
		}
		if e == nil {
			return
		}
		switch e.Tag {
		case dwarf.TagCompileUnit:
			cu, _ = e.Val(dwarf.AttrName).(string)
		case dwarf.TagSubprogram, dwarf.TagVariable:
			n, ok := e.Val(dwarf.AttrName).(string)
			if ok && (e.Val(dwarf.AttrLowpc) != nil || e.Val(dwarf.AttrLocation) != nil) {
				fmt.Printf("%s\t%s\n", n, cu)
			}
			if e.Children {
				r.SkipChildren()
			}
		}
	}
}
GO
export GOPATH="$work:/usr/share/gocode" GO111MODULE=off GOFLAGS=
(cd "$work/src/example.com/symtab" && go build -o "$work/symtab" .)
(cd "$work/dump" && go run main.go "$work/symtab") > "$work/pairs.txt"
python3 - "$work/pairs.txt" <<'PY'
import random, re, sys
def prefix(s):  # cmd/internal/objabi.PathToPrefix
    sl = s.rfind('/')
    return ''.join('%%%02x' % c if c <= 32 or (c == 46 and r > sl) or c in (37, 34) or c >= 0x7f else chr(c)
                   for r, c in enumerate(s.encode()))
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1])]
rows = [(n, c) for n, c in rows if n.startswith(prefix(c) + '.')]
shapes = [lambda n: '%' in n, lambda n: '[' in n, lambda n: re.search(r'\.func\d', n),
          lambda n: '.(*' in n and '[' not in n, lambda n: n.startswith('vendor/'), lambda n: '.glob.' in n,
          lambda n: n.endswith('.init') or '.init.' in n, lambda n: n.startswith('main.'),
          lambda n: '/internal/' in n and '(' not in n, lambda n: re.fullmatch(r'[a-z/]+\.[A-Za-z0-9_]+', n),
          lambda n: re.fullmatch(r'[a-z/]+\.[A-Za-z0-9_]+\.[A-Za-z0-9_]+', n)]
random.seed(31)
seen = set()
for f in shapes:
    c = [r for r in rows if f(r[0]) and r[0] not in seen]
    random.shuffle(c)
    for n, p in c[:5]:
        seen.add(n)
        print('\t\t{"%s", "%s"},' % (n, p))
PY
