package provider

import (
	"context"
	"errors"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

var (
	_ resource.ResourceWithConfigure   = (*lockResidentResource)(nil)
	_ resource.ResourceWithImportState = (*lockResidentResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*lockResidentResource)(nil)
	_ resource.ResourceWithIdentity    = (*lockResidentResource)(nil)
)

const lockResidentType = "spkey_lock_resident"

// NewLockResidentResource is the spkey_lock_resident resource.
func NewLockResidentResource() resource.Resource { return &lockResidentResource{} }

// lockResidentResource is one user on one lock's doorbell list, added and
// removed by Terraform (additive: the lock's other residents are not its
// business).
type lockResidentResource struct {
	data *providerData
}

type lockResidentModel struct {
	ID       types.String   `tfsdk:"id"`
	LockID   types.Number   `tfsdk:"lock_id"`
	UserID   uuidValue      `tfsdk:"user_id"`
	Name     types.String   `tfsdk:"name"`
	Email    types.String   `tfsdk:"email"`
	HasPhone types.Bool     `tfsdk:"has_phone"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

func (r *lockResidentResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = lockResidentType
}

func (r *lockResidentResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Makes a user a resident of a lock: one entry of the lock's residents (`POST /locks/{id}/AddResident`), " +
			"the people notified when its doorbell rings. Destroying it removes the entry (`RemoveResident`). Additive: the " +
			"lock's other residents are left alone; to own a lock's whole list, use `spkey_lock_residents_exclusive` " +
			"instead (never both for one lock).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<lock_id>:<user_id>`, the user id in lower case.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"lock_id": lockIDAttribute(" whose doorbell notifies the resident"),
			"user_id": schema.StringAttribute{
				MarkdownDescription: "Id (a UUID) of the user; look one up by email or phone number with `data.spkey_user`. " +
					"Changing it replaces the resource.",
				Required:      true,
				CustomType:    uuidType{},
				Validators:    []validator.String{userIDValidator{}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The resident's name, as the lock's residents list shows it. The API cannot rename a " +
					"resident, so changing it re-creates the resident (remove, then add).",
				Required:      true,
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1), notBlankValidator{}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"email": schema.StringAttribute{
				MarkdownDescription: "The resident's email address, as the residents list reports it; null when it reports none.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"has_phone": schema.BoolAttribute{
				MarkdownDescription: "Whether a phone number is on file for the resident (the API never returns the number itself).",
				Computed:            true,
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{
				Create: true, Read: true, Delete: true,
				CreateDescription: "How long the add (one `AddResident`, retries and read-backs included, then one read of the list) " +
					"may take, " + timeoutDefaultText(defaultCreateTimeout),
				ReadDescription: "How long a refresh or import (one `residents` read, shared by every resident of the lock) " +
					"may take, " + timeoutDefaultText(defaultReadTimeout),
				DeleteDescription: "How long the remove (one `RemoveResident`, retries and read-backs included) may take, " +
					timeoutDefaultText(defaultDeleteTimeout),
			}),
		},
	}
}

func (r *lockResidentResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = entryIdentitySchema("the resident")
}

func (r *lockResidentResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := providerDataFrom(req.ProviderData, "resource "+lockResidentType)
	resp.Diagnostics.Append(diags...)
	r.data = data
}

func (r *lockResidentResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan lockResidentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ctx, cancel, diags := withTimeout(ctx, plan.Timeouts.Create, defaultCreateTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	lockID, userID := plan.lockID(), plan.UserID.ValueString()
	ch, err := r.data.client.AddResident(ctx, lockID, userID, plan.Name.ValueString())
	switch {
	case adoptedSame(err):
		resp.Diagnostics.Append(residentAdoptedDiag(lockID, userID))
	case errors.Is(err, client.ErrAlreadyExists):
		// The read-back that found it left the list fresh in the shared
		// reads: this costs no request.
		list, _ := r.data.client.Residents(ctx, lockID)
		resp.Diagnostics.Append(residentExistsDiag(lockID, userID, client.FindResident(list, userID), lockResidentType+".<name>"))
		return
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiag(opAddResident, plan.subject(), r.data.client.BaseURL(), err))
		return
	}
	// email and has_phone come from the list. Every resource of the lock
	// created in this apply asks for it, after its own add; the client
	// shares one read among all whose adds came before it started.
	list, err := r.data.client.ResidentsAfter(ctx, lockID, ch)
	found := client.FindResident(list, userID)
	if err != nil || found == nil {
		resp.Diagnostics.Append(residentDetailsNotReadDiag(lockID, userID, err))
	}
	plan.record(found)
	plan.ID = types.StringValue(residentID(lockID, userID))
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.identity())...)
}

func (r *lockResidentResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state lockResidentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, diags := withTimeout(ctx, state.Timeouts.Read, defaultReadTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The framework wants the identity even when the resident leaves state.
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.identity())...)
	lockID, userID := state.lockID(), state.UserID.ValueString()
	// Shared: a refresh of for_each over a lock's 1,000 residents sends
	// one GET residents.
	list, err := r.data.client.Residents(ctx, lockID)
	found := client.FindResident(list, userID)
	switch {
	case errors.Is(err, client.ErrNotFound), err == nil && found == nil:
		resp.Diagnostics.Append(residentGoneDiag(lockID, userID, err != nil))
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiag(opReadResidents, state.subject(), r.data.client.BaseURL(), err))
		return
	}
	// A name changed behind Terraform's back shows in the plan.
	state.Name = types.StringValue(found.Name)
	state.record(found)
	state.ID = types.StringValue(residentID(lockID, userID))
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// Update makes no API call: every attribute the API holds replaces the
// resource; only timeouts change in place.
func (r *lockResidentResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan lockResidentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.identity())...)
}

func (r *lockResidentResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state lockResidentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, diags := withTimeout(ctx, state.Timeouts.Delete, defaultDeleteTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	_, err := r.data.client.RemoveResident(ctx, state.lockID(), state.UserID.ValueString())
	if !removed(err) {
		// On error the framework keeps the resident in state.
		resp.Diagnostics.Append(apiErrorDiag(opRemoveResident, state.subject(), r.data.client.BaseURL(), err))
		return
	}
	logAlreadyGone(ctx, "the resident", err)
}

func (r *lockResidentResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	userID, lockID, diags := importedEntry(ctx, req, lockResidentType, false)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Read fills in the rest from the lock's list.
	m := lockResidentModel{LockID: lockIDValue(lockID), UserID: uuidValueOf(userID)}
	for name, v := range map[string]any{"id": residentID(lockID, userID), "lock_id": m.LockID, "user_id": m.UserID} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), v)...)
	}
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, m.identity())...)
}

// ModifyPlan warns when another resource of this plan makes the same user
// a resident of the same lock under another name.
func (r *lockResidentResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var plan lockResidentModel
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.UserID.IsUnknown() || plan.LockID.IsUnknown() || plan.Name.IsUnknown() {
		return
	}
	resp.Diagnostics.Append(claimResidents(r.data.claims, lockResidentType, plan.lockID(),
		map[string]string{plan.UserID.ValueString(): plan.Name.ValueString()})...)
}

// record takes email and has_phone from the lock's list; both are null
// when the list does not show the resident.
func (m *lockResidentModel) record(found *client.Resident) {
	if found == nil {
		m.Email, m.HasPhone = types.StringNull(), types.BoolNull()
		return
	}
	m.Email, m.HasPhone = types.StringPointerValue(found.Email), types.BoolValue(found.HasPhone)
}

func (m *lockResidentModel) lockID() int64 { return validLockID(m.LockID) }

func (m *lockResidentModel) subject() subject {
	return subject{lockID: m.lockID(), userID: m.UserID.ValueString()}
}

func (m *lockResidentModel) identity() entryIdentity {
	return newEntryIdentity(m.UserID.ValueString(), m.lockID())
}

// residentID is a resident's id: "<lock_id>:<user_id>", the user in lower
// case.
func residentID(lockID int64, userID string) string {
	return strconv.FormatInt(lockID, 10) + ":" + strings.ToLower(userID)
}

// claimResidents registers planned residents of one lock, named by user
// id, and warns when another resource of this plan names one of them
// otherwise.
func claimResidents(c *claims, by string, lockID int64, names map[string]string) diag.Diagnostics {
	var conflicts []conflict
	lower := make(map[string]string, len(names))
	for userID, name := range names {
		lower[strings.ToLower(userID)] = name
		conflicts = append(conflicts, c.claimEntry("resident", by, name, lockID, userID)...)
	}
	if len(conflicts) == 0 {
		return nil
	}
	sort.Slice(conflicts, func(i, j int) bool { return conflicts[i].of < conflicts[j].of })
	return diag.Diagnostics{conflictingResidentsDiag(by, lower, conflicts)}
}
