package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

const lockOrganizationType = "spkey_lock_organization"

// NewLockOrganizationResource is the spkey_lock_organization resource: it
// assigns one lock to an organization, on the shared life cycle of
// per-lock assignments.
func NewLockOrganizationResource() resource.Resource {
	return &lockAssignmentResource[lockOrganizationModel, *lockOrganizationModel]{spec: lockOrganization}
}

type lockOrganizationModel struct {
	lockAssignmentModel
	OrgID types.String `tfsdk:"org_id"`
}

func (m *lockOrganizationModel) assigned() *types.String { return &m.OrgID }

var lockOrganization = lockAssignment{
	typeName: lockOrganizationType,
	attr:     "org_id",
	call:     "SetOrganization",
	op:       opSetOrganization,
	noun:     "organization",
	event:    eventOrganizationSet,
	description: "Assigns a SmartphoneKey lock to an organization (`POST /locks/{id}/SetOrganization`) and keeps it there: " +
		"a refresh reads the lock's organization back, so a change made outside Terraform shows up in the next plan and apply puts it back. " +
		"Destroying the resource makes no API call (the API cannot unassign a lock): the lock keeps its organization.",
	attribute: schema.StringAttribute{
		MarkdownDescription: "Id of the organization the lock belongs to. Changing it moves the lock in place.",
		Required:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1), notBlankValidator{}},
	},
	updateWhat:  "moving the lock to another organization",
	assign:      commandAssign((*client.Client).SetOrganization),
	current:     (*client.LockInfo).Organization,
	leftInPlace: orgLeftInPlaceDiag,
	conflicts:   conflictingClaimsDiag,
}
