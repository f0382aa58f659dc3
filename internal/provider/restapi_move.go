package provider

// Moving state into an spkey resource with a moved block (Terraform 1.8+,
// OpenTofu 1.10+): from a restapi_object of Mastercard's generic REST
// provider, which teams used for these calls before spkey, and from the
// resource's own type, which OpenTofu 1.11.12 and 1.12.4 send through the
// same call whenever a provider address changes. Each resource that takes
// a move describes itself with a restapiTarget; the movers are these.
//
// MoveState runs before the provider is configured, so it makes no API
// call: everything comes from the source state. What the API alone knows
// (a lock's version, a resident's email) stays null, as after an import,
// until the next refresh reads it.

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// restapiTarget is an spkey resource type that takes over a restapi_object.
type restapiTarget struct {
	typeName string
	// what the restapi_object must be, completing "does not read as":
	// "a lock's organization assignment".
	what string
	// thing is what an import adopts instead: "the lock", "the grant".
	thing string
	// fromRestapi maps a restapi_object's attributes (JSON) to this
	// type's attributes by name and its identity; the error is a
	// *restapiFieldError.
	fromRestapi func(raw []byte) (attrs map[string]any, identity any, err error)
	// identity is the identity of a state of this very type.
	identity func(ctx context.Context, state tfsdk.State) (any, error)
	// importID is the import id of what names holds, with placeholders
	// for what it does not.
	importID func(names restapiNames) string
}

// movers are the resource's state movers. The framework tries them in
// order; the restapi one answers every other source with an error that
// says how to import instead.
func (t restapiTarget) movers() []resource.StateMover {
	return []resource.StateMover{
		{StateMover: t.moveFromSameType},
		{StateMover: t.moveFromRestapi},
	}
}

// moveFromSameType hands this resource type's own state through
// unchanged, with its identity: a move between two addresses of the same
// type needs no conversion. Any other source is left to the next mover.
func (t restapiTarget) moveFromSameType(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
	if req.SourceTypeName != t.typeName || !isSpkeyProvider(req.SourceProviderAddress) {
		return
	}
	schema := resp.TargetState.Schema
	switch {
	case req.SourceRawState == nil:
		resp.Diagnostics.Append(t.sameTypeMoveDiag("the CLI sent no state"))
		return
	case req.SourceSchemaVersion != schema.GetVersion():
		resp.Diagnostics.Append(t.sameTypeMoveDiag(fmt.Sprintf("its schema version is %d; this provider's is %d",
			req.SourceSchemaVersion, schema.GetVersion())))
		return
	}
	raw, err := req.SourceRawState.UnmarshalWithOpts(schema.Type().TerraformType(ctx), tfprotov6.UnmarshalOpts{})
	if err != nil {
		resp.Diagnostics.Append(t.sameTypeMoveDiag(err.Error()))
		return
	}
	resp.TargetState.Raw = raw
	identity, err := t.identity(ctx, resp.TargetState)
	if err != nil {
		// Nothing moves: the framework drops the state with the error.
		resp.Diagnostics.Append(t.sameTypeMoveDiag(err.Error()))
		return
	}
	resp.Diagnostics.Append(setIdentity(ctx, resp.TargetIdentity, identity)...)
}

// moveFromRestapi builds this resource's state from a restapi_object's.
func (t restapiTarget) moveFromRestapi(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
	if req.SourceTypeName != restapiObjectType || !isRestapiProvider(req.SourceProviderAddress) {
		resp.Diagnostics.Append(t.moveSourceNotSupportedDiag(req.SourceTypeName, req.SourceProviderAddress))
		return
	}
	var raw []byte
	if req.SourceRawState != nil {
		raw = req.SourceRawState.JSON
	}
	attrs, identity, err := t.fromRestapi(raw)
	if err != nil {
		resp.Diagnostics.Append(t.restapiMoveDiag(err))
		return
	}
	for name, v := range attrs {
		resp.Diagnostics.Append(resp.TargetState.SetAttribute(ctx, path.Root(name), v)...)
	}
	resp.Diagnostics.Append(setIdentity(ctx, resp.TargetIdentity, identity)...)
	tflog.Info(ctx, "Took over a restapi_object's state without an API call; the next refresh reads the rest", map[string]any{
		"id": attrs["id"], "resource_type": t.typeName,
	})
}

// stateLockID is the lock_id of a state of one of this provider's types.
func stateLockID(ctx context.Context, state tfsdk.State) (int64, error) {
	var n types.Number
	if d := state.GetAttribute(ctx, lockIDPath, &n); d.HasError() {
		return 0, fmt.Errorf("lock_id: %s", d[0].Detail())
	}
	lockID, err := lockIDFromNumber(n.ValueBigFloat())
	if err != nil {
		return 0, fmt.Errorf("lock_id: %w", err)
	}
	return lockID, nil
}

// moveSourceNotSupportedDiag answers a moved block whose source is
// neither a restapi_object of Mastercard's REST provider nor this type.
func (t restapiTarget) moveSourceNotSupportedDiag(sourceType, sourceProvider string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Cannot Move "+sourceType+" into "+t.typeName,
		fmt.Sprintf("A moved block can turn a restapi_object of Mastercard's REST provider (mastercard/restapi) into %s, "+
			"but this one's source is %s of the provider %q. Nothing was changed.\n\n%s",
			t.typeName, sourceType, sourceProvider, t.importInsteadText(sourceType, restapiNames{})))
}

// restapiMoveDiag says which attribute of a restapi_object's state did not
// fit, and how to adopt the same thing with an import instead.
func (t restapiTarget) restapiMoveDiag(err error) diag.Diagnostic {
	var names restapiNames
	if fe, ok := err.(*restapiFieldError); ok { //nolint:errorlint // the parsers return it unwrapped
		names = fe.restapiNames
	}
	return diag.NewErrorDiagnostic("Cannot Move restapi_object into "+t.typeName,
		fmt.Sprintf("This restapi_object does not read as %s: %s. Nothing was changed.\n\n%s",
			t.what, err, t.importInsteadText(restapiObjectType, names)))
}

// sameTypeMoveDiag says that state of this very type could not be passed
// through.
func (t restapiTarget) sameTypeMoveDiag(why string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Cannot Move "+t.typeName,
		fmt.Sprintf("The state of this %s could not be read to move it: %s. Nothing was changed. "+
			"Import %s instead (an import block with the id %q).", t.typeName, why, t.thing, t.importID(restapiNames{})))
}

// importInsteadText shows the removed and import blocks that adopt the
// same thing without a move, with the import id as far as names knows it.
func (t restapiTarget) importInsteadText(sourceType string, names restapiNames) string {
	return fmt.Sprintf("To adopt %s without a move, replace the moved block by a removed block, which forgets the old "+
		"resource without destroying anything, and an import block, which reads %s:\n\n"+
		"  removed {\n    from = %s.<name>\n    lifecycle {\n      destroy = false\n    }\n  }\n\n"+
		"  import {\n    to = %s.<name>\n    id = %q\n  }\n\n"+
		"The guide \"Migrating from the generic REST provider\" shows both ways.",
		t.thing, t.thing, sourceType, t.typeName, t.importID(names))
}
