package provider

// The boundary between spkey_user_accessible_locks_exclusive's model and
// the code that works on it: inside, a user's grants are a map from lock
// id to grantValue; in the model, locks maps the decimal lock id to
// { lock_name, access_level }.

import (
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

// grantValue is one grant of a lock: what the configuration sets, and
// who granted it when the API said so ("" otherwise).
type grantValue struct {
	name, level string
	grantedBy   string
}

// same reports whether two grants are the one the API would keep: the
// API compares the name and the level; who granted it does not matter.
func (g grantValue) same(o grantValue) bool { return g.name == o.name && g.level == o.level }

var grantAttrTypes = map[string]attr.Type{"lock_name": types.StringType, "access_level": types.StringType}

var grantObjectType = types.ObjectType{AttrTypes: grantAttrTypes}

// grantsOf reads a locks map. known is false when the map, or a value in
// it, is known only after apply; a null map is no grants.
func grantsOf(m types.Map) (grants map[int64]grantValue, known bool, diags diag.Diagnostics) {
	if m.IsUnknown() {
		return nil, false, nil
	}
	grants = make(map[int64]grantValue, len(m.Elements()))
	known = true
	for key, v := range m.Elements() {
		id, err := parseLockIDKey(key)
		if err != nil {
			return nil, false, diag.Diagnostics{invalidLockIDDiag(locksPath.AtMapKey(key), err)}
		}
		obj, _ := v.(types.Object)
		name, _ := obj.Attributes()["lock_name"].(types.String)
		level, _ := obj.Attributes()["access_level"].(types.String)
		if obj.IsUnknown() || name.IsUnknown() || level.IsUnknown() {
			known = false
		}
		grants[id] = grantValue{name: name.ValueString(), level: level.ValueString()}
	}
	return grants, known, nil
}

// grantsMap is the locks map of grants.
func grantsMap(grants map[int64]grantValue) types.Map {
	elems := make(map[string]attr.Value, len(grants))
	for id, g := range grants {
		elems[strconv.FormatInt(id, 10)] = types.ObjectValueMust(grantAttrTypes, map[string]attr.Value{
			"lock_name": types.StringValue(g.name), "access_level": types.StringValue(g.level)})
	}
	return types.MapValueMust(grantObjectType, elems)
}

// grantsFromList turns the API's list into grants. An entry whose lockId
// is not a lock id as Terraform writes one (the API does not check it) is
// left out and returned in odd: no call of this provider could remove it.
func grantsFromList(list []client.AccessibleLock) (grants map[int64]grantValue, odd []string) {
	grants = make(map[int64]grantValue, len(list))
	for _, l := range list {
		id, err := parseLockIDKey(l.LockID)
		if err != nil {
			odd = append(odd, l.LockID)
			continue
		}
		grants[id] = grantValue{name: l.LockName, level: l.AccessLevel, grantedBy: l.GrantedBy}
	}
	return grants, odd
}

// grantChange is what an apply does to one lock's grant: remove the
// current one, add the wanted one, or both, in that order (the API cannot
// change a grant).
type grantChange struct {
	remove bool
	add    *grantValue
}

// grantChanges is what turns the grants a user has into the ones wanted:
// grants not wanted are removed, missing ones added, and ones with another
// name or level re-created. Identical ones need no call.
func grantChanges(have, want map[int64]grantValue) map[int64]grantChange {
	changes := map[int64]grantChange{}
	for id, h := range have {
		switch w, ok := want[id]; {
		case !ok:
			changes[id] = grantChange{remove: true}
		case !h.same(w):
			changes[id] = grantChange{remove: true, add: &w}
		}
	}
	for id, w := range want {
		if _, ok := have[id]; !ok {
			changes[id] = grantChange{add: &w}
		}
	}
	return changes
}
