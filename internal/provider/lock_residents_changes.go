package provider

// The changes spkey_lock_residents_exclusive makes to a lock's list: which
// residents to add, remove and re-create, making them concurrently, and
// what is true on the lock afterwards, whichever of them failed.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

// residentChange is one change to a lock's list: an add (onLock is ""), a
// remove (name is ""), or a re-create under a new name (both: the API
// cannot rename a resident, so remove, then add).
type residentChange struct {
	// userID is the user id in lower case, as the configuration's keys
	// are; an add sends it.
	userID string
	// onLock is the user id as the lock's list spells it, which a remove
	// sends; "" when the user is not on the lock.
	onLock string
	// old is the name on the lock; name is the configured one.
	old, name string
}

func (c residentChange) String() string {
	switch {
	case c.onLock == "":
		return fmt.Sprintf("add user %s (%q)", c.userID, c.name)
	case c.name == "":
		return fmt.Sprintf("remove user %s (%q)", c.userID, c.old)
	}
	return fmt.Sprintf("re-create user %s (%q as %q)", c.userID, c.old, c.name)
}

// residentOutcome is what one change did: its remove, its add, or neither,
// or the add found the user already there under another name.
type residentOutcome struct {
	removed, added bool
	existing       *string
}

// stepError is the failure of one step of a change (its remove or its
// add), so that the message words it with that step's operation.
type stepError struct {
	op  operation
	err error
	// existing is the name an add found the user under, when the user
	// became a resident since the list was read.
	existing *string
}

func (e *stepError) Error() string {
	step := "add"
	if e.op.effect == opRemoves {
		step = "remove"
	}
	if e.existing != nil {
		return fmt.Sprintf("%s: already a resident, named %q", step, *e.existing)
	}
	return step + ": " + e.err.Error()
}

func (e *stepError) Unwrap() error { return e.err }

// residentChanges compares what is on the lock (user id as the lock
// spells it → name) with what the configuration wants (user id in lower
// case → name). Residents whose name matches are kept without a call.
// The changes come in user id order.
func residentChanges(onLock, want map[string]string) []residentChange {
	var changes []residentChange
	seen := make(map[string]bool, len(onLock))
	for spelled, old := range onLock {
		id := strings.ToLower(spelled)
		seen[id] = true
		name, wanted := want[id]
		switch {
		case !wanted:
			changes = append(changes, residentChange{userID: id, onLock: spelled, old: old})
		case name != old:
			changes = append(changes, residentChange{userID: id, onLock: spelled, old: old, name: name})
		}
	}
	for id, name := range want {
		if !seen[strings.ToLower(id)] {
			changes = append(changes, residentChange{userID: strings.ToLower(id), name: name})
		}
	}
	sort.Slice(changes, func(i, j int) bool { return changes[i].userID < changes[j].userID })
	return changes
}

// applyResidentChanges makes the changes with at most max_concurrency
// calls in flight (the client's rate limit and back-off are shared by
// all of them) and returns each one's outcome and the failures by index.
func applyResidentChanges(ctx context.Context, c *client.Client, lockID int64, changes []residentChange) ([]residentOutcome, map[int64]error) {
	outcomes := make([]residentOutcome, len(changes))
	indices := make([]int64, len(changes))
	for i := range changes {
		indices[i] = int64(i)
	}
	// runPerLock's ids are indices into changes here; each worker writes
	// only its own outcome.
	failed := runPerLock(ctx, c, indices, func(ctx context.Context, i int64) error {
		return applyResidentChange(ctx, c, lockID, changes[i], &outcomes[i])
	})
	return outcomes, failed
}

func applyResidentChange(ctx context.Context, c *client.Client, lockID int64, ch residentChange, out *residentOutcome) error {
	if ch.onLock != "" {
		if _, err := c.RemoveResident(ctx, lockID, ch.onLock); !removed(err) {
			return &stepError{op: opRemoveResident, err: err}
		}
		out.removed = true
	}
	if ch.name == "" {
		return nil
	}
	_, err := c.AddResident(ctx, lockID, ch.userID, ch.name)
	switch {
	case err == nil, adoptedSame(err):
		out.added = true
		return nil
	case errors.Is(err, client.ErrAlreadyExists):
		// Added under another name since the list was read. The read-back
		// that found it left the list fresh: this costs no request.
		list, _ := c.Residents(ctx, lockID)
		if found := client.FindResident(list, ch.userID); found != nil {
			name := found.Name
			out.existing = &name
		}
		return &stepError{op: opAddResident, err: err, existing: out.existing}
	}
	return &stepError{op: opAddResident, err: err}
}

// residentsAfter is what is on the lock after the changes, as far as
// their answers tell: the residents that were there, less the removes
// that were done, plus the adds that were done, keyed by user id in lower
// case. A change whose outcome is unknown is left as it was; the next
// refresh reads the list.
func residentsAfter(onLock map[string]string, changes []residentChange, outcomes []residentOutcome) map[string]string {
	out := make(map[string]string, len(onLock))
	for id, name := range onLock {
		out[strings.ToLower(id)] = name
	}
	for i, ch := range changes {
		o := outcomes[i]
		if o.removed {
			delete(out, ch.userID)
		}
		switch {
		case o.added:
			out[ch.userID] = ch.name
		case o.existing != nil:
			out[ch.userID] = *o.existing
		}
	}
	return out
}

// residentNames maps a lock's list to user id (as it spells it) → name.
func residentNames(list []client.Resident) map[string]string {
	out := make(map[string]string, len(list))
	for _, r := range list {
		out[r.UserID] = r.Name
	}
	return out
}

// lowerKeys is residents keyed by user id in lower case.
func lowerKeys(residents map[string]string) map[string]string {
	out := make(map[string]string, len(residents))
	for id, name := range residents {
		out[strings.ToLower(id)] = name
	}
	return out
}

// Terraform's additions are kept in private state, by user id in lower
// case, so that a plan can tell the residents it removes that Terraform
// added (the configuration no longer lists them) from those it did not
// (added outside Terraform, or there when the resource took the list
// over), and warn about the latter.
const residentsAddedKey = "residents_added"

func addedResidents(ctx context.Context, p privateGetter) (map[string]bool, diag.Diagnostics) {
	raw, diags := p.GetKey(ctx, residentsAddedKey)
	added := map[string]bool{}
	if len(raw) == 0 || diags.HasError() {
		return added, diags
	}
	var ids []string
	if err := json.Unmarshal(raw, &ids); err != nil {
		// Only this provider writes it; an unreadable record means none.
		return added, diags
	}
	for _, id := range ids {
		added[id] = true
	}
	return added, diags
}

// recordAdded stores which residents Terraform has added after the
// changes: those before, plus the adds done, less the removes done.
func recordAdded(ctx context.Context, p privateSetter, before map[string]bool, changes []residentChange, outcomes []residentOutcome) diag.Diagnostics {
	for i, ch := range changes {
		if outcomes[i].removed {
			delete(before, ch.userID)
		}
		if outcomes[i].added {
			before[ch.userID] = true
		}
	}
	ids := make([]string, 0, len(before))
	for id := range before {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	raw, err := json.Marshal(ids)
	if err != nil {
		return nil // a list of strings always marshals
	}
	return p.SetKey(ctx, residentsAddedKey, raw)
}
