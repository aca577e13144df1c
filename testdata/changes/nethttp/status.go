package main

import (
	"os"

	"example.com/hello/internal/status"
)

func init() {
	if len(os.Args) > 1 && os.Args[1] == "-serve" {
		if err := status.Serve("127.0.0.1:8080"); err != nil {
			panic(err)
		}
	}
}
