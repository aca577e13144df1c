// Command cgohello calls a tiny C function, so the binary holds C code with
// no pclntab entry.
package main

/*
static int add(int a, int b) { return a + b; }
static const char *greeting(void) { return "hello from C"; }
*/
import "C"

import "fmt"

func main() {
	fmt.Println(C.GoString(C.greeting()), int(C.add(2, 3)))
}
