package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// versionUnlessOrgChanges keeps the recorded version in the plan unless
// org_id changes: only a SetOrganization call produces a new version, and
// it is only made when org_id changes. Without it every update would show
// "version = (known after apply)" noise.
type versionUnlessOrgChanges struct{}

var _ planmodifier.Number = versionUnlessOrgChanges{}

func (versionUnlessOrgChanges) Description(context.Context) string {
	return "The version stays as recorded unless org_id changes."
}

func (m versionUnlessOrgChanges) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (versionUnlessOrgChanges) PlanModifyNumber(ctx context.Context, req planmodifier.NumberRequest, resp *planmodifier.NumberResponse) {
	// Create, destroy, or a value already known: nothing to keep.
	if req.StateValue.IsNull() || req.Plan.Raw.IsNull() || !req.PlanValue.IsUnknown() {
		return
	}
	var planned, recorded types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("org_id"), &planned)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("org_id"), &recorded)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if planned.IsUnknown() || !planned.Equal(recorded) {
		return
	}
	resp.PlanValue = req.StateValue
}
