package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/smartphonekey/terraform-provider-spkey/internal/lockids"
)

// userIDValidator accepts user ids, which are UUIDs; the error for
// anything else says so, and says when the value looks like a lock id.
type userIDValidator struct{}

var _ validator.String = userIDValidator{}

func (userIDValidator) Description(context.Context) string {
	return "must be a user id: a UUID such as 6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60, not a lock id"
}

func (v userIDValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (userIDValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || lockids.LooksLikeUUID(req.ConfigValue.ValueString()) {
		return
	}
	resp.Diagnostics.Append(invalidUserIDDiag(req.Path, req.ConfigValue.ValueString()))
}
