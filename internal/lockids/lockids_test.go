package lockids

import "testing"

// TestParse pins every message to the byte, since users read them in
// import errors (the provider's tests check the same through its wrapper).
func TestParse(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":                                     "the lock id is empty; " + Format,
		"x1":                                   `"x1" is not a lock id; ` + Format,
		"00":                                   `"00" is not a lock id: it must be at least 1; ` + Format,
		"\t7":                                  `"\t7" contains white space; ` + Format,
		"99999999999999999999":                 `"99999999999999999999" is too large for a lock id; ` + Format,
		"6F1C0000-0000-4000-9000-000000000001": `"6F1C0000-0000-4000-9000-000000000001" is a UUID, not a lock id: lock ids are numeric (a UUID is a lock's uuid or a user id); ` + Format,
		"007":                                  "",
	} {
		got, err := Parse(in)
		switch {
		case want == "" && (err != nil || got != 7):
			t.Errorf("Parse(%q) = %d, %v; want 7", in, got, err)
		case want != "" && (err == nil || err.Error() != want):
			t.Errorf("Parse(%q) error = %v\nwant %s", in, err, want)
		}
	}
}

func TestLooksLikeUUID(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"3f2504e0-4f89-41d3-9a0c-0305e82c3301": true,
		"3F2504E0-4F89-41D3-9A0C-0305E82C3301": true,
		"3f2504e0-4f89-41d3-9a0c-0305e82c330":  false,
		"3f2504e0x4f89-41d3-9a0c-0305e82c3301": false,
		"3f2504e0-4f89-41d3-9a0c-0305e82c330g": false,
		"123":                                  false,
	} {
		if got := LooksLikeUUID(s); got != want {
			t.Errorf("LooksLikeUUID(%q) = %v, want %v", s, got, want)
		}
	}
}
