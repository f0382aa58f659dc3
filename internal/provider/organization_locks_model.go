package provider

// The boundary between spkey_organization_locks' model and the code that
// works on it: inside, lock ids are int64; in the model they are the
// decimal keys of the locks map.

import (
	"slices"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// record sets locks to ids: each lock keeps its label from the model's
// locks map (a new one gets "").
func (m *organizationLocksModel) record(ids []int64) {
	m.Locks = locksFor(ids, m.Locks)
}

// lockIDsOf returns the lock ids (the map's keys) in ascending order.
// Unknown or null maps give nil.
func lockIDsOf(m types.Map) ([]int64, diag.Diagnostics) {
	if m.IsNull() || m.IsUnknown() {
		return nil, nil
	}
	var diags diag.Diagnostics
	ids := make([]int64, 0, len(m.Elements()))
	for key := range m.Elements() {
		id, err := parseLockIDKey(key)
		if err != nil {
			diags.Append(invalidLockIDDiag(locksPath.AtMapKey(key), err))
			return nil, diags
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids, diags
}

// locksFor builds the locks map for ids, each with its label from labels
// (the plan's or the prior state's map); an id without one gets "".
func locksFor(ids []int64, labels types.Map) types.Map {
	from := labels.Elements()
	elems := make(map[string]attr.Value, len(ids))
	for _, id := range ids {
		key := strconv.FormatInt(id, 10)
		if v, ok := from[key]; ok {
			elems[key] = v
		} else {
			elems[key] = types.StringValue("")
		}
	}
	return types.MapValueMust(types.StringType, elems)
}

// difference returns the ids of a that are not in b, in a's order.
func difference(a, b []int64) []int64 {
	in := make(map[int64]bool, len(b))
	for _, id := range b {
		in[id] = true
	}
	var out []int64
	for _, id := range a {
		if !in[id] {
			out = append(out, id)
		}
	}
	return out
}
