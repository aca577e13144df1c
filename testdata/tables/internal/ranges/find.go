// Package ranges holds a table of uint32 whose values fall in the address
// range of a 386 binary's data: integers in pointer-free data that look like
// pointers and are none.
package ranges

// Find returns the index of the first bound at or above v.
func Find(v uint32) int {
	for i, b := range bounds {
		if b >= v {
			return i
		}
	}
	return len(bounds)
}
