package provider

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// managedLocksKey is the private state key that holds, as a JSON array,
// the lock ids of the grants spkey_user_accessible_locks_exclusive's
// configuration listed at its last apply and the API confirmed. A refresh
// puts every grant of the user into state, those made outside Terraform
// too; this set is how a plan tells the two apart, and warns before it
// removes a grant that Terraform did not make.
const managedLocksKey = "managed_locks"

// managedLocks reads the set; a resource that has none (just imported,
// or never applied) manages none.
func managedLocks(ctx context.Context, p privateGetter) (map[int64]bool, diag.Diagnostics) {
	raw, diags := p.GetKey(ctx, managedLocksKey)
	var ids []int64
	if len(raw) > 0 {
		// Written only by setManagedLocks: an unreadable value is treated
		// as none, which only makes the next plan warn more.
		_ = json.Unmarshal(raw, &ids)
	}
	set := make(map[int64]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	return set, diags
}

// setManagedLocks records the grants of the configuration that the user
// has after an apply: wanted, and in the list as far as the answers tell.
func setManagedLocks(ctx context.Context, p privateSetter, want, have map[int64]grantValue) diag.Diagnostics {
	ids := make([]int64, 0, len(want))
	for id := range want {
		if _, ok := have[id]; ok {
			ids = append(ids, id)
		}
	}
	return writeManaged(ctx, p, ids)
}

// keepManaged narrows the set to the grants a refresh still found, so that
// a grant removed and then added again outside Terraform counts as made
// outside Terraform.
func keepManaged(ctx context.Context, req privateGetter, resp privateSetter, have map[int64]grantValue) diag.Diagnostics {
	managed, diags := managedLocks(ctx, req)
	ids := make([]int64, 0, len(managed))
	for id := range managed {
		if _, ok := have[id]; ok {
			ids = append(ids, id)
		}
	}
	if len(ids) == len(managed) {
		return diags
	}
	return append(diags, writeManaged(ctx, resp, ids)...)
}

func writeManaged(ctx context.Context, p privateSetter, ids []int64) diag.Diagnostics {
	slices.Sort(ids)
	raw, _ := json.Marshal(ids) // a slice of numbers always marshals
	return p.SetKey(ctx, managedLocksKey, raw)
}
