package provider

import (
	"sort"
	"strings"
	"sync"
)

// claims records, during one plan, which value each resource wants an
// attribute of each lock, or of each lock's entry for a user, to have
// (org_id: which organization a lock is in; access: a user's grant of a
// lock). Terraform plans every resource of a configuration with the
// same provider instance, so when a spkey_lock_organization and a
// spkey_organization_locks (or two of either) assign one lock to different
// organizations, whichever is planned second sees the conflict and warns:
// applied together they would move the lock back and forth on every run.
type claims struct {
	mu     sync.Mutex
	byLock map[claimKey]claim
}

// claimKey is one attribute of one lock (of is ""), or of one lock's entry
// for a user (of is the user id, in lower case).
type claimKey struct {
	attr   string
	lockID int64
	of     string
}

type claim struct {
	by    string // who claims it, e.g. `spkey_organization_locks for "org_a"`
	value string
}

// conflict is a lock (or a lock's entry for a user) whose attribute two
// resources set to different values (for org_id: different
// organizations).
type conflict struct {
	lockID int64
	of     string
	other  string // who claimed it first
	value  string // the other resource's value
}

func newClaims() *claims {
	return &claims{byLock: map[claimKey]claim{}}
}

// claim records that `by` wants attr of lockIDs to be value and returns,
// ordered by lock id, the locks that an earlier claim gave another value.
func (c *claims) claim(attr, by, value string, lockIDs []int64) []conflict {
	keys := make([]claimKey, len(lockIDs))
	for i, id := range lockIDs {
		keys[i] = claimKey{attr: attr, lockID: id}
	}
	return c.claimKeys(by, value, keys)
}

// claimEntry records that `by` wants attr of lock lockID's entry for user
// to be value, and returns the earlier claim of another value, if any.
func (c *claims) claimEntry(attr, by, value string, lockID int64, user string) []conflict {
	return c.claimKeys(by, value, []claimKey{{attr: attr, lockID: lockID, of: strings.ToLower(user)}})
}

func (c *claims) claimKeys(by, value string, keys []claimKey) []conflict {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []conflict
	for _, key := range keys {
		prev, ok := c.byLock[key]
		switch {
		case !ok:
			c.byLock[key] = claim{by: by, value: value}
		case prev.value != value:
			out = append(out, conflict{lockID: key.lockID, of: key.of, other: prev.by, value: prev.value})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].lockID != out[j].lockID {
			return out[i].lockID < out[j].lockID
		}
		return out[i].of < out[j].of
	})
	return out
}
