package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// notBlankValidator rejects a string that is only white space, such as
// org_id = " ": it passes a length check, names nothing, and would only
// fail at apply.
type notBlankValidator struct{}

func (notBlankValidator) Description(context.Context) string {
	return "must not be only white space"
}

func (v notBlankValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (notBlankValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if v := req.ConfigValue.ValueString(); v != "" && strings.TrimSpace(v) == "" {
		resp.Diagnostics.Append(blankValueDiag(req.Path, v))
	}
}
