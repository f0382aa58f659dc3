package provider

// Resource identity (Terraform 1.12+, OpenTofu 1.12+) of the per-lock
// assignment resources: { lock_id }. It is what an import block's
// identity argument names and what terraform query returns for each lock
// it finds.

import (
	"context"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
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
// block's identity. Both go through the lock-id rules of the
// configuration.
func importedLockID(_ context.Context, resourceType string, req resource.ImportStateRequest) (int64, diag.Diagnostics) {
	if req.ID == "" && req.Identity != nil {
		if id, given, err := identityLockID(req.Identity); given {
			if err != nil {
				return 0, diag.Diagnostics{invalidImportIDDiag(resourceType, err)}
			}
			return id, nil
		}
	}
	id, err := parseLockID(req.ID)
	if err != nil {
		return 0, diag.Diagnostics{invalidImportIDDiag(resourceType, err)}
	}
	return id, nil
}

// identityLockID reads the lock_id of an import block's identity as the
// number Terraform sent (given is false when it sent none). The
// framework's own conversion to a whole number fails on 1.5 with an error
// meant for provider developers, so the number is read raw and checked
// with the configuration's rules.
func identityLockID(identity *tfsdk.ResourceIdentity) (id int64, given bool, err error) {
	var attrs map[string]tftypes.Value
	if err := identity.Raw.As(&attrs); err != nil {
		return 0, true, fmt.Errorf("the identity cannot be read: %w", err)
	}
	v, ok := attrs["lock_id"]
	if !ok || v.IsNull() || !v.IsKnown() {
		return 0, false, nil
	}
	var n big.Float
	if err := v.As(&n); err != nil {
		return 0, true, fmt.Errorf("the identity's lock_id is not a number: %w", err)
	}
	id, err = lockIDFromNumber(&n)
	if err != nil {
		return 0, true, fmt.Errorf("the identity's lock_id: %w", err)
	}
	return id, true, nil
}
