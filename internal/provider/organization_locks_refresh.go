package provider

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"sync"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

// fleetReading is what basic-info says about a fleet's locks.
type fleetReading struct {
	// current are the locks that still belong to the organization.
	current map[int64]bool
	// gone are the locks that left the organization outside Terraform.
	gone []goneLock
	// failed are the locks the API could not be asked about.
	failed map[int64]error
}

// goneLock is a lock that left its fleet's organization outside Terraform.
type goneLock struct {
	id      int64
	deleted bool    // the lock no longer exists
	orgID   *string // its organization now; nil when it has none
	// since says when it moved (" since <time> (version N, ...)"), or why
	// that is unknown; "" when not looked up.
	since string
}

// readFleet asks basic-info about every lock of the fleet, concurrently.
func (r *organizationLocksResource) readFleet(ctx context.Context, org string, ids []int64) fleetReading {
	var mu sync.Mutex
	fleet := fleetReading{current: make(map[int64]bool, len(ids))}
	fleet.failed = runPerLock(ctx, r.client, ids, func(ctx context.Context, id int64) error {
		info, err := r.client.LockBasicInfo(ctx, id)
		gone, err := fleetLock(id, org, info, err)
		if err != nil {
			return err
		}
		if gone != nil && gone.orgID != nil {
			// Only the warning shows it.
			shown := r.client.Redact(*gone.orgID)
			gone.orgID = &shown
		}
		mu.Lock()
		defer mu.Unlock()
		if gone != nil {
			fleet.gone = append(fleet.gone, *gone)
		} else {
			fleet.current[id] = true
		}
		return nil
	})
	return fleet
}

// fleetLock sorts one basic-info answer about lock id of org's fleet: nil
// when it still belongs to org, what became of it when it does not, or the
// error when the API could not be asked (only the API's not-found means
// the lock is gone).
func fleetLock(id int64, org string, info *client.LockInfo, err error) (*goneLock, error) {
	switch {
	case errors.Is(err, client.ErrNotFound):
		return &goneLock{id: id, deleted: true}, nil
	case err != nil:
		return nil, err
	case info.Organization() == nil || *info.Organization() != org:
		return &goneLock{id: id, orgID: info.Organization()}, nil
	}
	return nil, nil
}

// mergeFleet returns the locks a refresh keeps in state, in order: of the
// locks in state (ids), those still in the organization (current).
func mergeFleet(ids []int64, current map[int64]bool) []int64 {
	kept := make([]int64, 0, len(current))
	for _, id := range ids {
		if current[id] {
			kept = append(kept, id)
		}
	}
	return kept
}

// maxDriftLookups is how many of a fleet's drifted locks a refresh asks
// the event history about: the ones the warning lists first, so that
// 10,000 drifted locks cost 5 extra requests, not 10,000.
const maxDriftLookups = maxListed

// explainGone orders gone by lock id and finds when each of the first
// maxDriftLookups that moved to another organization moved, from its most
// recent OrganizationSet event. A failed lookup only says that the time
// is unknown.
func (r *organizationLocksResource) explainGone(ctx context.Context, gone []goneLock) {
	slices.SortFunc(gone, func(a, b goneLock) int { return cmp.Compare(a.id, b.id) })
	at := map[int64]int{}
	var ids []int64
	for i, g := range gone[:min(len(gone), maxDriftLookups)] {
		if g.orgID != nil {
			at[g.id] = i
			ids = append(ids, g.id)
		}
	}
	var mu sync.Mutex
	runPerLock(ctx, r.client, ids, func(ctx context.Context, id int64) error {
		ev, err := lastChange(ctx, r.client, id, eventOrganizationSet)
		mu.Lock()
		defer mu.Unlock()
		switch {
		case err != nil:
			gone[at[id]].since = whenUnknown(err)
		case ev != nil:
			gone[at[id]].since = " since " + eventTime(*ev)
		}
		return nil
	})
}
