package provider

import (
	"context"
	"errors"
	"maps"
	"sync"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

// grantRun is what applying grant changes left: the user's grants as far
// as the API's answers tell (the ones kept, plus the adds done, minus the
// removes done), how many calls succeeded, and the failures by lock.
type grantRun struct {
	mu     sync.Mutex
	now    map[int64]grantValue
	done   int
	failed map[int64]error
}

// record notes one call that succeeded: the lock's grant is now g (nil:
// none).
func (r *grantRun) record(id int64, g *grantValue) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.done++
	if g == nil {
		delete(r.now, id)
		return
	}
	r.now[id] = *g
}

// grantCalls is who the API records for the calls of one apply, and why.
type grantCalls struct {
	userID, grantor, reason string
}

// applyGrants makes the changes to a user's grants, one lock per worker
// within max_concurrency; a lock that is re-created is removed, then added.
// The client reads the list back after a lost answer, so no call is ever
// sent twice for one change.
func (r *userAccessibleLocksResource) applyGrants(ctx context.Context, calls grantCalls, have map[int64]grantValue,
	changes map[int64]grantChange) *grantRun {
	run := &grantRun{now: maps.Clone(have)}
	run.failed = runPerLock(ctx, r.data.client, sortedIDs(changes), func(ctx context.Context, id int64) error {
		return r.applyGrant(ctx, run, calls, id, changes[id])
	})
	return run
}

func (r *userAccessibleLocksResource) applyGrant(ctx context.Context, run *grantRun, calls grantCalls, id int64, ch grantChange) error {
	c := r.data.client
	if ch.remove {
		_, err := c.RemoveAccessibleLock(ctx, calls.userID, client.Revocation{LockID: id, RemovedBy: calls.grantor, Reason: calls.reason})
		if !removed(err) {
			return &grantCallError{op: opRevokeAccess, err: err}
		}
		logAlreadyGone(ctx, "the grant", err)
		run.record(id, nil)
	}
	if ch.add == nil {
		return nil
	}
	_, err := c.AddAccessibleLock(ctx, calls.userID, client.Grant{LockID: id, LockName: ch.add.name, AccessLevel: ch.add.level,
		GrantedBy: calls.grantor})
	switch {
	case err == nil, adoptedSame(err):
		run.record(id, ch.add)
		return nil
	case errors.Is(err, client.ErrAlreadyExists):
		// Granted with other values since the refresh. The read-back that
		// found it left the list fresh in the shared reads: this costs no
		// request.
		list, _ := c.AccessibleLocks(ctx, calls.userID)
		found := client.FindGrant(list, id)
		if found != nil {
			run.mu.Lock()
			run.now[id] = grantValue{name: found.LockName, level: found.AccessLevel, grantedBy: found.GrantedBy}
			run.mu.Unlock()
		}
		return &grantTakenError{lockID: id, found: found}
	}
	return &grantCallError{op: opGrantAccess, err: err}
}

// grantCallError is one lock's failed add or remove.
type grantCallError struct {
	op  operation
	err error
}

func (e *grantCallError) Error() string {
	if e.op.effect == opRemoves {
		return "removing the grant: " + e.err.Error()
	}
	return "adding the grant: " + e.err.Error()
}

func (e *grantCallError) Unwrap() error { return e.err }
