package provider

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/numberplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

var (
	_ resource.ResourceWithConfigure   = (*lockOrganizationResource)(nil)
	_ resource.ResourceWithImportState = (*lockOrganizationResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*lockOrganizationResource)(nil)
)

const lockOrganizationType = "spkey_lock_organization"

// NewLockOrganizationResource is the spkey_lock_organization resource.
func NewLockOrganizationResource() resource.Resource {
	return &lockOrganizationResource{}
}

type lockOrganizationResource struct {
	client *client.Client
	claims *claims
}

type lockOrganizationModel struct {
	ID          types.String   `tfsdk:"id"`
	LockID      types.Number   `tfsdk:"lock_id"`
	OrgID       types.String   `tfsdk:"org_id"`
	AggregateID types.String   `tfsdk:"aggregate_id"`
	Version     types.Number   `tfsdk:"version"`
	Timeouts    timeouts.Value `tfsdk:"timeouts"`
}

func (r *lockOrganizationResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = lockOrganizationType
}

func (r *lockOrganizationResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Assigns a SmartphoneKey lock to an organization (`POST /locks/{id}/SetOrganization`) and keeps it there: " +
			"a refresh reads the lock's organization back, so a change made outside Terraform shows up in the next plan and apply puts it back. " +
			"Destroying the resource makes no API call (the API cannot unassign a lock): the lock keeps its organization.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The lock id in decimal, for example `\"123\"`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"lock_id": schema.NumberAttribute{
				MarkdownDescription: "Numeric id of the lock: a whole number of at least 1, such as `123` (a UUID is not a lock id). Changing it replaces the resource.",
				Required:            true,
				Validators:          []validator.Number{lockIDValidator{}},
				PlanModifiers:       []planmodifier.Number{numberplanmodifier.RequiresReplace()},
			},
			"org_id": schema.StringAttribute{
				MarkdownDescription: "Id of the organization the lock belongs to. Changing it moves the lock in place.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"aggregate_id": schema.StringAttribute{
				MarkdownDescription: "Id of the lock's event-sourced aggregate, as the API returned it (for locks, the lock id as a string).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"version": schema.NumberAttribute{
				MarkdownDescription: "Aggregate version that the last `SetOrganization` made by this resource returned. A refresh does not change it " +
					"(other events on the lock raise the aggregate's version; they are not this resource's business). After import it is the " +
					"lock's version at the time of import.",
				Computed:      true,
				PlanModifiers: []planmodifier.Number{versionUnlessOrgChanges{}},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{
				Create: true,
				Update: true,
				Read:   true,
				CreateDescription: "How long creating the resource (one `SetOrganization` call, retries included) may take, " +
					timeoutDefaultText(defaultCreateTimeout),
				UpdateDescription: "How long moving the lock to another organization (one `SetOrganization` call, retries included) may take, " +
					timeoutDefaultText(defaultUpdateTimeout),
				ReadDescription: "How long a refresh or import (one `basic-info` call, retries included) may take, " +
					timeoutDefaultText(defaultReadTimeout),
			}),
		},
	}
}

func (r *lockOrganizationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := providerDataFrom(req.ProviderData, "resource "+lockOrganizationType)
	resp.Diagnostics.Append(diags...)
	if data != nil {
		r.client, r.claims = data.client, data.claims
	}
}

func (r *lockOrganizationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan lockOrganizationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, diags := withTimeout(ctx, plan.Timeouts.Create, defaultCreateTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	resp.Diagnostics.Append(r.setOrganization(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *lockOrganizationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state lockOrganizationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, diags := withTimeout(ctx, state.Timeouts.Read, defaultReadTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	lockID := lockIDOf(state)
	info, err := r.client.LockBasicInfo(ctx, lockID)
	if errors.Is(err, client.ErrNotFound) {
		resp.Diagnostics.Append(lockGoneDiag(lockID))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag(opReadLock, lockID, r.client.BaseURL(), err))
		return
	}
	resp.Diagnostics.Append(applyLockInfo(&state, info)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *lockOrganizationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan lockOrganizationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, diags := withTimeout(ctx, plan.Timeouts.Update, defaultUpdateTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	// Only org_id (and timeouts) can change in place; when org_id is the
	// same, the plan kept the recorded version and there is nothing to send.
	if !plan.Version.IsUnknown() {
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		return
	}
	// On failure the framework keeps the prior state: the old org_id and
	// version stay recorded, because the server did not accept the new one.
	resp.Diagnostics.Append(r.setOrganization(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Delete makes no API call: the API has no way to unassign a lock, and the
// admin call that deletes a whole lock aggregate must never be used for
// this. The lock keeps its organization.
func (r *lockOrganizationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state lockOrganizationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Info(ctx, "Removing the lock from state only; SmartphoneKey has no call to unassign a lock", map[string]any{
		"lock_id": lockIDOf(state),
	})
	resp.Diagnostics.Append(orgLeftInPlaceDiag(lockIDOf(state), state.OrgID.ValueString()))
}

// ModifyPlan warns at plan time that a destroy, or a replacement by a new
// lock_id, leaves the old lock's organization in place, so nobody learns it
// only after apply, and that another resource assigns the same lock to
// another organization.
func (r *lockOrganizationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var state, plan lockOrganizationModel
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if !req.Plan.Raw.IsNull() {
		resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	switch {
	case req.Plan.Raw.IsNull() && req.State.Raw.IsNull():
		return
	case req.Plan.Raw.IsNull():
		resp.Diagnostics.Append(orgLeftInPlaceDiag(lockIDOf(state), state.OrgID.ValueString()))
		return
	case !req.State.Raw.IsNull() && !plan.LockID.IsUnknown() && !plan.LockID.Equal(state.LockID):
		// A new lock_id replaces the resource: the old lock stays where it is.
		resp.Diagnostics.Append(orgLeftInPlaceDiag(lockIDOf(state), state.OrgID.ValueString()))
	}
	if r.claims == nil || plan.OrgID.IsUnknown() || plan.LockID.IsUnknown() {
		return
	}
	lockID := lockIDOf(plan)
	by := fmt.Sprintf("spkey_lock_organization for lock %d", lockID)
	if conflicts := r.claims.claim(by, plan.OrgID.ValueString(), []int64{lockID}); len(conflicts) > 0 {
		resp.Diagnostics.Append(conflictingClaimsDiag(by, plan.OrgID.ValueString(), conflicts))
	}
}

func (r *lockOrganizationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	lockID, err := parseLockID(req.ID)
	if err != nil {
		resp.Diagnostics.Append(invalidImportIDDiag(lockOrganizationType, err))
		return
	}
	// Read fills in org_id, aggregate_id and version from basic-info.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("lock_id"), lockIDValue(lockID))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), strconv.FormatInt(lockID, 10))...)
}

// setOrganization calls the API and records its answer in m.
func (r *lockOrganizationResource) setOrganization(ctx context.Context, m *lockOrganizationModel) diag.Diagnostics {
	lockID := lockIDOf(*m)
	res, err := r.client.SetOrganization(ctx, lockID, m.OrgID.ValueString())
	if err != nil {
		return diag.Diagnostics{apiErrorDiag(opSetOrganization, lockID, r.client.BaseURL(), err)}
	}
	version, err := numberValue(res.Version)
	if err != nil {
		return diag.Diagnostics{unusableResponseDiag(opSetOrganization, lockID, err)}
	}
	m.ID = types.StringValue(strconv.FormatInt(lockID, 10))
	m.AggregateID = types.StringValue(res.AggregateID)
	m.Version = version
	return nil
}

// applyLockInfo records what basic-info says about the lock. org_id always
// follows the server (that is the drift detection); aggregate_id and
// version are only filled when unset, which is after import.
func applyLockInfo(m *lockOrganizationModel, info *client.LockInfo) diag.Diagnostics {
	m.OrgID = types.StringPointerValue(info.Organization())
	m.ID = types.StringValue(strconv.FormatInt(lockIDOf(*m), 10))
	if m.AggregateID.IsNull() || m.AggregateID.IsUnknown() {
		m.AggregateID = types.StringValue(info.ID)
	}
	if m.Version.IsNull() || m.Version.IsUnknown() {
		v, err := numberValue(info.Version)
		if err != nil {
			return diag.Diagnostics{unusableResponseDiag(opReadLock, lockIDOf(*m), err)}
		}
		m.Version = v
	}
	return nil
}

// lockIDOf returns the model's lock id. The validator has checked it, and
// state only ever holds ids that passed it, so a conversion error here
// cannot happen; 0 makes the client refuse the call if it ever did.
func lockIDOf(m lockOrganizationModel) int64 {
	id, err := lockIDFromNumber(m.LockID.ValueBigFloat())
	if err != nil {
		return 0
	}
	return id
}
