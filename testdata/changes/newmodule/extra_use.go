package main

import (
	"os"

	"example.com/extra"
)

func init() {
	if len(os.Args) > 3 && os.Args[1] == "-count" {
		println(extra.Describe(len(os.Args)-2, "argument"))
	}
}
