package provider

// A per-lock assignment resource keeps one fact about one lock in place: it
// sets the fact with one API call and reads it back from basic-info.
// spkey_lock_organization is one (org_id, SetOrganization). Another fact of
// a lock, such as its owner (user_id, SetOwner), is another lockAssignment
// value and a model that embeds lockAssignmentModel; the life cycle, the
// not-found rule, the version plan modifier and the warnings are shared.

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

// lockAssignment describes what one per-lock resource assigns and how.
type lockAssignment struct {
	typeName string // the resource type, such as "spkey_lock_organization"
	attr     string // the assigned attribute, such as "org_id"
	call     string // the API operation that assigns it, such as "SetOrganization"
	op       operation
	noun     string // what it assigns, in words: "organization"
	event    string // the event type that records a change: "OrganizationSet"

	description string                 // the resource's MarkdownDescription
	attribute   schema.StringAttribute // the assigned attribute's schema
	// updateWhat completes "How long ... (one <call> call, retries
	// included) may take" for the update timeout.
	updateWhat string

	// assign makes the API call and returns the aggregate's id and its
	// version after the call.
	assign func(ctx context.Context, c *client.Client, lockID int64, value string) (aggregateID string, version json.Number, err error)
	// current is the assigned value as basic-info reports it; nil when the
	// lock has none.
	current func(*client.LockInfo) *string
	// leftInPlace warns that destroying the resource, or replacing it by
	// another lock_id, leaves the value on the old lock.
	leftInPlace func(lockID int64, value string) diag.Diagnostic
	// caseless is set when the value's case does not matter (a user id):
	// "6F1C..." configured is "6f1c..." read back, neither drift nor a
	// conflict.
	caseless bool
	// conflicts warns that another resource assigns other values to the
	// same locks during this plan.
	conflicts func(by, value string, conflicts []conflict) diag.Diagnostic
}

// lockAssignmentResource is a per-lock assignment resource with model M
// (and P = *M).
type lockAssignmentResource[M any, P assignmentModel[M]] struct {
	spec   lockAssignment
	client *client.Client
	claims *claims
}

var (
	_ resource.ResourceWithConfigure   = (*lockAssignmentResource[lockOrganizationModel, *lockOrganizationModel])(nil)
	_ resource.ResourceWithImportState = (*lockAssignmentResource[lockOrganizationModel, *lockOrganizationModel])(nil)
	_ resource.ResourceWithModifyPlan  = (*lockAssignmentResource[lockOrganizationModel, *lockOrganizationModel])(nil)
	_ resource.ResourceWithIdentity    = (*lockAssignmentResource[lockOrganizationModel, *lockOrganizationModel])(nil)
)

// lockAssignmentModel holds the attributes every per-lock assignment
// resource has; each resource's model embeds it and adds the assigned one.
type lockAssignmentModel struct {
	ID          types.String   `tfsdk:"id"`
	LockID      types.Number   `tfsdk:"lock_id"`
	AggregateID types.String   `tfsdk:"aggregate_id"`
	Version     types.Number   `tfsdk:"version"`
	Timeouts    timeouts.Value `tfsdk:"timeouts"`
}

// shared is the model's shared attributes; a resource's model embeds
// lockAssignmentModel, which promotes it.
func (m *lockAssignmentModel) shared() *lockAssignmentModel { return m }

// assignmentModel is the pointer to a resource's model M: the shared
// attributes and the assigned one.
type assignmentModel[M any] interface {
	*M
	shared() *lockAssignmentModel
	assigned() *types.String
}

func (r *lockAssignmentResource[M, P]) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = r.spec.typeName
}

func (r *lockAssignmentResource[M, P]) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	call := "`" + r.spec.call + "`"
	resp.Schema = schema.Schema{
		MarkdownDescription: r.spec.description,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The lock id in decimal, for example `\"123\"`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"lock_id":   lockIDAttribute(""),
			r.spec.attr: r.spec.attribute,
			"aggregate_id": schema.StringAttribute{
				MarkdownDescription: "Id of the lock's event-sourced aggregate, as the API returned it (for locks, the lock id as a string).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"version": schema.NumberAttribute{
				MarkdownDescription: "Aggregate version that the last " + call + " made by this resource returned. A refresh does not change it " +
					"(other events on the lock raise the aggregate's version; they are not this resource's business). After import it is the " +
					"lock's version at the time of import.",
				Computed:      true,
				PlanModifiers: []planmodifier.Number{versionUnlessChanged{attr: r.spec.attr}},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{
				Create: true,
				Update: true,
				Read:   true,
				CreateDescription: "How long creating the resource (one " + call + " call, retries included) may take, " +
					timeoutDefaultText(defaultCreateTimeout),
				UpdateDescription: "How long " + r.spec.updateWhat + " (one " + call + " call, retries included) may take, " +
					timeoutDefaultText(defaultUpdateTimeout),
				ReadDescription: "How long a refresh or import (one `basic-info` call, and one `events` call when the lock drifted, retries included) may take, " +
					timeoutDefaultText(defaultReadTimeout),
			}),
		},
	}
}

func (r *lockAssignmentResource[M, P]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := providerDataFrom(req.ProviderData, "resource "+r.spec.typeName)
	resp.Diagnostics.Append(diags...)
	if data != nil {
		r.client, r.claims = data.client, data.claims
	}
}

func (r *lockAssignmentResource[M, P]) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, diags := withTimeout(ctx, P(&plan).shared().Timeouts.Create, defaultCreateTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(r.assign(ctx, &plan, r.spec.op)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(setLockIdentity(ctx, resp.Identity, P(&plan).shared().lockID())...)
}

func (r *lockAssignmentResource[M, P]) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state M
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, diags := withTimeout(ctx, P(&state).shared().Timeouts.Read, defaultReadTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// State written before identity existed gets it here. The framework
	// wants it even when the lock is gone and leaves the state.
	resp.Diagnostics.Append(setLockIdentity(ctx, resp.Identity, P(&state).shared().lockID())...)
	gone, diags := r.refresh(ctx, &state)
	resp.Diagnostics.Append(diags...)
	switch {
	case gone:
		resp.State.RemoveResource(ctx)
	case !resp.Diagnostics.HasError():
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	}
}

func (r *lockAssignmentResource[M, P]) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, diags := withTimeout(ctx, P(&plan).shared().Timeouts.Update, defaultUpdateTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Only the assigned attribute (and timeouts) can change in place; when
	// it is the same, the plan kept the recorded version and there is
	// nothing to send. On failure the framework keeps the prior state: the
	// old value and version stay recorded, because the server did not
	// accept the new one.
	if P(&plan).shared().Version.IsUnknown() {
		resp.Diagnostics.Append(r.assign(ctx, &plan, r.spec.op.during("update"))...)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(setLockIdentity(ctx, resp.Identity, P(&plan).shared().lockID())...)
}

// Delete makes no API call: the API has no way to undo an assignment, and
// the admin call that deletes a whole lock aggregate must never be used
// for this. The lock keeps the assigned value. The plan already warned
// about that (ModifyPlan), so Delete does not warn again: one warning per
// resource per command. Delete is also the first half of a replacement
// that assigns the same lock again (replace_triggered_by), where a
// "left in place" warning would be wrong.
func (r *lockAssignmentResource[M, P]) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state M
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Info(ctx, "Removing the lock from state only; SmartphoneKey has no call to unassign a lock", map[string]any{
		"lock_id": P(&state).shared().lockID(),
	})
}

func (r *lockAssignmentResource[M, P]) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	lockID, diags := importedLockID(ctx, r.spec.typeName, req)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(setLockIdentity(ctx, resp.Identity, lockID)...)
	// Read fills in the assigned value, aggregate_id and version from
	// basic-info.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, lockIDPath, lockIDValue(lockID))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), strconv.FormatInt(lockID, 10))...)
}

// ModifyPlan warns at plan time that a destroy, or a replacement by a new
// lock_id, leaves the old lock's value in place, so nobody learns it only
// after apply, and that another resource assigns the same lock another
// value.
func (r *lockAssignmentResource[M, P]) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var state, plan M
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if !req.Plan.Raw.IsNull() {
		resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	}
	if resp.Diagnostics.HasError() || req.State.Raw.IsNull() && req.Plan.Raw.IsNull() {
		return
	}
	old, planned := P(&state), P(&plan)
	// A lock whose value went away outside Terraform keeps nothing.
	keeps := !req.State.Raw.IsNull() && !old.assigned().IsNull() && old.assigned().ValueString() != ""
	switch {
	case req.Plan.Raw.IsNull():
		if keeps {
			resp.Diagnostics.Append(r.spec.leftInPlace(old.shared().lockID(), old.assigned().ValueString()))
		}
		return
	case keeps && !planned.shared().LockID.IsUnknown() && !planned.shared().LockID.Equal(old.shared().LockID):
		// A new lock_id replaces the resource: the old lock stays as it is.
		resp.Diagnostics.Append(r.spec.leftInPlace(old.shared().lockID(), old.assigned().ValueString()))
	}
	resp.Diagnostics.Append(r.claim(planned)...)
}

// claim registers the planned assignment and warns when another resource
// of this plan assigns the lock another value.
func (r *lockAssignmentResource[M, P]) claim(plan P) diag.Diagnostics {
	if r.claims == nil || plan.assigned().IsUnknown() || plan.shared().LockID.IsUnknown() {
		return nil
	}
	lockID, value := plan.shared().lockID(), plan.assigned().ValueString()
	if r.spec.caseless {
		value = strings.ToLower(value)
	}
	// Each conflict line names the lock and the values: the resource type
	// is all that is left to say of who wants which.
	by := r.spec.typeName
	if conflicts := r.claims.claim(r.spec.attr, by, value, []int64{lockID}); len(conflicts) > 0 {
		return diag.Diagnostics{r.spec.conflicts(by, value, conflicts)}
	}
	return nil
}

// assign makes the assigning API call (op: as a create or an update) and
// records its answer in m.
func (r *lockAssignmentResource[M, P]) assign(ctx context.Context, m P, op operation) diag.Diagnostics {
	lockID := m.shared().lockID()
	aggregateID, version, err := r.spec.assign(ctx, r.client, lockID, m.assigned().ValueString())
	if err != nil {
		return diag.Diagnostics{apiErrorDiag(op, lockSubject(lockID), r.client.BaseURL(), err)}
	}
	return m.shared().recordAssignment(op, lockID, aggregateID, version)
}

// refresh reads the lock back into m. Only the API's not-found means the
// lock is gone: then gone is true, with a warning, and the caller removes
// the resource from state. Any other failure is an error and state stays
// as it was.
func (r *lockAssignmentResource[M, P]) refresh(ctx context.Context, m P) (gone bool, diags diag.Diagnostics) {
	lockID := m.shared().lockID()
	info, err := r.client.LockBasicInfo(ctx, lockID)
	if errors.Is(err, client.ErrNotFound) {
		return true, diag.Diagnostics{lockGoneDiag(lockID)}
	}
	if err != nil {
		return false, diag.Diagnostics{apiErrorDiag(opReadLock, lockSubject(lockID), r.client.BaseURL(), err)}
	}
	// The assigned value follows the server (that is the drift
	// detection), unless it is the recorded one written another way.
	was, now := *m.assigned(), r.spec.current(info)
	diags = m.shared().recordLockInfo(lockID, info)
	switch {
	case was.IsNull() || was.IsUnknown():
		// Nothing is recorded yet after import.
		*m.assigned() = types.StringPointerValue(now)
	case now == nil || !r.spec.same(was.ValueString(), *now):
		*m.assigned() = types.StringPointerValue(now)
		diags.Append(r.driftDiag(ctx, lockID, was.ValueString(), now))
	}
	return false, diags
}

// same reports whether two values of the assigned attribute are one:
// user ids are UUIDs, whose case does not matter.
func (s *lockAssignment) same(a, b string) bool {
	if s.caseless {
		return sameUUID(a, b)
	}
	return a == b
}

// driftDiag warns that the lock's value changed outside Terraform and,
// from the lock's most recent event of the change's type (one request),
// says when. A failed lookup leaves the time out and never fails the
// refresh. A lock that lost its value has no such event to look up.
func (r *lockAssignmentResource[M, P]) driftDiag(ctx context.Context, lockID int64, was string, now *string) diag.Diagnostic {
	when := ""
	var shown *string
	if now != nil {
		ev, err := lastChange(ctx, r.client, lockID, r.spec.event)
		if err != nil {
			tflog.Warn(ctx, "Could not read the lock's event history to say when it drifted", map[string]any{"lock_id": lockID, "error": err.Error()})
		}
		when = changedWhen(ev, err)
		redacted := r.client.Redact(*now)
		shown = &redacted
	}
	return assignmentDriftDiag(r.spec.noun, r.spec.attr, lockID, r.client.Redact(was), shown, when)
}

// recordAssignment records what the assigning call answered.
func (m *lockAssignmentModel) recordAssignment(op operation, lockID int64, aggregateID string, version json.Number) diag.Diagnostics {
	v, err := numberValue(version)
	if err != nil {
		return diag.Diagnostics{unusableResponseDiag(op, lockSubject(lockID), err)}
	}
	m.ID = types.StringValue(strconv.FormatInt(lockID, 10))
	m.AggregateID = types.StringValue(aggregateID)
	m.Version = v
	return nil
}

// recordLockInfo records what basic-info says about the lock:
// aggregate_id and version only when unset, which is after import.
func (m *lockAssignmentModel) recordLockInfo(lockID int64, info *client.LockInfo) diag.Diagnostics {
	m.ID = types.StringValue(strconv.FormatInt(lockID, 10))
	if m.AggregateID.IsNull() || m.AggregateID.IsUnknown() {
		m.AggregateID = types.StringValue(info.ID)
	}
	if m.Version.IsNull() || m.Version.IsUnknown() {
		v, err := numberValue(info.Version)
		if err != nil {
			return diag.Diagnostics{unusableResponseDiag(opReadLock, lockSubject(lockID), err)}
		}
		m.Version = v
	}
	return nil
}

// lockID returns the model's lock id (see validLockID).
func (m *lockAssignmentModel) lockID() int64 { return validLockID(m.LockID) }

// commandAssign makes a lock command of the client (SetOrganization,
// SetOwner) an assign function.
func commandAssign[E any](cmd func(*client.Client, context.Context, int64, string) (*client.CommandResult[E], error)) func(context.Context, *client.Client, int64, string) (string, json.Number, error) {
	return func(ctx context.Context, c *client.Client, lockID int64, value string) (string, json.Number, error) {
		res, err := cmd(c, ctx, lockID, value)
		if err != nil {
			return "", "", err
		}
		return res.AggregateID, res.Version, nil
	}
}
