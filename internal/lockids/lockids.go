// Package lockids reads SmartphoneKey lock ids as people write them: one id
// ("123") or a list of ids and inclusive ranges ("100-199,250"). It knows
// nothing of Terraform, so that the provider and the mock server share one
// parser, one bound and one wording of its errors (users read them).
package lockids

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Format is how every message describes a valid lock id.
const Format = "a lock id is a positive whole number such as 123"

// MaxRange bounds one a-b range, so that a typo such as 1-10000000000 is
// an error rather than ten billion locks.
const MaxRange = 100_000

// Parse reads one lock id: decimal digits only, no sign, no spaces, at
// least 1. It is strict on purpose: "12 3" or "1.5" is a typo, not a lock,
// and a UUID is a lock's uuid or a user id, the most common mix-up with
// this API.
func Parse(s string) (int64, error) {
	switch {
	case s == "":
		return 0, fmt.Errorf("the lock id is empty; %s", Format)
	case strings.TrimSpace(s) != s || strings.ContainsAny(s, " \t\r\n"):
		return 0, fmt.Errorf("%q contains white space; %s", s, Format)
	case LooksLikeUUID(s):
		return 0, fmt.Errorf("%q is a UUID, not a lock id: lock ids are numeric (a UUID is a lock's uuid or a user id); %s", s, Format)
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("%q is not a lock id; %s", s, Format)
		}
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is too large for a lock id; %s", s, Format)
	}
	if id < 1 {
		return 0, fmt.Errorf("%q is not a lock id: it must be at least 1; %s", s, Format)
	}
	return id, nil
}

// ParseList reads ids separated by commas, each an id or an inclusive
// range a-b (at most MaxRange ids), and returns them sorted, each once.
func ParseList(list string) ([]int64, error) {
	seen := map[int64]bool{}
	var ids []int64
	add := func(id int64) {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for part := range strings.SplitSeq(list, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		first, err := Parse(lo)
		if err != nil {
			return nil, fmt.Errorf("in %q: %w", part, err)
		}
		if !isRange {
			add(first)
			continue
		}
		last, err := Parse(hi)
		if err != nil {
			return nil, fmt.Errorf("in %q: %w", part, err)
		}
		if last < first || last-first >= MaxRange {
			return nil, fmt.Errorf("range %q must go upwards and span at most %d ids", part, MaxRange)
		}
		for id := first; id <= last; id++ {
			add(id)
		}
	}
	slices.Sort(ids)
	return ids, nil
}

// LooksLikeUUID reports whether s has the 8-4-4-4-12 hexadecimal shape of
// a UUID.
func LooksLikeUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch i {
		case 8, 13, 18, 23:
			if r != '-' {
				return false
			}
		default:
			if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
				return false
			}
		}
	}
	return true
}
