package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

var (
	_ resource.ResourceWithConfigure        = (*lockTempKeyResource)(nil)
	_ resource.ResourceWithImportState      = (*lockTempKeyResource)(nil)
	_ resource.ResourceWithIdentity         = (*lockTempKeyResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*lockTempKeyResource)(nil)
	_ resource.ResourceWithConfigValidators = (*lockTempKeyResource)(nil)
)

const lockTempKeyType = "spkey_lock_temp_key"

// The access modes of a temporary key.
const (
	accessPublic        = "public"
	accessUserWhitelist = "user-whitelist"
)

// NewLockTempKeyResource is the spkey_lock_temp_key resource.
func NewLockTempKeyResource() resource.Resource { return &lockTempKeyResource{} }

// lockTempKeyResource is one temporary key of a lock: a web link that
// opens the door for a time. Its UUID is the link, a secret: it is
// Sensitive, and the id and identity use its temp_key_id instead.
type lockTempKeyResource struct {
	data *providerData
}

func (r *lockTempKeyResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = lockTempKeyType
}

func (r *lockTempKeyResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A temporary key of a lock: time-limited web access (`POST /locks/{id}/create-temp-key`). " +
			"Whoever knows its UUID can open the door, so `temp_key_uuid` is sensitive and never shown; `id` and the " +
			"identity use `temp_key_id`, a hash of it. Validity, uses and who may use it change in place " +
			"(`update-temp-key`, only the fields that changed); destroying it deletes it (`delete-temp-key`). A key that " +
			"expires or is used up still exists: its `status` changes and the plan stays empty.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<lock_id>:<temp_key_id>`: never the UUID.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"lock_id": lockIDAttribute(" the key opens"),
			"temp_key_uuid": schema.StringAttribute{
				MarkdownDescription: "The key's UUID (`tempKeyUuid`): the secret in its link. When unset, the provider mints " +
					"a random one (from a cryptographic source) at create and keeps it. Hand it over from a sensitive output " +
					"(`terraform output -raw`), never a log. Changing it replaces the key.",
				Optional:  true,
				Computed:  true,
				Sensitive: true,
				// Not uuidType: the framework logs the values it compares
				// semantically, at TRACE. Read never writes another case
				// of a UUID it holds, so a plain string shows no drift.
				Validators: []validator.String{keyUUIDValidator{secret: true}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(),
					stringplanmodifier.RequiresReplace()},
			},
			"temp_key_id": schema.StringAttribute{
				MarkdownDescription: "What names the key where its UUID must not appear: the first 16 hex digits of the " +
					"SHA-256 of the lower-case UUID (`substr(sha256(lower(uuid)), 0, 16)`). Import by identity with it.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"access_mode": schema.StringAttribute{
				MarkdownDescription: "`public` (anyone with the link) or `user-whitelist` (only the users in `allowed_user_ids`, " +
					"signed in). Changes in place.",
				Required:   true,
				Validators: []validator.String{stringvalidator.OneOf(accessPublic, accessUserWhitelist)},
			},
			"allowed_user_ids": schema.SetAttribute{
				MarkdownDescription: "Ids (UUIDs) of the users who may use the key: required, at least one, with " +
					"`access_mode = \"user-whitelist\"`; not allowed with `public`. Changes in place.",
				Optional:    true,
				ElementType: uuidType{},
				Validators:  []validator.Set{setvalidator.ValueStringsAre(userIDValidator{})},
			},
			"valid_from": schema.StringAttribute{
				MarkdownDescription: "When the key starts to open the door: an RFC 3339 time such as `2030-05-01T09:00:00Z`. " +
					"Changes in place.",
				Required:   true,
				CustomType: timetypes.RFC3339Type{},
			},
			"valid_until": schema.StringAttribute{
				MarkdownDescription: "When the key stops opening the door: an RFC 3339 time after `valid_from`. The key " +
					"then still exists with `status = \"expired\"` until it is destroyed. Changes in place.",
				Required:   true,
				CustomType: timetypes.RFC3339Type{},
			},
			"max_uses": schema.Int64Attribute{
				MarkdownDescription: "How many times the key may open the door, 1 or more; unset for no limit. Changes in place.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "A note the API stores with the key. The API never returns it, so a refresh cannot see " +
					"it change; changing it replaces the key (a new link, unless `temp_key_uuid` is set). After an import, " +
					"setting it records it in state without replacing the key.",
				Optional: true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplaceIf(descriptionReplaces,
					"Changing it replaces the key, except to record it after an import.",
					"Changing it replaces the key, except to record it after an import.")},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "`valid`, `not-yet-valid`, `expired` or `used-up`, as the API computes it at the last refresh.",
				Computed:            true,
			},
			"used_count": schema.Int64Attribute{
				MarkdownDescription: "How many times the key has opened the door, at the last refresh.",
				Computed:            true,
			},
			"created_by": schema.StringAttribute{
				MarkdownDescription: "Id of the user the API recorded as the key's creator.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the key was created, as the API wrote it.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{
				Create: true, Read: true, Update: true, Delete: true,
				CreateDescription: "How long the create (one `create-temp-key` and a read of the lock's temporary keys, " +
					"retries and read-backs included) may take, " + timeoutDefaultText(defaultCreateTimeout),
				ReadDescription: "How long a refresh or import (one `temp-keys` read, shared by every temporary key of the lock) " +
					"may take, " + timeoutDefaultText(defaultReadTimeout),
				UpdateDescription: "How long an update (one `update-temp-key` and a read back) may take, " +
					timeoutDefaultText(defaultUpdateTimeout),
				DeleteDescription: "How long the delete (one `delete-temp-key`, retries and read-backs included) may take, " +
					timeoutDefaultText(defaultDeleteTimeout),
			}),
		},
	}
}

func (r *lockTempKeyResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"lock_id": identityschema.Int64Attribute{RequiredForImport: true, Description: "Numeric id of the lock, such as 123."},
			"temp_key_id": identityschema.StringAttribute{RequiredForImport: true,
				Description: "The key's temp_key_id: the first 16 hex digits of the SHA-256 of its lower-case UUID."},
		},
	}
}

func (r *lockTempKeyResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{accessModeUsersValidator{}, validityWindowValidator{}}
}

func (r *lockTempKeyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := providerDataFrom(req.ProviderData, "resource "+lockTempKeyType)
	resp.Diagnostics.Append(diags...)
	r.data = data
}

func (r *lockTempKeyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan lockTempKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ctx, cancel, diags := withTimeout(ctx, plan.Timeouts.Create, defaultCreateTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.TempKeyUUID.IsUnknown() || plan.TempKeyUUID.IsNull() {
		plan.TempKeyUUID = types.StringValue(newKeyUUID())
	}
	plan.setIDs()
	lockID, id := plan.lockID(), plan.TempKeyID.ValueString()
	ch, err := r.data.client.CreateTempKey(ctx, lockID, plan.newTempKey())
	switch {
	case adoptedSame(err):
		resp.Diagnostics.Append(tempKeyAdoptedDiag(lockID, id))
	case errors.Is(err, client.ErrAlreadyExists):
		resp.Diagnostics.Append(tempKeyExistsDiag(lockID, id, lockTempKeyType+".<name>"))
		return
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiag(opCreateTempKey, lockSubject(lockID), r.data.client.BaseURL(), err))
		return
	}
	// Status and creator exist only in the API's list: read it after the
	// create, sharing the read with the other keys of the lock created in
	// this apply (an adopted key's ch is nil: an ordinary read).
	plan.clearComputed()
	list, err := r.data.client.TempKeysAfter(ctx, lockID, ch)
	if k := client.FindTempKey(list, plan.TempKeyUUID.ValueString()); k != nil {
		plan.setComputed(k)
	} else {
		resp.Diagnostics.Append(tempKeyNotReadDiag(lockID, id, err))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.identity())...)
}

func (r *lockTempKeyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state lockTempKeyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, diags := withTimeout(ctx, state.Timeouts.Read, defaultReadTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The framework wants the identity even when the key leaves state.
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.identity())...)
	lockID := state.lockID()
	list, err := r.data.client.TempKeys(ctx, lockID)
	var key *client.TempKey
	if err == nil {
		key = state.find(list)
	}
	switch {
	case errors.Is(err, client.ErrNotFound), err == nil && key == nil:
		resp.Diagnostics.Append(tempKeyGoneDiag(lockID, state.TempKeyID.ValueString(), err != nil))
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiag(opReadTempKeys, lockSubject(lockID), r.data.client.BaseURL(), err))
		return
	}
	state.refresh(key)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *lockTempKeyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state lockTempKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, diags := withTimeout(ctx, plan.Timeouts.Update, defaultUpdateTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	lockID, id := state.lockID(), state.TempKeyID.ValueString()
	plan.copyComputed(&state)
	if changes, ok := plan.changesFrom(&state); ok {
		ch, err := r.data.client.UpdateTempKey(ctx, lockID, state.TempKeyUUID.ValueString(), changes)
		switch {
		case errors.Is(err, client.ErrNotFound):
			resp.Diagnostics.Append(tempKeyUpdateGoneDiag(lockID, id))
			return
		case err != nil:
			resp.Diagnostics.Append(apiErrorDiag(aboutKey(opUpdateTempKey, tempKeyName(id)), lockSubject(lockID), r.data.client.BaseURL(), err))
			return
		}
		// A new validity or limit changes the status: read it after the
		// update.
		list, err := r.data.client.TempKeysAfter(ctx, lockID, ch)
		if k := client.FindTempKey(list, state.TempKeyUUID.ValueString()); k != nil {
			plan.setComputed(k)
		} else {
			resp.Diagnostics.Append(tempKeyNotReadDiag(lockID, id, err))
		}
	}
	// Whatever description the plan holds is now the one on record.
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, descriptionUnreadKey, nil)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.identity())...)
}

func (r *lockTempKeyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state lockTempKeyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, diags := withTimeout(ctx, state.Timeouts.Delete, defaultDeleteTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	lockID, id := state.lockID(), state.TempKeyID.ValueString()
	_, err := r.data.client.DeleteTempKey(ctx, lockID, state.TempKeyUUID.ValueString())
	if !removed(err) {
		// On error the framework keeps the key in state.
		resp.Diagnostics.Append(apiErrorDiag(aboutKey(opDeleteTempKey, tempKeyName(id)), lockSubject(lockID), r.data.client.BaseURL(), err))
		return
	}
	logAlreadyGone(ctx, "the temporary key", err)
}

// ModifyPlan warns when the configuration keeps a key that no longer
// opens the door: expired or used up, as the refresh just read it, with
// the valid_until and max_uses that made it so. A plan that changes
// nothing about the key is made once per run, so the warning shows once.
func (r *lockTempKeyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || req.State.Raw.IsNull() {
		return
	}
	var plan, state lockTempKeyModel
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if _, sends := plan.changesFrom(&state); !sends && !plan.hasUnknown() && len(resp.RequiresReplace) == 0 {
		// An update that sends nothing (a description recorded after an
		// import, new timeouts) leaves what the API computes as it is.
		plan.copyComputed(&state)
		resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
	}
	status := state.Status.ValueString()
	switch {
	case status == tempKeyExpired && !plan.ValidUntil.IsUnknown() && client.SameInstant(plan.ValidUntil.ValueString(), state.ValidUntil.ValueString()),
		status == tempKeyUsedUp && plan.MaxUses.Equal(state.MaxUses):
		resp.Diagnostics.Append(tempKeyInactiveDiag(state.lockID(), state.TempKeyID.ValueString(), status,
			state.ValidUntil.ValueString(), state.UsedCount.ValueInt64(), state.MaxUses.ValueInt64()))
	}
}

func (r *lockTempKeyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var id tempKeyIdentity
	resp.Diagnostics.Append(importPart(ctx, req, "lock_id", &id.LockID)...)
	resp.Diagnostics.Append(importPart(ctx, req, "temp_key_id", &id.TempKeyID)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m, err := parseTempKeyImport(req.ID, id)
	if err != nil {
		resp.Diagnostics.Append(invalidTempKeyImportIDDiag(err.Error()))
		return
	}
	// Read finds the key (by its UUID, or by its temp_key_id after an
	// import by identity) and fills in the rest.
	resp.Diagnostics.Append(m.setImported(ctx, &resp.State)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, m.identity())...)
	// The API never returns the description: the configuration's is
	// recorded, not compared.
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, descriptionUnreadKey, []byte("true"))...)
}
