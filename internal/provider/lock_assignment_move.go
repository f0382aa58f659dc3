package provider

// Moving state into the per-lock assignment resources with a moved block
// (Terraform 1.8+, OpenTofu 1.10+): from a restapi_object of Mastercard's
// generic REST provider, which teams used for these locks before spkey,
// and from the resource's own type, which OpenTofu 1.11.12 and 1.12.4
// send through the same call whenever a provider address changes.
//
// MoveState runs before the provider is configured, so it makes no API
// call: everything comes from the source state. version stays null, as
// after an import, and the next refresh reads it from basic-info
// (recordLockInfo).

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

var _ resource.ResourceWithMoveState = (*lockAssignmentResource[lockOrganizationModel, *lockOrganizationModel])(nil)

// restapiCalls maps each assignment's call to what a restapi_object that
// made it looks like.
var restapiCalls = map[string]restapiCall{
	restapiSetOrganization.call: restapiSetOrganization,
	restapiSetOwner.call:        restapiSetOwner,
}

// MoveState takes over a restapi_object that made this resource's call,
// and passes this resource's own state through. The framework tries the
// movers in order; the restapi one answers every other source with an
// error that says how to import instead.
func (r *lockAssignmentResource[M, P]) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{
		{StateMover: r.moveFromSameType},
		{StateMover: r.moveFromRestapi},
	}
}

// moveFromSameType hands this resource type's own state through
// unchanged, with its identity: a move between two addresses of the same
// type needs no conversion. Any other source is left to the next mover.
func (r *lockAssignmentResource[M, P]) moveFromSameType(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
	if req.SourceTypeName != r.spec.typeName || !isSpkeyProvider(req.SourceProviderAddress) {
		return
	}
	schema := resp.TargetState.Schema
	switch {
	case req.SourceRawState == nil:
		resp.Diagnostics.Append(sameTypeMoveDiag(r.spec.typeName, "the CLI sent no state"))
		return
	case req.SourceSchemaVersion != schema.GetVersion():
		resp.Diagnostics.Append(sameTypeMoveDiag(r.spec.typeName, fmt.Sprintf("its schema version is %d; this provider's is %d",
			req.SourceSchemaVersion, schema.GetVersion())))
		return
	}
	raw, err := req.SourceRawState.UnmarshalWithOpts(schema.Type().TerraformType(ctx), tfprotov6.UnmarshalOpts{})
	if err != nil {
		resp.Diagnostics.Append(sameTypeMoveDiag(r.spec.typeName, err.Error()))
		return
	}
	resp.TargetState.Raw = raw
	var n types.Number
	resp.Diagnostics.Append(resp.TargetState.GetAttribute(ctx, lockIDPath, &n)...)
	if resp.Diagnostics.HasError() {
		return
	}
	lockID, err := lockIDFromNumber(n.ValueBigFloat())
	if err != nil {
		resp.Diagnostics.Append(sameTypeMoveDiag(r.spec.typeName, "lock_id: "+err.Error()))
		return
	}
	resp.Diagnostics.Append(setLockIdentity(ctx, resp.TargetIdentity, lockID)...)
}

// moveFromRestapi builds this resource's state from a restapi_object's:
// the lock from its path and object_id, the value from its data.
func (r *lockAssignmentResource[M, P]) moveFromRestapi(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
	if req.SourceTypeName != restapiObjectType || !isRestapiProvider(req.SourceProviderAddress) {
		resp.Diagnostics.Append(moveSourceNotSupportedDiag(r.spec.typeName, req.SourceTypeName, req.SourceProviderAddress))
		return
	}
	var raw []byte
	if req.SourceRawState != nil {
		raw = req.SourceRawState.JSON
	}
	a, err := parseRestapiState(raw, restapiCalls[r.spec.call])
	if err != nil {
		resp.Diagnostics.Append(restapiMoveDiag(r.spec.typeName, r.spec.noun, err))
		return
	}
	id := strconv.FormatInt(a.lockID, 10)
	for _, attr := range []struct {
		path  path.Path
		value any
	}{
		{path.Root("id"), id},
		{lockIDPath, lockIDValue(a.lockID)},
		{path.Root(r.spec.attr), a.value},
		// For locks the aggregate is the lock: its id is the lock id as
		// a string, as SetOrganization and basic-info answer it.
		{path.Root("aggregate_id"), id},
	} {
		resp.Diagnostics.Append(resp.TargetState.SetAttribute(ctx, attr.path, attr.value)...)
	}
	resp.Diagnostics.Append(setLockIdentity(ctx, resp.TargetIdentity, a.lockID)...)
	tflog.Info(ctx, "Took over a restapi_object's state without an API call; the next refresh reads the lock", map[string]any{
		"lock_id": a.lockID, "resource_type": r.spec.typeName,
	})
}

// moveSourceNotSupportedDiag answers a moved block whose source is
// neither a restapi_object of Mastercard's REST provider nor this type.
func moveSourceNotSupportedDiag(typeName, sourceType, sourceProvider string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Cannot Move "+sourceType+" into "+typeName,
		fmt.Sprintf("A moved block can turn a restapi_object of Mastercard's REST provider (mastercard/restapi) into %s, "+
			"but this one's source is %s of the provider %q. Nothing was changed.\n\n%s",
			typeName, sourceType, sourceProvider, importInsteadText(typeName, sourceType, 0)))
}

// restapiMoveDiag says which attribute of a restapi_object's state did not
// fit, and how to adopt the lock with an import instead.
func restapiMoveDiag(typeName, noun string, err error) diag.Diagnostic {
	var lockID int64
	if fe, ok := err.(*restapiFieldError); ok { //nolint:errorlint // parseRestapiState returns it unwrapped
		lockID = fe.lockID
	}
	return diag.NewErrorDiagnostic("Cannot Move restapi_object into "+typeName,
		fmt.Sprintf("This restapi_object does not read as a lock's %s assignment: %s. Nothing was changed.\n\n%s",
			noun, err, importInsteadText(typeName, restapiObjectType, lockID)))
}

// sameTypeMoveDiag says that state of this very type could not be passed
// through.
func sameTypeMoveDiag(typeName, why string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Cannot Move "+typeName,
		fmt.Sprintf("The state of this %s could not be read to move it: %s. Nothing was changed. "+
			"Import the lock instead (an import block with the lock id).", typeName, why))
}

// importInsteadText shows the removed and import blocks that adopt the
// lock without a move; lockID 0 when the state did not say which lock.
func importInsteadText(typeName, sourceType string, lockID int64) string {
	id := "<lock id>"
	if lockID > 0 {
		id = strconv.FormatInt(lockID, 10)
	}
	return fmt.Sprintf("To adopt the lock without a move, replace the moved block by a removed block, which forgets the old "+
		"resource without destroying anything, and an import block, which reads the lock:\n\n"+
		"  removed {\n    from = %s.<name>\n    lifecycle {\n      destroy = false\n    }\n  }\n\n"+
		"  import {\n    to = %s.<name>\n    id = %q\n  }\n\n"+
		"The guide \"Migrating from the generic REST provider\" shows both ways.", sourceType, typeName, id)
}
