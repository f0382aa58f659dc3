package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ resource.ResourceWithUpgradeState = (*organizationLocksResource)(nil)

// organizationLocksSchemaVersion 1 has no versions map; version 0 kept the
// version SetOrganization returned for every lock.
const organizationLocksSchemaVersion = 1

// organizationLocksModelV0 is the state of schema version 0.
type organizationLocksModelV0 struct {
	OrgID    types.String   `tfsdk:"org_id"`
	Locks    types.Map      `tfsdk:"locks"`
	Versions types.Map      `tfsdk:"versions"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

// UpgradeState drops the versions map from state of schema version 0 and
// keeps everything else, so state written before needs no action: the next
// plan is empty when nothing else changed.
func (r *organizationLocksResource) UpgradeState(ctx context.Context) map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{
		0: {
			PriorSchema: organizationLocksSchemaV0(ctx),
			StateUpgrader: func(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
				var prior organizationLocksModelV0
				resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
				if resp.Diagnostics.HasError() {
					return
				}
				resp.Diagnostics.Append(resp.State.Set(ctx, organizationLocksModel{
					OrgID: prior.OrgID, Locks: prior.Locks, Timeouts: prior.Timeouts,
				})...)
			},
		},
	}
}

// organizationLocksSchemaV0 is schema version 0 as it was, types only: it
// must not follow later changes of the current schema.
func organizationLocksSchemaV0(ctx context.Context) *schema.Schema {
	return &schema.Schema{
		Attributes: map[string]schema.Attribute{
			"org_id":   schema.StringAttribute{Required: true},
			"locks":    schema.MapAttribute{ElementType: types.StringType, Required: true},
			"versions": schema.MapAttribute{ElementType: types.NumberType, Computed: true},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Update: true, Read: true}),
		},
	}
}
