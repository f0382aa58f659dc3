package provider

import (
	"context"
	"math/big"
	"sort"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

type organizationLocksModel struct {
	OrgID    types.String   `tfsdk:"org_id"`
	LockIDs  types.Set      `tfsdk:"lock_ids"`
	Versions types.Map      `tfsdk:"versions"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

// lockIDsOf returns the set's lock ids in ascending order. Unknown or null
// sets give nil.
func lockIDsOf(ctx context.Context, set types.Set) ([]int64, diag.Diagnostics) {
	if set.IsNull() || set.IsUnknown() {
		return nil, nil
	}
	var nums []types.Number
	diags := set.ElementsAs(ctx, &nums, false)
	if diags.HasError() {
		return nil, diags
	}
	ids := make([]int64, 0, len(nums))
	for _, n := range nums {
		if n.IsUnknown() {
			return nil, diags
		}
		id, err := lockIDFromNumber(n.ValueBigFloat())
		if err != nil {
			diags.Append(invalidLockIDDiag(lockIDsPath, err))
			return nil, diags
		}
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids, diags
}

func lockIDSet(ids []int64) types.Set {
	elems := make([]attr.Value, len(ids))
	for i, id := range ids {
		elems[i] = types.NumberValue(new(big.Float).SetInt64(id))
	}
	return types.SetValueMust(types.NumberType, elems)
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

// difference returns the ids of a that are not in b; both are sorted.
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
