package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The rules of a temporary key that join two attributes, checked at plan
// time rather than by the API at apply.

// accessModeUsersValidator: user-whitelist needs allowed_user_ids, public
// takes none.
type accessModeUsersValidator struct{}

var _ resource.ConfigValidator = accessModeUsersValidator{}

func (accessModeUsersValidator) Description(context.Context) string {
	return `allowed_user_ids is required (at least one) with access_mode "user-whitelist" and not allowed with "public"`
}

func (v accessModeUsersValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (accessModeUsersValidator) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var mode types.String
	var users types.Set
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("access_mode"), &mode)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("allowed_user_ids"), &users)...)
	if resp.Diagnostics.HasError() || mode.IsUnknown() || mode.IsNull() || users.IsUnknown() {
		return
	}
	switch n := len(users.Elements()); {
	case mode.ValueString() == accessUserWhitelist && n == 0:
		resp.Diagnostics.Append(allowedUsersRequiredDiag())
	case mode.ValueString() == accessPublic && n > 0:
		resp.Diagnostics.Append(allowedUsersWithPublicDiag())
	}
}

// validityWindowValidator: valid_until after valid_from.
type validityWindowValidator struct{}

var _ resource.ConfigValidator = validityWindowValidator{}

func (validityWindowValidator) Description(context.Context) string {
	return "valid_until must be after valid_from"
}

func (v validityWindowValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (validityWindowValidator) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var from, until timetypes.RFC3339
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("valid_from"), &from)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("valid_until"), &until)...)
	if resp.Diagnostics.HasError() || from.IsUnknown() || from.IsNull() || until.IsUnknown() || until.IsNull() {
		return
	}
	// Text that does not parse is the RFC 3339 type's own error.
	f, errF := time.Parse(time.RFC3339, from.ValueString())
	u, errU := time.Parse(time.RFC3339, until.ValueString())
	if errF == nil && errU == nil && !u.After(f) {
		resp.Diagnostics.Append(validityWindowDiag(from.ValueString(), until.ValueString()))
	}
}
