package lockids

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// tooMany is the whole message for a list of n ids, quoted as q.
func tooMany(q string, n int64) string {
	return fmt.Sprintf("%s names %d lock ids; one list may name at most 100000: check the ranges for a typo, or split the list", q, n)
}

// tenRanges is 1-100000,100001-200000,...,900001-1000000: a million ids in
// 140 bytes, ten times MaxIDs.
var tenRanges = func() string {
	var parts []string
	for i := range 10 {
		parts = append(parts, fmt.Sprintf("%d-%d", i*100_000+1, (i+1)*100_000))
	}
	return strings.Join(parts, ",")
}()

func TestParseList(t *testing.T) {
	t.Parallel()
	const maxID = math.MaxInt64
	cases := []struct {
		in      string
		want    []int64
		wantErr string // the whole message
	}{
		{in: "1,2,3", want: []int64{1, 2, 3}},
		{in: "200-203,5,5", want: []int64{5, 200, 201, 202, 203}},
		{in: "100-199,250", want: append(seq(100, 199), 250)},
		{in: "4-4", want: []int64{4}},
		{in: "5,1-10,12,11", want: seq(1, 12)},
		{in: "1-100000", want: seq(1, 100_000)},
		// Overlaps count once, so this is exactly the bound.
		{in: "1-60000,50001-100000,7", want: seq(1, 100_000)},
		// The largest ids: a loop to id <= last would never end here.
		{in: "9223372036854775807-9223372036854775807", want: []int64{maxID}},
		{in: "9223372036854775806-9223372036854775807", want: []int64{maxID - 1, maxID}},
		{in: "9223372036854775807,9223372036854775805-9223372036854775807", want: []int64{maxID - 2, maxID - 1, maxID}},

		{in: "", wantErr: `the lock id list is empty; write lock ids and ranges such as "100-199,250"`},
		{in: "3-1", wantErr: `range "3-1" must go upwards: write it as 1-3`},
		{in: "1-100001", wantErr: tooMany(`"1-100001"`, 100_001)},
		{in: "1-60000,60001-100000,100002", wantErr: tooMany(`"1-60000,60001-100000,100002"`, 100_001)},
		{in: "9223372036854775807,1-100000", wantErr: tooMany(`"9223372036854775807,1-100000"`, 100_001)},
		// Counting never overflows: the merged ranges lie in 1..MaxInt64.
		{in: "1-9223372036854775807", wantErr: tooMany(`"1-9223372036854775807"`, maxID)},
		{in: "2-9223372036854775807,1-9223372036854775806", wantErr: tooMany(`"2-9223372036854775807,1-9223372036854775806"`, maxID)},
		{in: "5000000000000000000-9223372036854775807,1-4999999999999999999",
			wantErr: tooMany(`"5000000000000000000-9223372036854775807,…" (2 items)`, maxID)},
		{in: tenRanges, wantErr: tooMany(`"1-100000,100001-200000,200001-300000,300001-400000,…" (10 items)`, 1_000_000)},
		{in: "1-9223372036854775808", wantErr: `in "1-9223372036854775808": "9223372036854775808" is too large for a lock id; ` + Format},
		{in: "1,abc", wantErr: `in "abc": "abc" is not a lock id; ` + Format},
		{in: "1,,2", wantErr: `in "": the lock id is empty; ` + Format},
		{in: "-3", wantErr: `in "-3": the lock id is empty; ` + Format},
		{in: "3-", wantErr: `in "3-": the lock id is empty; ` + Format},
		{in: "1-a", wantErr: `in "1-a": "a" is not a lock id; ` + Format},
		{in: "0", wantErr: `in "0": "0" is not a lock id: it must be at least 1; ` + Format},
		{in: "1 ,2", wantErr: `in "1 ": "1 " contains white space; ` + Format},
		{in: "1-2-3", wantErr: `in "1-2-3": "2-3" is not a lock id; ` + Format},
	}
	for _, tc := range cases {
		name := tc.in
		if len(name) > 40 {
			name = name[:40]
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseList(tc.in)
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("ParseList(%q) error = %v\nwant %s", tc.in, err, tc.wantErr)
				}
				return
			}
			if err != nil || !slices.Equal(got, tc.want) {
				t.Fatalf("ParseList(%q) = %d ids, %v; want %d ids", tc.in, len(got), err, len(tc.want))
			}
		})
	}
}

func TestParseListEmptyIsErrEmptyList(t *testing.T) {
	t.Parallel()
	if _, err := ParseList(""); !errors.Is(err, ErrEmptyList) {
		t.Errorf("ParseList(\"\") error = %v, want ErrEmptyList", err)
	}
}

func TestParseRanges(t *testing.T) {
	t.Parallel()
	got, n, err := parseRanges("300-400,5,1-10,11,250-299,9223372036854775807")
	want := []span{{1, 11}, {250, 400}, {maxID(), maxID()}}
	if err != nil || n != 11+151+1 || !slices.Equal(got, want) {
		t.Errorf("parseRanges = %v, %d, %v; want %v, %d", got, n, err, want, 11+151+1)
	}
}

func maxID() int64 { return math.MaxInt64 }

// A list is counted before any id is built, so refusing one that names a
// million or 2^63 ids costs what its text costs: the parser allocates for
// the ranges and the message only, never for the ids.
func TestParseListCountsBeforeBuilding(t *testing.T) {
	// Not parallel: TotalAlloc counts every goroutine's allocations.
	for _, in := range []string{
		tenRanges,
		"1-9223372036854775807",
		strings.Repeat("1-9223372036854775807,", 9) + "1-9223372036854775807",
	} {
		if _, err := ParseList(in); err == nil {
			t.Fatalf("ParseList(%.40q…) parsed", in)
		}
		const runs = 100
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range runs {
			_, _ = ParseList(in)
		}
		runtime.ReadMemStats(&after)
		if perRun := (after.TotalAlloc - before.TotalAlloc) / runs; perRun > 4096 {
			t.Errorf("ParseList(%.40q…) allocated %d bytes per call, want at most 4 KiB", in, perRun)
		}
		if allocs := testing.AllocsPerRun(runs, func() { _, _ = ParseList(in) }); allocs > 16 {
			t.Errorf("ParseList(%.40q…) made %.0f allocations per call, want at most 16", in, allocs)
		}
	}
}

func BenchmarkParseList(b *testing.B) {
	for _, in := range []string{"1-1000", "1-100000", tenRanges, "9223372036854775807-9223372036854775807"} {
		b.Run(fmt.Sprintf("%.24s", in), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = ParseList(in)
			}
		})
	}
}

func seq(first, last int64) []int64 {
	var out []int64
	for id := first; id <= last; id++ {
		out = append(out, id)
	}
	return out
}

func TestFormatList(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		ids  []int64
		want string
	}{
		{nil, ""},
		{[]int64{7}, "7"},
		{[]int64{1, 2, 3, 7}, "1-3,7"},
		{[]int64{1, 3, 4, 5, 9, 10}, "1,3-5,9-10"},
		{[]int64{maxID() - 1, maxID()}, "9223372036854775806-9223372036854775807"},
	} {
		got := FormatList(tc.ids)
		if got != tc.want {
			t.Errorf("FormatList(%v) = %q, want %q", tc.ids, got, tc.want)
		}
		if back, err := ParseList(got); len(tc.ids) > 0 && (err != nil || !slices.Equal(back, tc.ids)) {
			t.Errorf("ParseList(%q) = %v, %v; want %v back", got, back, err, tc.ids)
		}
	}
}
