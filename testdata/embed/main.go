// Command embed prints the sizes of embedded files.
package main

import (
	"fmt"
	"os"

	"example.com/embed/assets"
)

func main() {
	b, err := assets.Read(os.Args[1])
	fmt.Println(len(b), err, len(assets.Blob), len(assets.Note))
}
