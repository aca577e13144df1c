// Package greet builds greetings.
package greet

import "fmt"

// Greeter formats greetings with a prefix.
type Greeter struct{ Prefix string }

// Greet returns the greeting for name.
//
//go:noinline
func (g *Greeter) Greet(name string) string { return fmt.Sprintf("%s, %s!", g.Prefix, name) }

var std = &Greeter{Prefix: "Hello"}

// Hello greets name with the default greeter.
func Hello(name string) string { return std.Greet(name) }
