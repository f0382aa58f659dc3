package provider

// Moving state into spkey_lock_resident with a moved block, from a
// restapi_object that called AddResident or from this type; see
// restapi_move.go. email and has_phone stay null until the next refresh
// reads the lock's residents.

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

var _ resource.ResourceWithMoveState = (*lockResidentResource)(nil)

// MoveState takes over a restapi_object that made a user a resident of a
// lock (the lock from its path, the user and name from data), and passes
// this resource's own state through.
func (r *lockResidentResource) MoveState(context.Context) []resource.StateMover {
	return restapiTarget{
		typeName: lockResidentType,
		what:     "a lock's resident",
		thing:    "the resident",
		fromRestapi: func(raw []byte) (map[string]any, any, error) {
			res, err := parseRestapiResident(raw)
			if err != nil {
				return nil, nil, err
			}
			return map[string]any{
				"id":      residentID(res.lockID, res.userID),
				"lock_id": lockIDValue(res.lockID),
				"user_id": uuidValueOf(res.userID),
				"name":    res.name,
			}, newEntryIdentity(res.userID, res.lockID), nil
		},
		identity: entryStateIdentity,
		importID: func(names restapiNames) string {
			lock, user := names.importParts()
			return lock + ":" + user
		},
	}.movers()
}
