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
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
	"github.com/smartphonekey/terraform-provider-spkey/internal/lockids"
)

var (
	_ resource.ResourceWithConfigure   = (*lockResidentsExclusiveResource)(nil)
	_ resource.ResourceWithImportState = (*lockResidentsExclusiveResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*lockResidentsExclusiveResource)(nil)
	_ resource.ResourceWithIdentity    = (*lockResidentsExclusiveResource)(nil)
)

const lockResidentsExclusiveType = "spkey_lock_residents_exclusive"

// NewLockResidentsExclusiveResource is the spkey_lock_residents_exclusive
// resource.
func NewLockResidentsExclusiveResource() resource.Resource { return &lockResidentsExclusiveResource{} }

// lockResidentsExclusiveResource owns a lock's whole doorbell list
// (authoritative): it adds the residents the configuration lists, removes
// every other one, and re-creates renamed ones. State holds exactly what
// the lock has, so a plan shows each resident that will be added, removed
// or re-created.
type lockResidentsExclusiveResource struct {
	data *providerData
}

type lockResidentsExclusiveModel struct {
	LockID types.Number `tfsdk:"lock_id"`
	// Residents is a map from user id to name: keyed, so that a plan of
	// 1,000 residents compares them in O(N) and shows each change by user.
	Residents types.Map      `tfsdk:"residents"`
	Timeouts  timeouts.Value `tfsdk:"timeouts"`
}

func (r *lockResidentsExclusiveResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = lockResidentsExclusiveType
}

func (r *lockResidentsExclusiveResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Owns a lock's whole residents list, the people notified when its doorbell rings (authoritative). " +
			"An apply adds the residents `residents` lists, **removes every other resident of the lock** (also ones added " +
			"outside Terraform), and re-creates renamed ones (remove, then add: the API cannot rename a resident), with up to " +
			"`max_concurrency` calls at once. Creating it takes over the lock's current list. Destroying it makes no API " +
			"call: the residents stay. Never combine it with `spkey_lock_resident` for the same lock.",
		Attributes: map[string]schema.Attribute{
			"lock_id": lockIDAttribute(" whose residents this resource owns"),
			"residents": schema.MapAttribute{
				MarkdownDescription: "Every resident of the lock: a map from user id (a UUID in lower case, as the API returns " +
					"it, such as `data.spkey_user.ada.id`) to the resident's name. `{}` removes every resident. After a refresh " +
					"it holds exactly what the lock has, so the plan shows each resident that will be added, removed or re-created.",
				ElementType: types.StringType,
				Required:    true,
				Validators: []validator.Map{
					mapvalidator.KeysAre(residentKeyValidator{}),
					mapvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1), notBlankValidator{}),
				},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{
				Create: true, Read: true, Update: true,
				CreateDescription: "How long taking the list over (one `residents` read, then one `AddResident` or `RemoveResident` " +
					"per change, retries included) may take, " + timeoutDefaultText(defaultFleetWriteTimeout),
				ReadDescription: "How long a refresh or import (one `residents` read) may take, " + timeoutDefaultText(defaultReadTimeout),
				UpdateDescription: "How long the changes (one `AddResident` or `RemoveResident` per change, retries included) " +
					"may take, " + timeoutDefaultText(defaultFleetWriteTimeout),
			}),
		},
	}
}

func (r *lockResidentsExclusiveResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = lockIdentitySchema()
}

func (r *lockResidentsExclusiveResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := providerDataFrom(req.ProviderData, "resource "+lockResidentsExclusiveType)
	resp.Diagnostics.Append(diags...)
	r.data = data
}

func (r *lockResidentsExclusiveResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan lockResidentsExclusiveModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	want, diags := plan.residents(ctx)
	resp.Diagnostics.Append(diags...)
	ctx, cancel, diags := withTimeout(ctx, plan.Timeouts.Create, defaultFleetWriteTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	lockID := plan.lockID()
	// Take the list over: identical residents stay without a call.
	list, err := r.data.client.Residents(ctx, lockID)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag(opReadResidents.during("create"), lockSubject(lockID), r.data.client.BaseURL(), err))
		return
	}
	r.change(ctx, &plan, residentNames(list), want, map[string]bool{}, residentsCreateAfter, "create", &resp.State, resp.Private, &resp.Diagnostics)
	resp.Diagnostics.Append(setLockIdentity(ctx, resp.Identity, lockID)...)
}

func (r *lockResidentsExclusiveResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state lockResidentsExclusiveModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, diags := withTimeout(ctx, state.Timeouts.Read, defaultReadTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	lockID := state.lockID()
	resp.Diagnostics.Append(setLockIdentity(ctx, resp.Identity, lockID)...)
	list, err := r.data.client.Residents(ctx, lockID)
	switch {
	case errors.Is(err, client.ErrNotFound):
		resp.Diagnostics.Append(lockResidentsGoneDiag(lockID))
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiag(opReadResidents, lockSubject(lockID), r.data.client.BaseURL(), err))
		return
	}
	// Exactly what the lock has: residents added, removed or renamed
	// outside Terraform show in the plan.
	onLock := lowerKeys(residentNames(list))
	resp.Diagnostics.Append(state.setResidents(ctx, onLock)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	resp.Diagnostics.Append(forgetAddedElsewhere(ctx, req.Private, resp.Private, onLock)...)
}

func (r *lockResidentsExclusiveResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state lockResidentsExclusiveModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	want, diags := plan.residents(ctx)
	resp.Diagnostics.Append(diags...)
	onLock, diags := state.residents(ctx)
	resp.Diagnostics.Append(diags...)
	added, diags := addedResidents(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	ctx, cancel, diags := withTimeout(ctx, plan.Timeouts.Update, defaultFleetWriteTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The state is what the refresh of this plan read: the plan shows
	// exactly these changes.
	r.change(ctx, &plan, onLock, want, added, residentsUpdateAfter, "update", &resp.State, resp.Private, &resp.Diagnostics)
	resp.Diagnostics.Append(setLockIdentity(ctx, resp.Identity, plan.lockID())...)
}

// change makes the changes from onLock to want and records in state what
// is true afterwards, and in private state what Terraform added; after
// says what a partial failure leaves behind, timeout which timeouts
// attribute bounds the changes ("create", "update").
func (r *lockResidentsExclusiveResource) change(ctx context.Context, plan *lockResidentsExclusiveModel, onLock, want map[string]string,
	added map[string]bool, after, timeout string, state stateSetter, private privateSetter, diags *diag.Diagnostics) {
	lockID := plan.lockID()
	changes := residentChanges(onLock, want)
	outcomes, failed := applyResidentChanges(ctx, r.data.client, lockID, changes)
	if len(failed) > 0 {
		diags.Append(residentFailuresDiag(lockID, changes, failed, r.data.client.BaseURL(), after, timeout))
	}
	diags.Append(plan.setResidents(ctx, residentsAfter(onLock, changes, outcomes))...)
	diags.Append(state.Set(ctx, plan)...)
	diags.Append(recordAdded(ctx, private, added, changes, outcomes)...)
}

// Delete makes no API call: the residents stay (see ModifyPlan's warning).
func (r *lockResidentsExclusiveResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

func (r *lockResidentsExclusiveResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	lockID, diags := importedLockID(ctx, lockResidentsExclusiveType, req)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Read fills residents with the lock's list.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, lockIDPath, lockIDValue(lockID))...)
	resp.Diagnostics.Append(setLockIdentity(ctx, resp.Identity, lockID)...)
}

// ModifyPlan warns about the residents an apply removes that Terraform
// did not add (at create: every unlisted one, read from the lock), about
// residents left in place by a destroy or a move to another lock, and
// about residents another resource names otherwise.
func (r *lockResidentsExclusiveResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil {
		return
	}
	var state, plan lockResidentsExclusiveModel
	var onLock map[string]string
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		var diags diag.Diagnostics
		onLock, diags = state.residents(ctx)
		resp.Diagnostics.Append(diags...)
	}
	if req.Plan.Raw.IsNull() {
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.Append(residentsLeftInPlaceDiag(state.lockID(), len(onLock), true)...)
		}
		return
	}
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.LockID.IsUnknown() || plan.Residents.IsUnknown() {
		return
	}
	want, diags := plan.residents(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	lockID := plan.lockID()
	resp.Diagnostics.Append(claimResidents(r.data.claims, fmt.Sprintf("%s for lock %d", lockResidentsExclusiveType, lockID), lockID, want)...)
	if req.State.Raw.IsNull() || state.lockID() != lockID {
		if !req.State.Raw.IsNull() {
			resp.Diagnostics.Append(residentsLeftInPlaceDiag(state.lockID(), len(onLock), false)...)
		}
		resp.Diagnostics.Append(r.warnTakeOver(ctx, lockID, want, plan.Timeouts.Read)...)
		return
	}
	added, diags := addedResidents(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	outside := map[string]string{}
	for id, name := range onLock {
		if _, kept := want[id]; !kept && !added[id] {
			outside[id] = name
		}
	}
	if len(outside) > 0 {
		resp.Diagnostics.Append(residentsToRemoveDiag(lockID, outside, false))
	}
}

// warnTakeOver reads the lock's list (one GET, shared) and warns which
// residents creating the resource will remove.
func (r *lockResidentsExclusiveResource) warnTakeOver(ctx context.Context, lockID int64, want map[string]string, readTimeout timeoutGetter) diag.Diagnostics {
	// Bounded by the read timeout, which its error advises raising.
	ctx, cancel, _ := withTimeout(ctx, readTimeout, defaultReadTimeout)
	defer cancel()
	list, err := r.data.client.Residents(ctx, lockID)
	if err != nil {
		// The plan cannot say what the apply would remove.
		return diag.Diagnostics{apiErrorDiag(opReadResidents, lockSubject(lockID), r.data.client.BaseURL(), err)}
	}
	unlisted := map[string]string{}
	for id, name := range lowerKeys(residentNames(list)) {
		if _, kept := want[id]; !kept {
			unlisted[id] = name
		}
	}
	if len(unlisted) == 0 {
		return nil
	}
	return diag.Diagnostics{residentsToRemoveDiag(lockID, unlisted, true)}
}

func (m *lockResidentsExclusiveModel) lockID() int64 { return validLockID(m.LockID) }

// residents is the residents map; empty when null (before an import's
// read).
func (m *lockResidentsExclusiveModel) residents(ctx context.Context) (map[string]string, diag.Diagnostics) {
	out := map[string]string{}
	if m.Residents.IsNull() || m.Residents.IsUnknown() {
		return out, nil
	}
	diags := m.Residents.ElementsAs(ctx, &out, false)
	return out, diags
}

func (m *lockResidentsExclusiveModel) setResidents(ctx context.Context, residents map[string]string) diag.Diagnostics {
	v, diags := types.MapValueFrom(ctx, types.StringType, residents)
	m.Residents = v
	return diags
}

// stateSetter is what change needs of a response's state.
type stateSetter interface {
	Set(ctx context.Context, v any) diag.Diagnostics
}

// forgetAddedElsewhere drops from Terraform's record of its additions the
// residents no longer on the lock: one removed outside Terraform and
// added again outside it was not added by Terraform.
func forgetAddedElsewhere(ctx context.Context, req privateGetter, resp privateSetter, onLock map[string]string) diag.Diagnostics {
	added, diags := addedResidents(ctx, req)
	gone := false
	for id := range added {
		if _, there := onLock[id]; !there {
			delete(added, id)
			gone = true
		}
	}
	if !gone {
		return diags
	}
	diags.Append(recordAdded(ctx, resp, added, nil, nil)...)
	return diags
}

// residentKeyValidator checks a key of residents: a user id in lower
// case, as the API returns it, so that one resident has one key.
type residentKeyValidator struct{}

var _ validator.String = residentKeyValidator{}

func (residentKeyValidator) Description(context.Context) string {
	return "a user id (a UUID) in lower case, as the API returns it"
}

func (v residentKeyValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (residentKeyValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	key := req.ConfigValue.ValueString()
	if lockids.LooksLikeUUID(key) && key == strings.ToLower(key) {
		return
	}
	resp.Diagnostics.Append(invalidResidentKeyDiag(req.Path, key))
}
