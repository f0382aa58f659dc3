package lockids

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// MaxIDs bounds how many distinct lock ids one list may name, wherever a
// list is read: the lock_ids function, the spkey_organization_locks import
// id, the list resource's lock_ids and spkey-mock's -locks. It is the
// largest fleet one spkey_organization_locks resource is measured with
// (100,000 locks apply in about 30 s), so a list can name any supported
// fleet, adopt it by import, or scan a range for it. It was the bound of
// one range before, so no range that parsed then is refused now; the ten
// times larger list it refuses held the provider at 2 GiB for more than
// a minute before its first request, and is more likely a typo
// ("1-1000000" for "1-100000") than a fleet.
const MaxIDs = 100_000

// ErrEmptyList is the error for a list with nothing in it.
var ErrEmptyList = errors.New(`the lock id list is empty; write lock ids and ranges such as "100-199,250"`)

// span is the lock ids First to Last, both included, First <= Last.
type span struct{ First, Last int64 }

// Len is how many ids r holds. It cannot overflow: First is at least 1.
func (r span) Len() int64 { return r.Last - r.First + 1 }

// ParseList reads ids separated by commas, each an id or an inclusive
// range a-b, and returns them sorted, each once. It counts them before it
// builds them: see parseRanges.
func ParseList(list string) ([]int64, error) {
	ranges, n, err := parseRanges(list)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, n)
	for _, r := range ranges {
		for id := r.First; ; id++ {
			ids = append(ids, id)
			if id == r.Last { // not id <= r.Last: Last may be the largest int64
				break
			}
		}
	}
	return ids, nil
}

// parseRanges reads ids and ranges separated by commas ("100-199,250")
// into sorted ranges without overlaps, and counts the distinct ids they
// hold. Its work and memory grow with the length of the list, never with
// the ids it names: "1-9223372036854775807" is two numbers, refused for
// naming more than MaxIDs ids before any id is built.
func parseRanges(list string) ([]span, int64, error) {
	if list == "" {
		return nil, 0, ErrEmptyList
	}
	ranges := make([]span, 0, strings.Count(list, ",")+1)
	for part := range strings.SplitSeq(list, ",") {
		r, err := parseRange(part)
		if err != nil {
			return nil, 0, err
		}
		ranges = append(ranges, r)
	}
	ranges = merge(ranges)
	// The merged ranges are disjoint subsets of 1..MaxInt64, so their
	// lengths add up to at most MaxInt64: the sum cannot overflow.
	var n int64
	for _, r := range ranges {
		n += r.Len()
	}
	if n > MaxIDs {
		return nil, 0, fmt.Errorf("%s names %d lock ids; one list may name at most %d: check the ranges for a typo, or split the list",
			quoteList(list), n, MaxIDs)
	}
	return ranges, n, nil
}

// parseRange reads one item of a list: an id or a range a-b.
func parseRange(part string) (span, error) {
	lo, hi, isRange := strings.Cut(part, "-")
	first, err := Parse(lo)
	if err != nil {
		return span{}, fmt.Errorf("in %q: %w", part, err)
	}
	if !isRange {
		return span{first, first}, nil
	}
	last, err := Parse(hi)
	if err != nil {
		return span{}, fmt.Errorf("in %q: %w", part, err)
	}
	if last < first {
		return span{}, fmt.Errorf("range %q must go upwards: write it as %d-%d", part, last, first)
	}
	return span{first, last}, nil
}

// merge sorts ranges and joins those that overlap or touch, in place: an
// id written twice ("5,1-10") counts once, as it is built once.
func merge(ranges []span) []span {
	slices.SortFunc(ranges, func(a, b span) int { return cmp.Compare(a.First, b.First) })
	out := ranges[:0]
	for _, r := range ranges {
		// r.First-1 rather than last.Last+1, which overflows at MaxInt64.
		if last := len(out) - 1; last >= 0 && r.First-1 <= out[last].Last {
			out[last].Last = max(out[last].Last, r.Last)
			continue
		}
		out = append(out, r)
	}
	return out
}

// maxQuoted bounds how much of a list an error quotes: a list of thousands
// of ids would otherwise fill the terminal.
const maxQuoted = 60

// quoteList quotes list, cut after its last comma within maxQuoted bytes
// when it is longer, with the number of items it holds.
func quoteList(list string) string {
	if len(list) <= maxQuoted {
		return strconv.Quote(list)
	}
	cut := strings.LastIndex(list[:maxQuoted], ",") + 1
	if cut == 0 {
		cut = maxQuoted
	}
	return fmt.Sprintf("%s (%d items)", strconv.Quote(list[:cut]+"…"), strings.Count(list, ",")+1)
}

// FormatList writes ids as ParseList reads them, with runs of consecutive ids
// as ranges: [1 2 3 7] is "1-3,7". ids must be sorted, each once.
func FormatList(ids []int64) string {
	var b strings.Builder
	for i := 0; i < len(ids); {
		j := i
		for j+1 < len(ids) && ids[j+1] == ids[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(ids[i], 10))
		if j > i {
			b.WriteByte('-')
			b.WriteString(strconv.FormatInt(ids[j], 10))
		}
		i = j + 1
	}
	return b.String()
}
