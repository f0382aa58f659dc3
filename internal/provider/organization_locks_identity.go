package provider

// Resource identity of the fleet (Terraform 1.12+, OpenTofu 1.12+):
// { org_id, lock_ids }, lock_ids being the fleet's locks as ranges
// ("100-199,250"), exactly the two halves of its import id. One
// organization may have several fleet resources (the chunked pattern
// above 20,000 locks), so org_id alone does not tell them apart; their
// locks do. The identity follows the locks: adding a lock changes it,
// which the resource declares (MutableIdentity), as the framework requires
// for an identity that can change.

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smartphonekey/terraform-provider-spkey/internal/lockids"
)

var _ resource.ResourceWithIdentity = (*organizationLocksResource)(nil)

type fleetIdentityModel struct {
	OrgID   types.String `tfsdk:"org_id"`
	LockIDs types.String `tfsdk:"lock_ids"`
}

func fleetIdentitySchema() identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"org_id": identityschema.StringAttribute{RequiredForImport: true, Description: "Id of the organization that owns the locks."},
			"lock_ids": identityschema.StringAttribute{RequiredForImport: true,
				Description: "The fleet's lock ids as ids and inclusive ranges separated by commas, such as \"100-199,250\"."},
		},
	}
}

func (r *organizationLocksResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = fleetIdentitySchema()
}

// setFleetIdentity records the identity of org's fleet of ids (sorted;
// none after a refresh found every lock gone, which the framework still
// wants an identity for). The framework leaves identity nil when the CLI
// does not support it.
func setFleetIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, org string, ids []int64) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.Set(ctx, fleetIdentityModel{OrgID: types.StringValue(org), LockIDs: types.StringValue(lockids.FormatList(ids))})
}

// fleetImportID is the import id an import block's identity stands for:
// "<org_id>:<lock_ids>", or the import id itself when one is given.
func fleetImportID(ctx context.Context, req resource.ImportStateRequest) (string, diag.Diagnostics) {
	if req.ID != "" || req.Identity == nil {
		return req.ID, nil
	}
	var id fleetIdentityModel
	diags := req.Identity.Get(ctx, &id)
	return id.OrgID.ValueString() + ":" + id.LockIDs.ValueString(), diags
}
