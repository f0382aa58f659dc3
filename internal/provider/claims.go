package provider

import (
	"sort"
	"sync"
)

// claims records, during one plan, which organization each resource wants
// each lock in. Terraform plans every resource of a configuration with the
// same provider instance, so when a spkey_lock_organization and a
// spkey_organization_locks (or two of either) assign one lock to different
// organizations, whichever is planned second sees the conflict and warns:
// applied together they would move the lock back and forth on every run.
type claims struct {
	mu     sync.Mutex
	byLock map[int64]claim
}

type claim struct {
	by    string // who claims it, e.g. `spkey_organization_locks for "org_a"`
	orgID string
}

// conflict is a lock that two resources assign to different organizations.
type conflict struct {
	lockID   int64
	other    string
	otherOrg string
}

func newClaims() *claims {
	return &claims{byLock: map[int64]claim{}}
}

// claim records that `by` wants lockIDs in orgID and returns, ordered by
// lock id, the locks that an earlier claim put in another organization.
func (c *claims) claim(by, orgID string, lockIDs []int64) []conflict {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []conflict
	for _, id := range lockIDs {
		prev, ok := c.byLock[id]
		switch {
		case !ok:
			c.byLock[id] = claim{by: by, orgID: orgID}
		case prev.orgID != orgID:
			out = append(out, conflict{lockID: id, other: prev.by, otherOrg: prev.orgID})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].lockID < out[j].lockID })
	return out
}
