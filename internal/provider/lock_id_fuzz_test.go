package provider

import (
	"strconv"
	"strings"
	"testing"
)

// FuzzParseLockID checks that any import ID either parses to a lock id
// that prints back as exactly the same text, or fails with a message that
// states the expected format. The seeds in testdata/fuzz run in every
// `go test`.
func FuzzParseLockID(f *testing.F) {
	for _, s := range []string{"123", "1", "0", "-5", "1.5", "12 3", "", "abc", "9223372036854775807", "9223372036854775808",
		"3f2504e0-4f89-41d3-9a0c-0305e82c3301", "0123", "+1", "1e3", "\u0661\u0662"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := parseLockID(s)
		if err != nil {
			if !strings.Contains(err.Error(), lockIDFormat) {
				t.Fatalf("parseLockID(%q): error %q does not state the expected format", s, err)
			}
			return
		}
		if id < 1 {
			t.Fatalf("parseLockID(%q) = %d, want at least 1", s, id)
		}
		if back := strconv.FormatInt(id, 10); back != strings.TrimLeft(s, "0") {
			t.Fatalf("parseLockID(%q) = %d, which prints as %q", s, id, back)
		}
	})
}
