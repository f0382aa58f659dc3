package provider

// The identity and import id of the resources about one user's entry on
// one lock (a grant of a lock to a user, a resident of a lock): the
// identity { user_id, lock_id } (Terraform 1.12+), and an import id of two
// parts, in the order the resource's id has them.

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smartphonekey/terraform-provider-spkey/internal/lockids"
)

// entryIdentity is the identity of one user's entry on one lock, the user
// id in lower case.
type entryIdentity struct {
	UserID types.String `tfsdk:"user_id"`
	LockID types.Int64  `tfsdk:"lock_id"`
}

func newEntryIdentity(userID string, lockID int64) entryIdentity {
	return entryIdentity{UserID: types.StringValue(strings.ToLower(userID)), LockID: types.Int64Value(lockID)}
}

// entryIdentitySchema is the identity schema; user says who the user is
// ("the user who gets access").
func entryIdentitySchema(user string) identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"user_id": identityschema.StringAttribute{RequiredForImport: true, Description: "Id (a UUID) of " + user + "."},
			"lock_id": identityschema.Int64Attribute{RequiredForImport: true, Description: "Numeric id of the lock, such as 123."},
		},
	}
}

// exampleUserID is the user id the messages show as an example.
const exampleUserID = "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60"

// importedEntry reads the user and lock an import names: an import id of
// two parts (userFirst: "<user_id>:<lock_id>", else "<lock_id>:<user_id>")
// or an import block's identity. The user id comes back in lower case.
func importedEntry(ctx context.Context, req resource.ImportStateRequest, typeName string, userFirst bool) (string, int64, diag.Diagnostics) {
	format, example := "<lock_id>:<user_id>", "123:"+exampleUserID
	if userFirst {
		format, example = "<user_id>:<lock_id>", exampleUserID+":123"
	}
	var id entryIdentity
	diags := importPart(ctx, req, "user_id", &id.UserID)
	if diags.HasError() {
		return "", 0, diags
	}
	// lock_id is read as the number Terraform sent: the framework's own
	// conversion fails on 1.5 with an error meant for provider developers.
	if req.ID == "" && req.Identity != nil {
		lockID, given, err := identityLockID(req.Identity)
		if err != nil {
			diags.Append(invalidEntryImportIDDiag(typeName, format, example, err))
			return "", 0, diags
		}
		if given {
			id.LockID = types.Int64Value(lockID)
		}
	}
	userID, lockID, err := parseEntryID(req.ID, id, format, userFirst)
	if err != nil {
		diags.Append(invalidEntryImportIDDiag(typeName, format, example, err))
	}
	return userID, lockID, diags
}

// parseEntryID reads an import id in format, or the identity when the id
// is empty. Each part is checked in the order format has them, so that a
// swapped id says which comes first.
func parseEntryID(raw string, id entryIdentity, format string, userFirst bool) (string, int64, error) {
	userID, lockText := id.UserID.ValueString(), strconv.FormatInt(id.LockID.ValueInt64(), 10)
	if raw != "" || id.UserID.IsNull() {
		a, b, err := splitImportID(raw, format)
		if err != nil {
			return "", 0, err
		}
		userID, lockText = a, b
		if !userFirst {
			lockText, userID = a, b
		}
	}
	if userFirst && !lockids.LooksLikeUUID(userID) {
		return "", 0, fmt.Errorf("%q is not a user id: a user id is a UUID, and comes first", userID)
	}
	lockID, err := parseLockID(lockText)
	switch {
	case err != nil && !userFirst:
		return "", 0, fmt.Errorf("%w (the lock id comes first)", err)
	case err != nil:
		return "", 0, err
	case !lockids.LooksLikeUUID(userID):
		return "", 0, fmt.Errorf("%q is not a user id: a user id is a UUID, and comes after the lock id", userID)
	}
	return strings.ToLower(userID), lockID, nil
}

// entryStateIdentity is the identity of a state of an entry resource, for
// a move between two addresses of its type.
func entryStateIdentity(ctx context.Context, state tfsdk.State) (any, error) {
	lockID, err := stateLockID(ctx, state)
	if err != nil {
		return nil, err
	}
	var userID uuidValue
	if d := state.GetAttribute(ctx, path.Root("user_id"), &userID); d.HasError() {
		return nil, fmt.Errorf("user_id: %s", d[0].Detail())
	}
	return newEntryIdentity(userID.ValueString(), lockID), nil
}
