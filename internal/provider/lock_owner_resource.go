package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

const lockOwnerType = "spkey_lock_owner"

// NewLockOwnerResource is the spkey_lock_owner resource: it gives one
// lock an owner, on the shared life cycle of per-lock assignments.
func NewLockOwnerResource() resource.Resource {
	return &lockAssignmentResource[lockOwnerModel, *lockOwnerModel]{spec: lockOwner}
}

type lockOwnerModel struct {
	lockAssignmentModel
	UserID uuidValue `tfsdk:"user_id"`
}

func (m *lockOwnerModel) assigned() *types.String { return &m.UserID.StringValue }

var lockOwner = lockAssignment{
	typeName: lockOwnerType,
	attr:     "user_id",
	call:     "SetOwner",
	op:       opSetOwner,
	noun:     "owner",
	event:    eventOwnerSet,
	description: "Makes a user the owner of a SmartphoneKey lock (`POST /locks/{id}/SetOwner`) and keeps it so: " +
		"a refresh reads the lock's owner back, so a change made outside Terraform shows up in the next plan and apply puts it back. " +
		"Destroying the resource makes no API call (the API cannot remove an owner): the lock keeps its owner.",
	attribute: schema.StringAttribute{
		MarkdownDescription: "Id of the user who owns the lock: a UUID such as `\"6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60\"` " +
			"(not a lock id: lock ids are numbers). Changing it hands the lock over in place.",
		Required:   true,
		CustomType: uuidType{},
		Validators: []validator.String{userIDValidator{}},
	},
	caseless:    true,
	updateWhat:  "handing the lock to another owner",
	assign:      commandAssign((*client.Client).SetOwner),
	current:     (*client.LockInfo).Owner,
	leftInPlace: ownerLeftInPlaceDiag,
	conflicts:   conflictingOwnersDiag,
}
