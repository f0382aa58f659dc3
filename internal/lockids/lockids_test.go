package lockids

import (
	"slices"
	"strings"
	"testing"
)

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

func TestParseList(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in      string
		want    []int64
		wantErr string
	}{
		{in: "1,2,3", want: []int64{1, 2, 3}},
		{in: "200-203,5,5", want: []int64{5, 200, 201, 202, 203}},
		{in: "100-199,250", want: append(seq(100, 199), 250)},
		{in: "4-4", want: []int64{4}},
		{in: "3-1", wantErr: `range "3-1" must go upwards and span at most 100000 ids`},
		{in: "1-100000", want: seq(1, 100_000)},
		{in: "1-100001", wantErr: `range "1-100001" must go upwards and span at most 100000 ids`},
		{in: "1,abc", wantErr: `in "abc": "abc" is not a lock id; ` + Format},
		{in: "1,,2", wantErr: `in "": the lock id is empty`},
		{in: "", wantErr: `in "": the lock id is empty`},
		{in: "-3", wantErr: `in "-3": the lock id is empty`},
		{in: "3-", wantErr: `in "3-": the lock id is empty`},
		{in: "1-a", wantErr: `in "1-a": "a" is not a lock id`},
		{in: "0", wantErr: `in "0": "0" is not a lock id: it must be at least 1`},
		{in: "1 ,2", wantErr: `"1 " contains white space`},
		{in: "1-2-3", wantErr: `in "1-2-3": "2-3" is not a lock id`},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseList(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("ParseList(%q) error = %v, want it to contain %q", tc.in, err, tc.wantErr)
				}
				return
			}
			if err != nil || !slices.Equal(got, tc.want) {
				t.Fatalf("ParseList(%q) = %d ids, %v; want %d ids", tc.in, len(got), err, len(tc.want))
			}
		})
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

func seq(first, last int64) []int64 {
	var out []int64
	for id := first; id <= last; id++ {
		out = append(out, id)
	}
	return out
}
