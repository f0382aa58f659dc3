package provider

import (
	"context"
	"slices"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// locks is a map from lock id (decimal) to a label rather than a set of
// ids: Terraform and the framework compare set elements pairwise (O(N²)),
// which made an apply of 10,000 ids take more than 5 minutes before the
// first API call, while a map is keyed (O(N)). See bench/results.
type organizationLocksModel struct {
	OrgID    types.String   `tfsdk:"org_id"`
	Locks    types.Map      `tfsdk:"locks"`
	Versions types.Map      `tfsdk:"versions"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
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

// versionsOf reads the versions map; keys are lock ids in decimal.
func versionsOf(ctx context.Context, m types.Map) (map[string]types.Number, diag.Diagnostics) {
	out := map[string]types.Number{}
	if m.IsNull() || m.IsUnknown() {
		return out, nil
	}
	diags := m.ElementsAs(ctx, &out, false)
	return out, diags
}

// versionsFor builds the versions map for ids from known versions; an id
// without one gets an unknown value (known after apply).
func versionsFor(ids []int64, known map[string]types.Number) types.Map {
	elems := make(map[string]attr.Value, len(ids))
	for _, id := range ids {
		key := strconv.FormatInt(id, 10)
		if v, ok := known[key]; ok && !v.IsUnknown() && !v.IsNull() {
			elems[key] = v
		} else {
			elems[key] = types.NumberUnknown()
		}
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
