package provider

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

var (
	_ resource.ResourceWithConfigure   = (*lockAccessResource)(nil)
	_ resource.ResourceWithImportState = (*lockAccessResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*lockAccessResource)(nil)
	_ resource.ResourceWithIdentity    = (*lockAccessResource)(nil)
)

const lockAccessType = "spkey_lock_access"

// accessLevels are the API's access levels.
var accessLevels = []string{"OWNER", "ADMIN", "USER", "GUEST"}

// NewLockAccessResource is the spkey_lock_access resource.
func NewLockAccessResource() resource.Resource { return &lockAccessResource{} }

// lockAccessResource is one user's access to one lock: one entry of the
// user's accessible locks, added and removed by Terraform (additive: the
// user's other grants are not its business).
type lockAccessResource struct {
	data *providerData
}

type lockAccessModel struct {
	ID            types.String   `tfsdk:"id"`
	UserID        uuidValue      `tfsdk:"user_id"`
	LockID        types.Number   `tfsdk:"lock_id"`
	LockName      types.String   `tfsdk:"lock_name"`
	AccessLevel   types.String   `tfsdk:"access_level"`
	GrantedBy     uuidValue      `tfsdk:"granted_by"`
	RemovalReason types.String   `tfsdk:"removal_reason"`
	Timeouts      timeouts.Value `tfsdk:"timeouts"`
}

func (r *lockAccessResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = lockAccessType
}

func (r *lockAccessResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Gives a user access to a lock: one entry of the user's accessible locks " +
			"(`POST /users/{id}/AddAccessibleLock`), which makes the lock appear in the user's app. Destroying it removes " +
			"the entry (`RemoveAccessibleLock`). Additive: the user's other grants are left alone; to own a user's whole list, " +
			"use `spkey_user_accessible_locks_exclusive` instead (never both for one user).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<user_id>:<lock_id>`, the user id in lower case.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"user_id": userIDAttribute("who gets access", ""),
			"lock_id": lockIDAttribute(" the user gets access to"),
			"lock_name": schema.StringAttribute{
				MarkdownDescription: "The name the lock has in the user's app. The API cannot change a grant, so changing it " +
					"re-creates the grant (remove, then add).",
				Required:      true,
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1), notBlankValidator{}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"access_level": schema.StringAttribute{
				MarkdownDescription: "One of `OWNER`, `ADMIN`, `USER`, `GUEST`: a label the app shows. It does **not** let " +
					"anyone open the lock (that takes a key, `spkey_lock_key`). Changing it re-creates the grant (remove, then add).",
				Required:      true,
				Validators:    []validator.String{stringvalidator.OneOf(accessLevels...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"granted_by":     grantedByAttribute("granted the access"),
			"removal_reason": removalReasonAttribute(),
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{
				Create: true, Read: true, Delete: true,
				CreateDescription: "How long the grant (one `AddAccessibleLock`, retries and read-backs included) may take, " +
					timeoutDefaultText(defaultCreateTimeout),
				ReadDescription: "How long a refresh or import (one `accessible-locks` read, shared by every resource of the user) " +
					"may take, " + timeoutDefaultText(defaultReadTimeout),
				DeleteDescription: "How long the remove (one `RemoveAccessibleLock`, retries and read-backs included) may take, " +
					timeoutDefaultText(defaultDeleteTimeout),
			}),
		},
	}
}

func (r *lockAccessResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = entryIdentitySchema("the user who gets access")
}

func (r *lockAccessResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := providerDataFrom(req.ProviderData, "resource "+lockAccessType)
	resp.Diagnostics.Append(diags...)
	r.data = data
}

func (r *lockAccessResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan lockAccessModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ctx, cancel, diags := withTimeout(ctx, plan.Timeouts.Create, defaultCreateTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	userID, lockID := plan.UserID.ValueString(), plan.lockID()
	_, err := r.data.client.AddAccessibleLock(ctx, userID, client.Grant{LockID: lockID, LockName: plan.LockName.ValueString(),
		AccessLevel: plan.AccessLevel.ValueString(), GrantedBy: plan.GrantedBy.ValueString()})
	switch {
	case adoptedSame(err):
		resp.Diagnostics.Append(grantAdoptedDiag(userID, lockID))
	case errors.Is(err, client.ErrAlreadyExists):
		// The read-back that found it left the list fresh in the shared
		// reads: this costs no request.
		list, _ := r.data.client.AccessibleLocks(ctx, userID)
		resp.Diagnostics.Append(grantExistsDiag(userID, lockID, client.FindGrant(list, lockID), lockAccessType+".<name>"))
		return
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiag(opGrantAccess, plan.subject(), r.data.client.BaseURL(), err))
		return
	}
	plan.ID = types.StringValue(accessID(userID, lockID))
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.identity())...)
}

func (r *lockAccessResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state lockAccessModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, diags := withTimeout(ctx, state.Timeouts.Read, defaultReadTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The framework wants the identity even when the grant leaves state.
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.identity())...)
	userID, lockID := state.UserID.ValueString(), state.lockID()
	list, err := r.data.client.AccessibleLocks(ctx, userID)
	grant := client.FindGrant(list, lockID)
	switch {
	case errors.Is(err, client.ErrNotFound), err == nil && grant == nil:
		resp.Diagnostics.Append(grantGoneDiag(userID, lockID, err != nil))
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiag(opReadAccess, state.subject(), r.data.client.BaseURL(), err))
		return
	}
	// A name or level changed behind Terraform's back shows in the plan.
	state.LockName, state.AccessLevel = types.StringValue(grant.LockName), types.StringValue(grant.AccessLevel)
	if state.GrantedBy.IsNull() {
		state.GrantedBy = uuidValueOf(grant.GrantedBy) // after import
	}
	state.ID = types.StringValue(accessID(userID, lockID))
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// Update makes no API call: every attribute the API holds replaces the
// resource; granted_by, removal_reason and timeouts are Terraform's own.
func (r *lockAccessResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan lockAccessModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.identity())...)
}

func (r *lockAccessResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state lockAccessModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, diags := withTimeout(ctx, state.Timeouts.Delete, defaultDeleteTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	removedBy, _ := grantorFor(state.GrantedBy, r.data.actorID)
	_, err := r.data.client.RemoveAccessibleLock(ctx, state.UserID.ValueString(), client.Revocation{
		LockID: state.lockID(), RemovedBy: removedBy, Reason: stringOr(state.RemovalReason, defaultRemovalReason)})
	if !removed(err) {
		// On error the framework keeps the grant in state.
		resp.Diagnostics.Append(apiErrorDiag(opRevokeAccess, state.subject(), r.data.client.BaseURL(), err))
		return
	}
	logAlreadyGone(ctx, "the grant", err)
}

func (r *lockAccessResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	userID, lockID, diags := importedEntry(ctx, req, lockAccessType, true)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Read fills in the rest from the user's list.
	m := lockAccessModel{UserID: uuidValueOf(userID), LockID: lockIDValue(lockID)}
	for name, v := range map[string]any{"id": accessID(userID, lockID), "user_id": m.UserID, "lock_id": m.LockID,
		"removal_reason": defaultRemovalReason} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), v)...)
	}
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, m.identity())...)
}

// ModifyPlan defaults granted_by to the provider's actor_id and warns when
// another resource of this plan grants the same user the same lock
// differently, or manages the user's whole list.
func (r *lockAccessResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	planGrantor(ctx, req, resp, r.data.actorID)
	var plan lockAccessModel
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.UserID.IsUnknown() || plan.LockID.IsUnknown() || plan.LockName.IsUnknown() || plan.AccessLevel.IsUnknown() {
		return
	}
	userID, lockID := plan.UserID.ValueString(), plan.lockID()
	by := fmt.Sprintf("%s for user %s and lock %d", lockAccessType, userID, lockID)
	resp.Diagnostics.Append(claimGrant(r.data.claims, by, userID, lockID, plan.LockName.ValueString(), plan.AccessLevel.ValueString())...)
	resp.Diagnostics.Append(claimAccessList(r.data.claims, by, userID, additiveAccess)...)
}

func (m *lockAccessModel) lockID() int64 { return validLockID(m.LockID) }

func (m *lockAccessModel) subject() subject {
	return subject{lockID: m.lockID(), userID: m.UserID.ValueString()}
}

func (m *lockAccessModel) identity() entryIdentity {
	return newEntryIdentity(m.UserID.ValueString(), m.lockID())
}

// accessID is a grant's id: "<user_id>:<lock_id>", the user in lower case.
func accessID(userID string, lockID int64) string {
	return strings.ToLower(userID) + ":" + strconv.FormatInt(lockID, 10)
}
