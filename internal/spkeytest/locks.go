package spkeytest

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseLockIDs reads a list of lock ids and ranges, such as "1-100,123".
func ParseLockIDs(spec string) ([]int64, error) {
	var ids []int64
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		lo, hi, isRange := strings.Cut(part, "-")
		first, err := strconv.ParseInt(lo, 10, 64)
		if err != nil || first < 1 {
			return nil, fmt.Errorf("%q: lock ids are positive integers", part)
		}
		last := first
		if isRange {
			last, err = strconv.ParseInt(hi, 10, 64)
			if err != nil || last < first {
				return nil, fmt.Errorf("%q: a range is first-last with first <= last", part)
			}
		}
		if last-first >= 1_000_000 {
			return nil, fmt.Errorf("%q: at most a million locks per range", part)
		}
		for id := first; id <= last; id++ {
			ids = append(ids, id)
		}
	}
	return ids, nil
}
