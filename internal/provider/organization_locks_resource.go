package provider

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

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

// locks is a map from lock id (decimal) to a label rather than a set of
// ids: Terraform and the framework compare set elements pairwise (O(N²)),
// which made an apply of 10,000 ids take more than 5 minutes before the
// first API call, while a map is keyed (O(N)). See bench/results.
//
// The versions SetOrganization returns are not kept: one number per lock
// doubled the elements Terraform and the framework handle in every plan,
// and no plan or refresh needs them (data.spkey_lock reads a lock's
// version). Schema version 1 dropped them; see organization_locks_upgrade.go.
type organizationLocksModel struct {
	OrgID    types.String   `tfsdk:"org_id"`
	Locks    types.Map      `tfsdk:"locks"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

func (r *organizationLocksResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = organizationLocksType
	// The identity names the fleet's locks, which change (see
	// organization_locks_identity.go).
	resp.ResourceBehavior.MutableIdentity = true
}

func (r *organizationLocksResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Version: organizationLocksSchemaVersion,
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
	failed := r.setOrganization(ctx, plan.OrgID.ValueString(), ids)
	done := succeeded(ids, failed)
	if len(failed) > 0 {
		after := fleetCreateAfter
		if len(done) == 0 {
			after = fleetCreateNothingAfter
		}
		resp.Diagnostics.Append(perLockFailuresDiag(opSetOrganization, failed, len(ids), r.client.BaseURL(), after))
	}
	if len(done) == 0 {
		// Nothing was accepted, so nothing goes into state.
		return
	}
	resp.Diagnostics.Append(setFleetIdentity(ctx, resp.Identity, plan.OrgID.ValueString(), done)...)
	if len(failed) == 0 {
		// Every lock was accepted: the state is the plan. Passing the
		// plan's value on, rather than building the map again, saves a copy
		// of every lock in the provider's memory.
		resp.State.Raw = req.Plan.Raw
		return
	}
	// On a partial failure Terraform keeps this state but marks the
	// resource tainted, whatever the provider does: a create that returns
	// an error is tainted by Terraform core, and a tainted resource is
	// planned as a replacement with no prior state, so its create cannot
	// tell which locks are done. The error says so, and that terraform
	// untaint turns the next apply into an update of the failed locks only.
	plan.record(done)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *organizationLocksResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state organizationLocksModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ids, diags := lockIDsOf(state.Locks)
	resp.Diagnostics.Append(diags...)
	importing, diags := endImport(ctx, req.Private, resp.Private)
	resp.Diagnostics.Append(diags...)
	ctx, cancel, diags := withTimeout(ctx, state.Timeouts.Read, defaultFleetReadTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	org := state.OrgID.ValueString()
	fleet := r.readFleet(ctx, org, ids)
	if len(fleet.failed) > 0 {
		// Never drop locks from state because the API could not be asked.
		resp.Diagnostics.Append(perLockFailuresDiag(opReadLock, fleet.failed, len(ids), r.client.BaseURL(), fleetReadAfter))
		return
	}
	kept := ids
	if len(fleet.gone) > 0 {
		kept = mergeFleet(ids, fleet.current)
	}
	resp.Diagnostics.Append(setFleetIdentity(ctx, resp.Identity, org, kept)...)
	switch {
	case len(fleet.gone) == 0:
		return // the framework's response already holds the state as it was
	case !importing:
		r.explainGone(ctx, fleet.gone)
		resp.Diagnostics.Append(locksDriftedDiag(org, fleet.gone))
	case len(fleet.current) == 0:
		// An import of locks that are all elsewhere: storing locks = {}
		// would let the next plan quietly move them.
		resp.Diagnostics.Append(fleetImportNoneDiag(org, fleet.gone))
		return
	default:
		resp.Diagnostics.Append(fleetImportSomeDiag(org, fleet.gone))
	}
	state.record(kept)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *organizationLocksResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state organizationLocksModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	planIDs, diags := lockIDsOf(plan.Locks)
	resp.Diagnostics.Append(diags...)
	stateIDs, diags := lockIDsOf(state.Locks)
	resp.Diagnostics.Append(diags...)
	ctx, cancel, diags := withTimeout(ctx, plan.Timeouts.Update, defaultFleetWriteTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	orgChanged := !plan.OrgID.Equal(state.OrgID)
	toSet, kept := fleetChanges(planIDs, stateIDs, orgChanged)
	failed := r.setOrganization(ctx, plan.OrgID.ValueString(), toSet)
	done := succeeded(toSet, failed)
	if len(failed) > 0 {
		resp.Diagnostics.Append(perLockFailuresDiag(opSetOrganization.during("update"), failed, len(toSet), r.client.BaseURL(), fleetUpdateAfter))
		if orgChanged && len(done) == 0 {
			// Not one lock moved: the prior state stays true.
			return
		}
	}
	if len(failed) == 0 {
		resp.Diagnostics.Append(setFleetIdentity(ctx, resp.Identity, plan.OrgID.ValueString(), planIDs)...)
		resp.State.Raw = req.Plan.Raw // as in Create
		return
	}
	// State records exactly what the API accepted: the locks that stay and
	// the ones that were set, not the ones that failed.
	recorded := mergeUpdate(kept, done)
	plan.record(recorded)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(setFleetIdentity(ctx, resp.Identity, plan.OrgID.ValueString(), recorded)...)
}

// Delete makes no API call: the API cannot unassign a lock. The plan
// already warned that the locks keep their organization (ModifyPlan), so
// Delete does not warn again: one warning per resource per command.
func (r *organizationLocksResource) Delete(ctx context.Context, _ resource.DeleteRequest, _ *resource.DeleteResponse) {
	tflog.Info(ctx, "Removing the fleet from state only; SmartphoneKey has no call to unassign a lock")
}

func (r *organizationLocksResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importID, diags := fleetImportID(ctx, req)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	org, ids, err := parseOrganizationLocksID(importID)
	if err != nil {
		resp.Diagnostics.Append(invalidFleetImportIDDiag(err))
		return
	}
	// Read checks every lock. The import ID has no labels: each lock gets
	// "", and a label in the configuration shows as an update that makes no
	// API call.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("org_id"), org)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, locksPath, locksFor(ids, types.MapNull(types.StringType)))...)
	resp.Diagnostics.Append(beginImport(ctx, resp.Private)...)
	resp.Diagnostics.Append(setFleetIdentity(ctx, resp.Identity, org, ids)...)
}

// ModifyPlan warns about locks removed from locks (they keep their
// organization) and locks another resource assigns elsewhere.
func (r *organizationLocksResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var state, plan organizationLocksModel
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if !req.Plan.Raw.IsNull() {
		resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	}
	stateIDs, diags := lockIDsOf(state.Locks)
	resp.Diagnostics.Append(diags...)
	planIDs, diags := lockIDsOf(plan.Locks)
	resp.Diagnostics.Append(diags...)
	switch {
	case resp.Diagnostics.HasError(): // nothing to plan on
	case req.Plan.Raw.IsNull():
		if len(stateIDs) > 0 {
			resp.Diagnostics.Append(locksLeftInPlaceDiag(stateIDs, state.OrgID.ValueString(), true))
		}
	case plan.Locks.IsUnknown() || plan.OrgID.IsUnknown(): // known only after apply
	case req.State.Raw.IsNull():
		resp.Diagnostics.Append(r.claim(plan.OrgID.ValueString(), planIDs)...)
	default:
		resp.Diagnostics.Append(r.claim(plan.OrgID.ValueString(), planIDs)...)
		if removed := difference(stateIDs, planIDs); len(removed) > 0 {
			resp.Diagnostics.Append(locksLeftInPlaceDiag(removed, state.OrgID.ValueString(), false))
		}
	}
}

// claim registers the planned fleet and warns when another resource of
// this plan assigns some of its locks to another organization.
func (r *organizationLocksResource) claim(org string, ids []int64) diag.Diagnostics {
	if r.claims == nil {
		return nil
	}
	// Providers are not told resource addresses; the organization each
	// conflict line shows tells one fleet block from another.
	if conflicts := r.claims.claim("org_id", organizationLocksType, org, ids); len(conflicts) > 0 {
		return diag.Diagnostics{conflictingClaimsDiag(organizationLocksType, org, conflicts)}
	}
	return nil
}

// setOrganization assigns every lock to org, concurrently, and returns the
// failures.
func (r *organizationLocksResource) setOrganization(ctx context.Context, org string, ids []int64) map[int64]error {
	return runPerLock(ctx, r.client, ids, func(ctx context.Context, id int64) error {
		_, err := r.client.SetOrganization(ctx, id, org)
		return err
	})
}

// fleetChanges splits an update: a new organization moves every lock;
// otherwise only added locks get a call. Removed locks get none: they keep
// their organization. kept are the locks that stay without a call.
func fleetChanges(planIDs, stateIDs []int64, orgChanged bool) (toSet, kept []int64) {
	if orgChanged {
		return planIDs, nil
	}
	toSet = difference(planIDs, stateIDs)
	return toSet, difference(planIDs, toSet)
}

// mergeUpdate returns the locks an update leaves in state, in order: the
// kept ones and the ones the API accepted.
func mergeUpdate(kept, set []int64) []int64 {
	ids := append(slices.Clone(kept), set...)
	slices.Sort(ids)
	return ids
}
