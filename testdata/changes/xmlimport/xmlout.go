package main

import (
	"encoding/xml"
	"os"
)

// An added import and nothing else: the phantom-delta test builds hello with
// and without this file; packages whose functions are identical in both
// builds must keep their size.
func init() {
	if len(os.Args) > 1 && os.Args[1] == "-xml" {
		xml.NewEncoder(os.Stdout).Encode(struct{ Name string }{"hello"})
	}
}
