package provider

// Moving state into spkey_lock_access with a moved block, from a
// restapi_object that called AddAccessibleLock or from this type; see
// restapi_move.go.

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

var _ resource.ResourceWithMoveState = (*lockAccessResource)(nil)

// MoveState takes over a restapi_object that granted a user a lock (the
// user from its path, the rest from data), and passes this resource's own
// state through.
func (r *lockAccessResource) MoveState(context.Context) []resource.StateMover {
	return restapiTarget{
		typeName: lockAccessType,
		what:     "a user's access to a lock",
		thing:    "the grant",
		fromRestapi: func(raw []byte) (map[string]any, any, error) {
			g, err := parseRestapiGrant(raw)
			if err != nil {
				return nil, nil, err
			}
			return map[string]any{
				"id":           accessID(g.userID, g.lockID),
				"user_id":      uuidValueOf(g.userID),
				"lock_id":      lockIDValue(g.lockID),
				"lock_name":    g.lockName,
				"access_level": g.accessLevel,
				"granted_by":   uuidValueOf(g.grantedBy),
				// What restapi_object sent as the reason (its destroy_data)
				// is not taken over: the configuration would have to say
				// it again, or the plan would change it back.
				"removal_reason": defaultRemovalReason,
			}, newEntryIdentity(g.userID, g.lockID), nil
		},
		identity: entryStateIdentity,
		importID: func(names restapiNames) string {
			lock, user := names.importParts()
			return user + ":" + lock
		},
	}.movers()
}
