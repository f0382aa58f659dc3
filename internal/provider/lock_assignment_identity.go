package provider

// Resource identity (Terraform 1.12+, OpenTofu 1.12+) of the per-lock
// assignment resources: { lock_id }. It is what an import block's
// identity argument names and what terraform query returns for each lock
// it finds.

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// lockIdentityModel is the identity of a per-lock resource.
type lockIdentityModel struct {
	LockID types.Int64 `tfsdk:"lock_id"`
}

// lockIdentitySchema is the identity schema every per-lock resource (and
// its list resource) shares.
func lockIdentitySchema() identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"lock_id": identityschema.Int64Attribute{
				RequiredForImport: true,
				Description:       "Numeric id of the lock, such as 123.",
			},
		},
	}
}

func (r *lockAssignmentResource[M, P]) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = lockIdentitySchema()
}

// setLockIdentity records the identity of the resource for lockID. The
// framework leaves identity nil when the CLI does not support it (before
// Terraform 1.12), and then there is nothing to record.
func setLockIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, lockID int64) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.Set(ctx, lockIdentityModel{LockID: types.Int64Value(lockID)})
}

// importedLockID is the lock an import names: the import id ("123") of
// terraform import or an import block's id, or the lock_id of an import
// block's identity. Both go through the one lock-id parser.
func importedLockID(ctx context.Context, resourceType string, req resource.ImportStateRequest) (int64, diag.Diagnostics) {
	raw := req.ID
	if raw == "" && req.Identity != nil {
		var v types.Int64
		if diags := req.Identity.GetAttribute(ctx, path.Root("lock_id"), &v); diags.HasError() {
			return 0, diags
		}
		raw = strconv.FormatInt(v.ValueInt64(), 10)
	}
	id, err := parseLockID(raw)
	if err != nil {
		return 0, diag.Diagnostics{invalidImportIDDiag(resourceType, err)}
	}
	return id, nil
}
