package provider

// The boundary between spkey_organization_locks' model and the code that
// works on it: inside, lock ids are int64; in the model they are the
// decimal keys of the locks and versions maps.

import (
	"context"
	"slices"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// versionsPath is the fleet's versions map, keyed like locks.
var versionsPath = path.Root("versions")

// lockVersions returns the model's lock ids in ascending order and the
// versions recorded for them.
func (m organizationLocksModel) lockVersions(ctx context.Context) ([]int64, map[int64]types.Number, diag.Diagnostics) {
	ids, diags := lockIDsOf(m.Locks)
	if diags.HasError() {
		return nil, nil, diags
	}
	versions, d := versionsOf(ctx, m.Versions)
	diags.Append(d...)
	return ids, versions, diags
}

// record sets locks and versions to ids: each lock keeps its label from
// the model's locks map (a new one gets ""), and each gets its version
// from versions (or "known after apply" without one).
func (m *organizationLocksModel) record(ids []int64, versions map[int64]types.Number) {
	m.Locks = locksFor(ids, m.Locks)
	m.Versions = versionsFor(ids, versions)
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

// versionsOf reads the versions map, whose keys are lock ids in decimal.
// State only holds keys that were lock ids when they were written.
func versionsOf(ctx context.Context, m types.Map) (map[int64]types.Number, diag.Diagnostics) {
	out := map[int64]types.Number{}
	if m.IsNull() || m.IsUnknown() {
		return out, nil
	}
	byKey := map[string]types.Number{}
	diags := m.ElementsAs(ctx, &byKey, false)
	for key, v := range byKey {
		id, err := parseLockIDKey(key)
		if err != nil {
			diags.Append(invalidLockIDDiag(versionsPath.AtMapKey(key), err))
			continue
		}
		out[id] = v
	}
	return out, diags
}

// versionsFor builds the versions map for ids from known versions; an id
// without one gets an unknown value (known after apply).
func versionsFor(ids []int64, known map[int64]types.Number) types.Map {
	elems := make(map[string]attr.Value, len(ids))
	for _, id := range ids {
		v, ok := known[id]
		if !ok || v.IsUnknown() || v.IsNull() {
			v = types.NumberUnknown()
		}
		elems[strconv.FormatInt(id, 10)] = v
	}
	return types.MapValueMust(types.NumberType, elems)
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
