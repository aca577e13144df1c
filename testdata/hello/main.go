// Command hello is gosize's bundled fixture: a small program with methods,
// closures, generics and an internal package, so every naming form shows up.
package main

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"example.com/hello/internal/greet"
)

type counter struct{ n map[string]int }

//go:noinline
func (c *counter) add(w string) { c.n[w]++ }

func (c counter) top() []string {
	keys := make([]string, 0, len(c.n))
	for k := range c.n {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if c.n[keys[i]] != c.n[keys[j]] {
			return c.n[keys[i]] > c.n[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}

// Max is generic so that instantiated names appear in the pclntab.
func Max[T int | float64 | string](a, b T) T {
	if a > b {
		return a
	}
	return b
}

func main() {
	c := &counter{n: map[string]int{}}
	for _, a := range append([]string{"gopher", "size"}, os.Args[1:]...) {
		for _, w := range strings.Fields(a) {
			c.add(strings.ToLower(w))
		}
	}
	fmt.Println(greet.Hello(strings.Join(c.top(), ", ")))
	fmt.Println(Max(3, 4), Max(2.5, 1.5), Max("a", "b"))
}
