package provider

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// maxImportRange bounds one a-b range in an import ID, so that a typo
// such as 1-10000000000 is an error rather than a huge state.
const maxImportRange = 100_000

// parseOrganizationLocksID reads the spkey_organization_locks import ID:
// <org_id>:<lock ids>, the ids separated by commas, each an id or an
// inclusive range a-b. The last colon separates, so an org_id may
// contain colons.
func parseOrganizationLocksID(s string) (string, []int64, error) {
	i := strings.LastIndex(s, ":")
	if i < 0 {
		return "", nil, fmt.Errorf("%q has no colon between the organization id and the lock ids", s)
	}
	org, list := s[:i], s[i+1:]
	if org == "" {
		return "", nil, errors.New("the organization id before the colon is empty")
	}
	if list == "" {
		return "", nil, errors.New("the lock id list after the colon is empty")
	}
	seen := map[int64]bool{}
	var ids []int64
	add := func(id int64) {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, part := range strings.Split(list, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		first, err := parseLockID(lo)
		if err != nil {
			return "", nil, fmt.Errorf("in %q: %w", part, err)
		}
		if !isRange {
			add(first)
			continue
		}
		last, err := parseLockID(hi)
		if err != nil {
			return "", nil, fmt.Errorf("in %q: %w", part, err)
		}
		if last < first || last-first >= maxImportRange {
			return "", nil, fmt.Errorf("range %q must go upwards and span at most %d ids", part, maxImportRange)
		}
		for id := first; id <= last; id++ {
			add(id)
		}
	}
	slices.Sort(ids)
	return org, ids, nil
}
