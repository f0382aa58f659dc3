package provider

// What the resources that manage one entry of a list share (a user's grant
// of a lock, a lock's resident, a key): plain helpers, one per step of
// the life cycle, that each resource calls with its own values. The API's
// answers to adds and removes that leave something unsaid (a lost answer,
// a 400 that means both "already there" and "invalid") are resolved by the
// client, which reads the list back; these helpers turn its typed outcomes
// into what Terraform does. See DESIGN.md.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

// defaultRemovalReason is the reason recorded with a remove when the
// configuration gives none.
const defaultRemovalReason = "removed by Terraform"

// removed reports whether a remove's error means the entry is gone, as
// the configuration wants: the read-back found it already gone
// (ErrNotPresent), or the API says its list's owner (a lock, a user) does
// not exist.
func removed(err error) bool {
	return err == nil || errors.Is(err, client.ErrNotPresent) || errors.Is(err, client.ErrNotFound)
}

// logAlreadyGone notes a remove that found its entry gone, which is
// success: the configuration wanted it gone.
func logAlreadyGone(ctx context.Context, what string, err error) {
	if err != nil {
		tflog.Info(ctx, "Already gone: "+what, map[string]any{"answer": err.Error()})
	}
}

// adoptedSame reports whether an add's error is an entry already there
// with the values the configuration wants, which the resource adopts
// (with a warning) rather than failing.
func adoptedSame(err error) bool {
	var out *client.OutcomeError
	return errors.As(err, &out) && errors.Is(err, client.ErrAlreadyExists) && out.Same
}

// grantorFor resolves who an add or remove is recorded as made by: the
// resource's own value, else the provider's actor_id. ok is false when
// neither is set.
func grantorFor(own uuidValue, actor string) (string, bool) {
	if !own.IsNull() && !own.IsUnknown() && own.ValueString() != "" {
		return own.ValueString(), true
	}
	return actor, actor != ""
}

// planGrantor fills a planned granted_by that the configuration left
// unset with the provider's actor_id, or fails naming both.
func planGrantor(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, actor string) {
	var configured uuidValue
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, grantedByPath, &configured)...)
	var planned uuidValue
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, grantedByPath, &planned)...)
	if resp.Diagnostics.HasError() || !configured.IsNull() || !planned.IsUnknown() {
		return
	}
	if actor == "" {
		resp.Diagnostics.Append(missingActorDiag())
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, grantedByPath, uuidValueOf(actor))...)
}

var grantedByPath = path.Root("granted_by")

// grantedByAttribute is the schema of granted_by.
func grantedByAttribute(what string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "Id (a UUID) of the user the API records as having " + what + " (`grantedBy`, and `removedBy` " +
			"when the resource is destroyed). Defaults to the provider's `actor_id`; one of them must be set. " +
			"Changing it changes only what the next remove records: no API call.",
		Optional:      true,
		Computed:      true,
		CustomType:    uuidType{},
		Validators:    []validator.String{userIDValidator{}},
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

// userIDAttribute is the schema of a resource's user_id: a UUID, compared
// without regard to case; changing it replaces the resource (and then
// replaced says what that means, if anything more).
func userIDAttribute(who, replaced string) schema.StringAttribute {
	change := "Changing it replaces the resource."
	if replaced != "" {
		change = "Changing it replaces the resource: " + replaced + "."
	}
	return schema.StringAttribute{
		MarkdownDescription: "Id (a UUID) of the user " + who + "; look one up by email with `data.spkey_user`. " + change,
		Required:            true,
		CustomType:          uuidType{},
		Validators:          []validator.String{userIDValidator{}},
		PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
	}
}

// removalReasonAttribute is the schema of removal_reason.
func removalReasonAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "The reason the API records when the resource is destroyed. Defaults to `\"" + defaultRemovalReason + "\"`. " +
			"Changing it makes no API call.",
		Optional: true,
		Computed: true,
		Default:  stringdefault.StaticString(defaultRemovalReason),
	}
}

// splitImportID reads an import id of two parts, "<a>:<b>", as the
// resource's import section documents it (format, such as
// "<user_id>:<lock_id>").
func splitImportID(id, format string) (string, string, error) {
	a, b, ok := strings.Cut(id, ":")
	switch {
	case id == "":
		return "", "", fmt.Errorf("the import id is empty; write it as %s", format)
	case !ok || strings.Contains(b, ":"):
		return "", "", fmt.Errorf("%q is not %s: it needs exactly one colon", id, format)
	case a == "" || b == "":
		return "", "", fmt.Errorf("%q is not %s: a part is empty", id, format)
	}
	return a, b, nil
}

// setIdentity records a resource's identity. The framework leaves identity
// nil when the CLI does not support it (before Terraform 1.12), and then
// there is nothing to record.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, v any) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.Set(ctx, v)
}

// importPart reads one attribute of an import block's identity as text,
// or "" when the import names an id instead.
func importPart(ctx context.Context, req resource.ImportStateRequest, name string, into any) diag.Diagnostics {
	if req.ID != "" || req.Identity == nil {
		return nil
	}
	return req.Identity.GetAttribute(ctx, path.Root(name), into)
}

// stringOr is v's value, or def when v is null or unknown.
func stringOr(v types.String, def string) string {
	if v.IsNull() || v.IsUnknown() {
		return def
	}
	return v.ValueString()
}
