package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

var (
	_ resource.ResourceWithConfigure   = (*organizationLocksResource)(nil)
	_ resource.ResourceWithImportState = (*organizationLocksResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*organizationLocksResource)(nil)
)

const organizationLocksType = "spkey_organization_locks"

// NewOrganizationLocksResource is the spkey_organization_locks resource.
func NewOrganizationLocksResource() resource.Resource {
	return &organizationLocksResource{}
}

// organizationLocksResource manages "this organization owns these locks"
// as one resource instance, making the API calls itself with bounded
// concurrency. Terraform core is superlinear in the number of instances of
// one resource block, so for_each over thousands of
// spkey_lock_organization instances is slow however fast the provider is.
type organizationLocksResource struct {
	client *client.Client
	claims *claims
}

func (r *organizationLocksResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = organizationLocksType
}

func (r *organizationLocksResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Assigns a whole fleet of locks to one organization: \"this organization owns these locks\". " +
			"For fleets of hundreds to tens of thousands of locks, where `for_each` over `spkey_lock_organization` is slow " +
			"in Terraform itself. The provider calls the API for every lock concurrently (`max_concurrency`), within the " +
			"provider's shared rate limit (`max_requests_per_second`). Removing a lock from `locks`, or destroying the " +
			"resource, makes no API call: those locks keep their organization.",
		Attributes: map[string]schema.Attribute{
			"org_id": schema.StringAttribute{
				MarkdownDescription: "Id of the organization that owns the locks. Changing it moves every lock in place.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"locks": schema.MapAttribute{
				MarkdownDescription: "The locks, at least one: a map from lock id (the numeric id in decimal, such as `\"123\"`, " +
					"without leading zeros) to a label of your choice, which only Terraform sees (`\"\"` is fine, null is not). " +
					"From a list of ids: `{ for id in toset(local.lock_ids) : id => \"\" }`. Adding locks assigns only those; " +
					"removing locks or changing labels makes no call.",
				ElementType: types.StringType,
				Required:    true,
				Validators: []validator.Map{
					mapvalidator.SizeAtLeast(1),
					mapvalidator.KeysAre(lockIDKeyValidator{}),
					mapvalidator.NoNullValues(),
				},
			},
			"versions": schema.MapAttribute{
				MarkdownDescription: "Aggregate version that `SetOrganization` returned for each lock, keyed by lock id in decimal " +
					"(`\"123\"`). A refresh does not change it; after import it holds each lock's version at import time.",
				ElementType: types.NumberType,
				Computed:    true,
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{
				Create: true,
				Update: true,
				Read:   true,
				CreateDescription: "How long assigning every lock (one `SetOrganization` per lock, retries included) may take, " +
					timeoutDefaultText(defaultFleetWriteTimeout),
				UpdateDescription: "How long assigning the added locks, or all of them on a new `org_id`, may take, " +
					timeoutDefaultText(defaultFleetWriteTimeout),
				ReadDescription: "How long a refresh or import (one `basic-info` per lock, retries included) may take, " +
					timeoutDefaultText(defaultFleetReadTimeout),
			}),
		},
	}
}

func (r *organizationLocksResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := providerDataFrom(req.ProviderData, "resource "+organizationLocksType)
	resp.Diagnostics.Append(diags...)
	if data != nil {
		r.client, r.claims = data.client, data.claims
	}
}

// ModifyPlan makes the plan show exactly what changes: the versions of
// locks that stay keep their values, only added locks (or all of them, when
// org_id changes) become "known after apply". It also warns about locks
// removed from locks (they keep their organization) and locks another
// resource assigns elsewhere.
func (r *organizationLocksResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var state organizationLocksModel
	var stateIDs []int64
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		var diags diag.Diagnostics
		stateIDs, diags = lockIDsOf(state.Locks)
		resp.Diagnostics.Append(diags...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if req.Plan.Raw.IsNull() {
		if len(stateIDs) > 0 {
			resp.Diagnostics.Append(locksLeftInPlaceDiag(stateIDs, state.OrgID.ValueString(), true))
		}
		return
	}

	var plan organizationLocksModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	planIDs, diags := lockIDsOf(plan.Locks)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() || plan.Locks.IsUnknown() || plan.OrgID.IsUnknown() {
		return
	}
	org := plan.OrgID.ValueString()
	if r.claims != nil {
		by := fmt.Sprintf("spkey_organization_locks for %q", org)
		if conflicts := r.claims.claim("org_id", by, org, planIDs); len(conflicts) > 0 {
			resp.Diagnostics.Append(conflictingClaimsDiag(by, org, conflicts))
		}
	}
	if req.State.Raw.IsNull() {
		return
	}
	if removed := difference(stateIDs, planIDs); len(removed) > 0 {
		resp.Diagnostics.Append(locksLeftInPlaceDiag(removed, state.OrgID.ValueString(), false))
	}
	known := map[string]types.Number{}
	if plan.OrgID.Equal(state.OrgID) {
		known, diags = versionsOf(ctx, state.Versions)
		resp.Diagnostics.Append(diags...)
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("versions"), versionsFor(planIDs, known))...)
}

func (r *organizationLocksResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan organizationLocksModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ids, diags := lockIDsOf(plan.Locks)
	resp.Diagnostics.Append(diags...)
	ctx, cancel, diags := withTimeout(ctx, plan.Timeouts.Create, defaultFleetWriteTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	versions, failed := r.setOrganization(ctx, plan.OrgID.ValueString(), ids)
	if len(failed) > 0 {
		resp.Diagnostics.Append(perLockFailuresDiag(opSetOrganization, failed, len(ids), r.client.BaseURL()))
	}
	if len(versions) == 0 {
		// Nothing was accepted, so nothing goes into state.
		return
	}
	// On a partial failure Terraform keeps this state but marks the
	// resource tainted; the next apply sends SetOrganization for every
	// lock again, which is harmless for the ones already assigned.
	plan.Locks = locksFor(succeeded(ids, failed), plan.Locks)
	plan.Versions = versionsFor(succeeded(ids, failed), versions)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *organizationLocksResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state organizationLocksModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ids, diags := lockIDsOf(state.Locks)
	resp.Diagnostics.Append(diags...)
	known, diags := versionsOf(ctx, state.Versions)
	resp.Diagnostics.Append(diags...)
	ctx, cancel, diags := withTimeout(ctx, state.Timeouts.Read, defaultFleetReadTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	org := state.OrgID.ValueString()
	var mu sync.Mutex
	current := map[string]types.Number{}
	var gone []string
	failed := runPerLock(ctx, ids, r.client.MaxConcurrency(), func(ctx context.Context, id int64) error {
		info, err := r.client.LockBasicInfo(ctx, id)
		var why string
		switch {
		case errors.Is(err, client.ErrNotFound):
			why = fmt.Sprintf("lock %d no longer exists", id)
		case err != nil:
			return err
		case info.Organization() == nil:
			why = fmt.Sprintf("lock %d has no organization", id)
		case *info.Organization() != org:
			why = fmt.Sprintf("lock %d belongs to %q", id, *info.Organization())
		}
		mu.Lock()
		defer mu.Unlock()
		if why != "" {
			gone = append(gone, why)
			return nil
		}
		v, err := numberValue(info.Version)
		if err != nil {
			return err
		}
		current[strconv.FormatInt(id, 10)] = v
		return nil
	})
	if len(failed) > 0 {
		// Never drop locks from state because the API could not be asked.
		resp.Diagnostics.Append(perLockFailuresDiag(opReadLock, failed, len(ids), r.client.BaseURL()))
		return
	}
	if len(gone) > 0 {
		resp.Diagnostics.Append(locksDriftedDiag(org, gone))
	}

	var kept []int64
	for _, id := range ids {
		key := strconv.FormatInt(id, 10)
		if v, ok := current[key]; ok {
			kept = append(kept, id)
			// The recorded version stays; a lock without one (after
			// import) gets its current version.
			if recorded, ok := known[key]; ok && !recorded.IsNull() && !recorded.IsUnknown() {
				current[key] = recorded
			} else {
				current[key] = v
			}
		}
	}
	state.Locks = locksFor(kept, state.Locks)
	state.Versions = versionsFor(kept, current)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *organizationLocksResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state organizationLocksModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	planIDs, diags := lockIDsOf(plan.Locks)
	resp.Diagnostics.Append(diags...)
	stateIDs, diags := lockIDsOf(state.Locks)
	resp.Diagnostics.Append(diags...)
	known, diags := versionsOf(ctx, state.Versions)
	resp.Diagnostics.Append(diags...)
	ctx, cancel, diags := withTimeout(ctx, plan.Timeouts.Update, defaultFleetWriteTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	// A new organization moves every lock; otherwise only added locks get
	// a call. Removed locks get none: they keep their organization.
	orgChanged := !plan.OrgID.Equal(state.OrgID)
	toSet, kept := planIDs, []int64(nil)
	if !orgChanged {
		toSet = difference(planIDs, stateIDs)
		kept = difference(planIDs, toSet)
	}
	versions, failed := r.setOrganization(ctx, plan.OrgID.ValueString(), toSet)
	if len(failed) > 0 {
		resp.Diagnostics.Append(perLockFailuresDiag(opSetOrganization, failed, len(toSet), r.client.BaseURL()))
		if orgChanged && len(versions) == 0 {
			// Not one lock moved: the prior state stays true.
			return
		}
	}
	for _, id := range kept {
		key := strconv.FormatInt(id, 10)
		versions[key] = known[key]
	}
	// State records exactly what the API accepted: the locks that stay and
	// the ones that were set, not the ones that failed.
	ids := append(kept, succeeded(toSet, failed)...)
	slices.Sort(ids)
	plan.Locks = locksFor(ids, plan.Locks)
	plan.Versions = versionsFor(ids, versions)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Delete makes no API call: the API cannot unassign a lock.
func (r *organizationLocksResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state organizationLocksModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ids, diags := lockIDsOf(state.Locks)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() || len(ids) == 0 {
		return
	}
	resp.Diagnostics.Append(locksLeftInPlaceDiag(ids, state.OrgID.ValueString(), true))
}

func (r *organizationLocksResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	org, ids, err := parseOrganizationLocksID(req.ID)
	if err != nil {
		resp.Diagnostics.Append(invalidFleetImportIDDiag(err))
		return
	}
	// Read checks every lock and fills in the versions. The import ID has
	// no labels: each lock gets "", and a label in the configuration shows
	// as an update that makes no API call.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("org_id"), org)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, locksPath, locksFor(ids, types.MapNull(types.StringType)))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("versions"), types.MapNull(types.NumberType))...)
}

// setOrganization assigns every lock to org, concurrently, and returns the
// versions the API returned by lock id, and the failures.
func (r *organizationLocksResource) setOrganization(ctx context.Context, org string, ids []int64) (map[string]types.Number, map[int64]error) {
	var mu sync.Mutex
	versions := make(map[string]types.Number, len(ids))
	failed := runPerLock(ctx, ids, r.client.MaxConcurrency(), func(ctx context.Context, id int64) error {
		res, err := r.client.SetOrganization(ctx, id, org)
		if err != nil {
			return err
		}
		v, err := numberValue(res.Version)
		if err != nil {
			return err
		}
		mu.Lock()
		versions[strconv.FormatInt(id, 10)] = v
		mu.Unlock()
		return nil
	})
	return versions, failed
}
