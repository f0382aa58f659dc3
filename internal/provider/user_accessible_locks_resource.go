package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
	"github.com/smartphonekey/terraform-provider-spkey/internal/lockids"
)

var (
	_ resource.ResourceWithConfigure   = (*userAccessibleLocksResource)(nil)
	_ resource.ResourceWithImportState = (*userAccessibleLocksResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*userAccessibleLocksResource)(nil)
	_ resource.ResourceWithIdentity    = (*userAccessibleLocksResource)(nil)
)

const userAccessibleLocksType = "spkey_user_accessible_locks_exclusive"

// NewUserAccessibleLocksResource is the
// spkey_user_accessible_locks_exclusive resource.
func NewUserAccessibleLocksResource() resource.Resource { return &userAccessibleLocksResource{} }

// userAccessibleLocksResource is a user's whole list of accessible locks
// (authoritative): a refresh reads the list into state, and an apply adds
// what the configuration lists and the user lacks, re-creates what
// differs, and removes everything else, grants made outside Terraform
// included.
type userAccessibleLocksResource struct {
	data *providerData
}

type userAccessibleLocksModel struct {
	UserID        uuidValue      `tfsdk:"user_id"`
	Locks         types.Map      `tfsdk:"locks"`
	GrantedBy     uuidValue      `tfsdk:"granted_by"`
	RemovalReason types.String   `tfsdk:"removal_reason"`
	Timeouts      timeouts.Value `tfsdk:"timeouts"`
}

type userIdentity struct {
	UserID types.String `tfsdk:"user_id"`
}

func (r *userAccessibleLocksResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = userAccessibleLocksType
}

func (r *userAccessibleLocksResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "All of a user's accessible locks, the locks the user's app shows (authoritative): the apply adds " +
			"the grants `locks` lists (`POST /users/{id}/AddAccessibleLock`), re-creates those whose name or level differ (remove, " +
			"then add: the API cannot change a grant) and removes **every other grant of the user** (`RemoveAccessibleLock`), " +
			"including grants made outside Terraform. Destroying it makes no API call and leaves the grants in place (set `locks = {}` " +
			"and apply first to remove them). To manage single grants and " +
			"leave the user's others alone, use `spkey_lock_access` instead (never both for one user).",
		Attributes: map[string]schema.Attribute{
			"user_id": userIDAttribute("whose list this is", "the old user's grants are removed and the new user's list is taken over"),
			"locks": schema.MapNestedAttribute{
				MarkdownDescription: "Every lock the user may see, as a map from lock id (the numeric id in decimal, such as `\"123\"`, " +
					"without leading zeros) to its grant. `{}` removes all of the user's grants. A refresh reads the user's whole list " +
					"into it, so a plan shows each grant that will be added, removed or re-created.",
				Required: true,
				Validators: []validator.Map{
					mapvalidator.KeysAre(lockIDKeyValidator{}),
				},
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"lock_name": schema.StringAttribute{
							MarkdownDescription: "The name the lock has in the user's app. Changing it re-creates the grant (remove, then add).",
							Required:            true,
							Validators:          []validator.String{stringvalidator.LengthAtLeast(1), notBlankValidator{}},
						},
						"access_level": schema.StringAttribute{
							MarkdownDescription: "One of `OWNER`, `ADMIN`, `USER`, `GUEST`: a label the app shows. It does **not** let " +
								"anyone open the lock (that takes a key, `spkey_lock_key`). Changing it re-creates the grant (remove, then add).",
							Required:   true,
							Validators: []validator.String{stringvalidator.OneOf(accessLevels...)},
						},
					},
				},
			},
			"granted_by":     userLocksGrantedByAttribute(),
			"removal_reason": userLocksRemovalReasonAttribute(),
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{
				Create: true, Read: true, Update: true,
				CreateDescription: "How long taking the list over (one `accessible-locks` read, then one add or remove per " +
					"lock that differs, retries and read-backs included) may take, " + timeoutDefaultText(defaultCreateTimeout),
				ReadDescription: "How long a refresh or import (one `accessible-locks` read, shared by every resource of the user) " +
					"may take, " + timeoutDefaultText(defaultReadTimeout),
				UpdateDescription: "How long the adds and removes of a change may take, " + timeoutDefaultText(defaultUpdateTimeout),
			}),
		},
	}
}

// userLocksGrantedByAttribute is granted_by, worded for a resource that
// removes at every apply, not only when destroyed.
func userLocksGrantedByAttribute() schema.StringAttribute {
	a := grantedByAttribute("granted the access")
	a.MarkdownDescription = "Id (a UUID) of the user the API records as having granted the access (`grantedBy`) and as " +
		"having removed it (`removedBy`), for every add and remove this resource makes. Defaults to the provider's `actor_id`; " +
		"one of them must be set. Changing it makes no API call."
	return a
}

// userLocksRemovalReasonAttribute is removal_reason, worded likewise.
func userLocksRemovalReasonAttribute() schema.StringAttribute {
	a := removalReasonAttribute()
	a.MarkdownDescription = "The reason the API records with every remove this resource makes: a grant `locks` does not " +
		"list, a grant re-created, a destroy. Defaults to `\"" + defaultRemovalReason + "\"`. Changing it makes no API call."
	return a
}

func (r *userAccessibleLocksResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"user_id": identityschema.StringAttribute{RequiredForImport: true, Description: "Id (a UUID) of the user."},
		},
	}
}

func (r *userAccessibleLocksResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := providerDataFrom(req.ProviderData, "resource "+userAccessibleLocksType)
	resp.Diagnostics.Append(diags...)
	r.data = data
}

// Create takes the user's list over: it reads it, keeps the grants that
// are as configured without a call, and changes the rest.
func (r *userAccessibleLocksResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan userAccessibleLocksModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	want, _, diags := grantsOf(plan.Locks)
	resp.Diagnostics.Append(diags...)
	ctx, cancel, diags := withTimeout(ctx, plan.Timeouts.Create, defaultCreateTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	calls, diags := r.calls(plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	list, err := r.data.client.AccessibleLocks(ctx, calls.userID)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag(opReadAccess.during("create"), subject{userID: calls.userID}, r.data.client.BaseURL(), err))
		return
	}
	have, odd := grantsFromList(list)
	logOddGrants(ctx, odd)
	changes := grantChanges(have, want)
	run := r.applyGrants(ctx, calls, have, changes)
	if len(run.failed) > 0 {
		after := accessCreateAfter
		if run.done == 0 {
			after = accessCreateNothingAfter
		}
		resp.Diagnostics.Append(grantFailuresDiag(run.failed, len(changes), calls.userID, r.data.client.BaseURL(), changes, after, "create"))
		if run.done == 0 {
			// Nothing changed on the server: storing the list would make
			// the tainted resource's replacement remove it all.
			return
		}
	}
	resp.Diagnostics.Append(saveRun(ctx, plan, want, run, &resp.State, resp.Private, resp.Identity)...)
}

// Read puts the user's whole list into state, grants made outside
// Terraform included, so that the plan shows what the apply changes.
func (r *userAccessibleLocksResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state userAccessibleLocksModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, diags := withTimeout(ctx, state.Timeouts.Read, defaultReadTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The framework wants the identity even when the resource leaves state.
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.identity())...)
	userID := state.UserID.ValueString()
	list, err := r.data.client.AccessibleLocks(ctx, userID)
	switch {
	case errors.Is(err, client.ErrNotFound):
		resp.Diagnostics.Append(accessUserGoneDiag(userID))
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiag(opReadAccess, subject{userID: userID}, r.data.client.BaseURL(), err))
		return
	}
	have, odd := grantsFromList(list)
	logOddGrants(ctx, odd)
	state.Locks = grantsMap(have)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	resp.Diagnostics.Append(keepManaged(ctx, req.Private, resp.Private, have)...)
}

// Update makes the changes from the refreshed state to the plan; a change
// of granted_by, removal_reason or timeouts alone makes no call.
func (r *userAccessibleLocksResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state userAccessibleLocksModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	want, _, diags := grantsOf(plan.Locks)
	resp.Diagnostics.Append(diags...)
	have, _, diags := grantsOf(state.Locks)
	resp.Diagnostics.Append(diags...)
	ctx, cancel, diags := withTimeout(ctx, plan.Timeouts.Update, defaultUpdateTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	changes := grantChanges(have, want)
	var calls grantCalls
	if len(changes) > 0 {
		calls, diags = r.calls(plan)
		resp.Diagnostics.Append(diags...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	run := r.applyGrants(ctx, calls, have, changes)
	if len(run.failed) > 0 {
		resp.Diagnostics.Append(grantFailuresDiag(run.failed, len(changes), calls.userID, r.data.client.BaseURL(), changes, accessUpdateAfter, "update"))
	}
	resp.Diagnostics.Append(saveRun(ctx, plan, want, run, &resp.State, resp.Private, resp.Identity)...)
}

// Delete makes no API call, as AWS's *_exclusive resources: destroying
// the resource stops Terraform owning the user's list and leaves the
// grants in place (the plan warned). Removing them all is a configuration
// that says so, locks = {}, applied first. It also keeps a replacement
// after a failed create (a tainted resource) from removing every grant
// and adding it back.
func (r *userAccessibleLocksResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

func (r *userAccessibleLocksResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var id userIdentity
	resp.Diagnostics.Append(importPart(ctx, req, "user_id", &id.UserID)...)
	if resp.Diagnostics.HasError() {
		return
	}
	userID := req.ID
	if userID == "" {
		userID = id.UserID.ValueString()
	}
	if !lockids.LooksLikeUUID(userID) {
		resp.Diagnostics.Append(invalidEntryImportIDDiag(userAccessibleLocksType, "<user_id>", "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60",
			fmt.Errorf("%q is not a user id: a user id is a UUID", userID)))
		return
	}
	// Read fills in the list; granted_by stays unset (the grants may have
	// several grantors) and defaults to actor_id at the next change.
	m := userAccessibleLocksModel{UserID: uuidValueOf(strings.ToLower(userID))}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("user_id"), m.UserID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("removal_reason"), defaultRemovalReason)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, m.identity())...)
}

// ModifyPlan defaults granted_by to actor_id, warns before the apply
// removes grants Terraform did not make, and warns when another resource
// of this plan manages the same user's grants.
func (r *userAccessibleLocksResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil {
		return
	}
	var state, plan userAccessibleLocksModel
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	have, _, diags := grantsOf(state.Locks)
	resp.Diagnostics.Append(diags...)
	managed, diags := managedLocks(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	if req.Plan.Raw.IsNull() {
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.Append(grantsLeftInPlaceDiag(state.UserID.ValueString(), len(have), true)...)
		}
		return
	}
	planGrantor(ctx, req, resp, r.data.actorID)
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &plan)...)
	want, known, diags := grantsOf(plan.Locks)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() || plan.UserID.IsUnknown() || !known {
		return
	}
	userID := plan.UserID.ValueString()
	resp.Diagnostics.Append(claimUserGrants(r.data.claims, userID, want)...)
	if req.State.Raw.IsNull() || !sameUUID(state.UserID.ValueString(), userID) {
		if !req.State.Raw.IsNull() {
			resp.Diagnostics.Append(grantsLeftInPlaceDiag(state.UserID.ValueString(), len(have), false)...)
		}
		resp.Diagnostics.Append(r.takeOverDiags(ctx, userID, want)...)
		return
	}
	resp.Diagnostics.Append(unmanagedRemovalsDiag(userID, have, want, managed)...)
}

// takeOverDiags reads the list a create takes over (shared with the
// apply's own read when it is the same command) and warns about the
// grants the apply will remove or re-create. A user that does not exist
// yet has none; the apply says so if it still does not.
func (r *userAccessibleLocksResource) takeOverDiags(ctx context.Context, userID string, want map[int64]grantValue) diag.Diagnostics {
	list, err := r.data.client.AccessibleLocks(ctx, userID)
	switch {
	case errors.Is(err, client.ErrNotFound):
		return nil
	case err != nil:
		return diag.Diagnostics{apiErrorDiag(opReadAccess, subject{userID: userID}, r.data.client.BaseURL(), err)}
	}
	have, _ := grantsFromList(list)
	return takeOverDiag(userID, have, want)
}

// saveRun records what an apply left: the plan in state, or what the
// answers tell when some calls failed; which of the configuration's
// grants the user has; the identity.
func saveRun(ctx context.Context, plan userAccessibleLocksModel, want map[int64]grantValue, run *grantRun, state *tfsdk.State,
	private privateSetter, identity *tfsdk.ResourceIdentity) diag.Diagnostics {
	if len(run.failed) > 0 {
		plan.Locks = grantsMap(run.now)
	}
	diags := state.Set(ctx, plan)
	diags.Append(setManagedLocks(ctx, private, want, run.now)...)
	return append(diags, setIdentity(ctx, identity, plan.identity())...)
}

// calls is who the writes are recorded as made by, and why removes happen.
func (r *userAccessibleLocksResource) calls(m userAccessibleLocksModel) (grantCalls, diag.Diagnostics) {
	grantor, ok := grantorFor(m.GrantedBy, r.data.actorID)
	if !ok {
		return grantCalls{}, diag.Diagnostics{missingActorDiag()}
	}
	return grantCalls{userID: m.UserID.ValueString(), grantor: grantor, reason: stringOr(m.RemovalReason, defaultRemovalReason)}, nil
}

func (m *userAccessibleLocksModel) identity() userIdentity {
	return userIdentity{UserID: types.StringValue(strings.ToLower(m.UserID.ValueString()))}
}

// logOddGrants notes grants whose lock id no call can name.
func logOddGrants(ctx context.Context, odd []string) {
	if len(odd) > 0 {
		tflog.Warn(ctx, "Left out grants whose lockId is not a lock id", map[string]any{"lock_ids": odd})
	}
}
