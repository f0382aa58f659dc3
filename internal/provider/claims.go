package provider

import (
	"sort"
	"sync"
)

// claims records, during one plan, which value each resource wants an
// attribute of each lock to have (org_id: which organization it is in). Terraform plans every resource of a configuration with the
// same provider instance, so when a spkey_lock_organization and a
// spkey_organization_locks (or two of either) assign one lock to different
// organizations, whichever is planned second sees the conflict and warns:
// applied together they would move the lock back and forth on every run.
type claims struct {
	mu     sync.Mutex
	byLock map[claimKey]claim
}

// claimKey is one attribute of one lock.
type claimKey struct {
	attr   string
	lockID int64
}

type claim struct {
	by    string // who claims it, e.g. `spkey_organization_locks for "org_a"`
	value string
}

// conflict is a lock whose attribute two resources set to different
// values (for org_id: different organizations).
type conflict struct {
	lockID   int64
	other    string
	otherOrg string // the other resource's value
}

func newClaims() *claims {
	return &claims{byLock: map[claimKey]claim{}}
}

// claim records that `by` wants attr of lockIDs to be value and returns,
// ordered by lock id, the locks that an earlier claim gave another value.
func (c *claims) claim(attr, by, value string, lockIDs []int64) []conflict {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []conflict
	for _, id := range lockIDs {
		key := claimKey{attr: attr, lockID: id}
		prev, ok := c.byLock[key]
		switch {
		case !ok:
			c.byLock[key] = claim{by: by, value: value}
		case prev.value != value:
			out = append(out, conflict{lockID: id, other: prev.by, otherOrg: prev.value})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].lockID < out[j].lockID })
	return out
}
