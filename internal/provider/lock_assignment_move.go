package provider

// Moving state into the per-lock assignment resources
// (spkey_lock_organization, spkey_lock_owner) with a moved block; see
// restapi_move.go. version stays null, as after an import, and the next
// refresh reads it from basic-info (recordLockInfo).

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ resource.ResourceWithMoveState = (*lockAssignmentResource[lockOrganizationModel, *lockOrganizationModel])(nil)

// restapiCalls maps each assignment's call to what a restapi_object that
// made it looks like.
var restapiCalls = map[string]restapiCall{
	restapiSetOrganization.call: restapiSetOrganization,
	restapiSetOwner.call:        restapiSetOwner,
}

// MoveState takes over a restapi_object that made this resource's call
// (the lock from its path and object_id, the value from its data), and
// passes this resource's own state through.
func (r *lockAssignmentResource[M, P]) MoveState(context.Context) []resource.StateMover {
	return restapiTarget{
		typeName: r.spec.typeName,
		what:     "a lock's " + r.spec.noun + " assignment",
		thing:    "the lock",
		fromRestapi: func(raw []byte) (map[string]any, any, error) {
			a, err := parseRestapiState(raw, restapiCalls[r.spec.call])
			if err != nil {
				return nil, nil, err
			}
			id := strconv.FormatInt(a.lockID, 10)
			return map[string]any{
				"id":        id,
				"lock_id":   lockIDValue(a.lockID),
				r.spec.attr: a.value,
				// For locks the aggregate is the lock: its id is the lock
				// id as a string, as SetOrganization and basic-info
				// answer it.
				"aggregate_id": id,
			}, lockIdentityModel{LockID: types.Int64Value(a.lockID)}, nil
		},
		identity: func(ctx context.Context, state tfsdk.State) (any, error) {
			lockID, err := stateLockID(ctx, state)
			return lockIdentityModel{LockID: types.Int64Value(lockID)}, err
		},
		importID: func(names restapiNames) string {
			if names.lockID > 0 {
				return strconv.FormatInt(names.lockID, 10)
			}
			return "<lock id>"
		},
	}.movers()
}
