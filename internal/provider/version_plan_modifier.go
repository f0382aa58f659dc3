package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
)

// versionUnlessChanged keeps the recorded version in the plan unless the
// assigned attribute (attr, such as org_id) changes: only the assigning
// call produces a new version, and it is only made when attr changes.
// Without it every update would show "version = (known after apply)"
// noise.
type versionUnlessChanged struct {
	attr string
}

var _ planmodifier.Number = versionUnlessChanged{}

func (m versionUnlessChanged) Description(context.Context) string {
	return "The version stays as recorded unless " + m.attr + " changes."
}

func (m versionUnlessChanged) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m versionUnlessChanged) PlanModifyNumber(ctx context.Context, req planmodifier.NumberRequest, resp *planmodifier.NumberResponse) {
	// Create, destroy, or a value already known: nothing to keep.
	if req.StateValue.IsNull() || req.Plan.Raw.IsNull() || !req.PlanValue.IsUnknown() {
		return
	}
	// attr.Value, not types.String: the attribute may be of a custom type
	// (a user id is a uuidType).
	var planned, recorded attr.Value
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root(m.attr), &planned)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root(m.attr), &recorded)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if planned.IsUnknown() || !planned.Equal(recorded) {
		return
	}
	resp.PlanValue = req.StateValue
}
