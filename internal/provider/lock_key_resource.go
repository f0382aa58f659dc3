package provider

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
	"github.com/smartphonekey/terraform-provider-spkey/internal/lockids"
)

var (
	_ resource.ResourceWithConfigure   = (*lockKeyResource)(nil)
	_ resource.ResourceWithImportState = (*lockKeyResource)(nil)
	_ resource.ResourceWithIdentity    = (*lockKeyResource)(nil)
)

const lockKeyType = "spkey_lock_key"

// NewLockKeyResource is the spkey_lock_key resource.
func NewLockKeyResource() resource.Resource { return &lockKeyResource{} }

// lockKeyResource is one key of a lock: the credential its device
// accepts. AddKey and RemoveKey go to the device, so both fail, recording
// nothing, while the lock is offline.
type lockKeyResource struct {
	data *providerData
}

type lockKeyModel struct {
	ID             types.String   `tfsdk:"id"`
	LockID         types.Number   `tfsdk:"lock_id"`
	KeyUUID        uuidValue      `tfsdk:"key_uuid"`
	KeyIndexNumber types.Int64    `tfsdk:"key_index_number"`
	UserID         uuidValue      `tfsdk:"user_id"`
	Timeouts       timeouts.Value `tfsdk:"timeouts"`
}

type lockKeyIdentity struct {
	LockID  types.Int64  `tfsdk:"lock_id"`
	KeyUUID types.String `tfsdk:"key_uuid"`
}

func (r *lockKeyResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = lockKeyType
}

func (r *lockKeyResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A key of a lock: the credential its device accepts (`POST /locks/{id}/AddKey`). The API sends " +
			"the key to the lock's device, so while the device cannot be reached the create fails and nothing is recorded; " +
			"the same goes for destroying it (`RemoveKey`), and the key then stays in state. The API cannot change a key: " +
			"changing any attribute replaces it. A refresh reads the lock's details once for all its keys.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<lock_id>:<key_uuid>`, the UUID in lower case.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"lock_id": lockIDAttribute(" the key opens"),
			"key_uuid": schema.StringAttribute{
				MarkdownDescription: "The key's UUID (`keyUuid`), for example the id of a wallet key. When unset, the provider " +
					"mints a random one at create and keeps it. Changing it replaces the key.",
				Optional:   true,
				Computed:   true,
				CustomType: uuidType{},
				Validators: []validator.String{keyUUIDValidator{}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(),
					stringplanmodifier.RequiresReplace()},
			},
			"key_index_number": schema.Int64Attribute{
				MarkdownDescription: "The device's key slot (`keyIndexNumber`), 0 or more. Changing it replaces the key.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(0)},
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"user_id": schema.StringAttribute{
				MarkdownDescription: "Id (a UUID) of the user who holds the key (`userId`); look one up by email with " +
					"`data.spkey_user`. Changing it replaces the key.",
				Optional:      true,
				CustomType:    uuidType{},
				Validators:    []validator.String{userIDValidator{}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{
				Create: true, Read: true, Delete: true,
				CreateDescription: "How long adding the key (one `AddKey`, retries while the device is unreachable and " +
					"read-backs included) may take, " + timeoutDefaultText(defaultCreateTimeout),
				ReadDescription: "How long a refresh or import (one lock `details` read, shared by every key of the lock) may take, " +
					timeoutDefaultText(defaultReadTimeout),
				DeleteDescription: "How long removing the key (one `RemoveKey`, retries and read-backs included) may take, " +
					timeoutDefaultText(defaultDeleteTimeout),
			}),
		},
	}
}

func (r *lockKeyResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"lock_id":  identityschema.Int64Attribute{RequiredForImport: true, Description: "Numeric id of the lock, such as 123."},
			"key_uuid": identityschema.StringAttribute{RequiredForImport: true, Description: "The key's UUID, in lower case."},
		},
	}
}

func (r *lockKeyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := providerDataFrom(req.ProviderData, "resource "+lockKeyType)
	resp.Diagnostics.Append(diags...)
	r.data = data
}

func (r *lockKeyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan lockKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ctx, cancel, diags := withTimeout(ctx, plan.Timeouts.Create, defaultCreateTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.KeyUUID.IsUnknown() || plan.KeyUUID.IsNull() {
		plan.KeyUUID = uuidValueOf(newKeyUUID())
	}
	lockID, keyUUID := plan.lockID(), plan.KeyUUID.ValueString()
	_, err := r.data.client.AddKey(ctx, lockID, plan.key())
	switch {
	case errors.Is(err, client.ErrAlreadyExists):
		// The read-back that found it left the details fresh in the shared
		// reads: this costs no request.
		details, _ := r.data.client.LockDetails(ctx, lockID)
		var existing *client.Key
		if details != nil {
			existing = client.FindKey(details.Keys, keyUUID)
		}
		resp.Diagnostics.Append(keyExistsDiag(lockID, keyUUID, existing, lockKeyType+".<name>"))
		return
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiag(aboutKey(opAddKey, keyUUID), lockSubject(lockID), r.data.client.BaseURL(), err))
		return
	}
	plan.ID = types.StringValue(keyID(lockID, keyUUID))
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.identity())...)
}

func (r *lockKeyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state lockKeyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, diags := withTimeout(ctx, state.Timeouts.Read, defaultReadTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The framework wants the identity even when the key leaves state.
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.identity())...)
	lockID, keyUUID := state.lockID(), state.KeyUUID.ValueString()
	// Shared: a thousand keys of one lock cost one details read.
	details, err := r.data.client.LockDetails(ctx, lockID)
	var key *client.Key
	if err == nil {
		key = client.FindKey(details.Keys, keyUUID)
	}
	switch {
	case errors.Is(err, client.ErrNotFound), err == nil && key == nil:
		resp.Diagnostics.Append(keyGoneDiag(lockID, keyUUID, err != nil))
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiag(opReadKeys, lockSubject(lockID), r.data.client.BaseURL(), err))
		return
	}
	// A slot or holder changed behind Terraform's back shows in the plan.
	state.KeyIndexNumber = types.Int64PointerValue(key.IndexNumber)
	if key.UserID == nil || !sameUUID(*key.UserID, state.UserID.ValueString()) {
		state.UserID = uuidPointerValue(key.UserID)
	}
	state.ID = types.StringValue(keyID(lockID, keyUUID))
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// Update makes no API call: every attribute the API holds replaces the
// key; only timeouts can change in place.
func (r *lockKeyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan lockKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.identity())...)
}

func (r *lockKeyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state lockKeyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, diags := withTimeout(ctx, state.Timeouts.Delete, defaultDeleteTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	lockID, keyUUID := state.lockID(), state.KeyUUID.ValueString()
	_, err := r.data.client.RemoveKey(ctx, lockID, keyUUID)
	if !removed(err) {
		// On error the framework keeps the key in state.
		resp.Diagnostics.Append(apiErrorDiag(aboutKey(opRemoveKey, keyUUID), lockSubject(lockID), r.data.client.BaseURL(), err))
		return
	}
	logAlreadyGone(ctx, "the key", err)
}

func (r *lockKeyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var id lockKeyIdentity
	resp.Diagnostics.Append(importPart(ctx, req, "lock_id", &id.LockID)...)
	resp.Diagnostics.Append(importPart(ctx, req, "key_uuid", &id.KeyUUID)...)
	if resp.Diagnostics.HasError() {
		return
	}
	lockID, keyUUID, err := parseKeyID(req.ID, id)
	if err != nil {
		resp.Diagnostics.Append(invalidEntryImportIDDiag(lockKeyType, "<lock_id>:<key_uuid>", "123:6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60", err))
		return
	}
	// Read fills in the slot and the holder from the lock's details.
	m := lockKeyModel{LockID: lockIDValue(lockID), KeyUUID: uuidValueOf(keyUUID)}
	for name, v := range map[string]any{"id": keyID(lockID, keyUUID), "lock_id": m.LockID, "key_uuid": m.KeyUUID} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), v)...)
	}
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, m.identity())...)
}

func (m *lockKeyModel) lockID() int64 { return validLockID(m.LockID) }

// key is what AddKey sends.
func (m *lockKeyModel) key() client.Key {
	k := client.Key{UUID: m.KeyUUID.ValueString(), IndexNumber: m.KeyIndexNumber.ValueInt64Pointer()}
	if !m.UserID.IsNull() {
		u := m.UserID.ValueString()
		k.UserID = &u
	}
	return k
}

func (m *lockKeyModel) identity() lockKeyIdentity {
	return lockKeyIdentity{LockID: types.Int64Value(m.lockID()), KeyUUID: types.StringValue(strings.ToLower(m.KeyUUID.ValueString()))}
}

// keyID is a key's id: "<lock_id>:<key_uuid>", the UUID in lower case.
func keyID(lockID int64, keyUUID string) string {
	return strconv.FormatInt(lockID, 10) + ":" + strings.ToLower(keyUUID)
}

// parseKeyID reads "<lock_id>:<key_uuid>", or an import block's identity
// when the id is empty.
func parseKeyID(raw string, id lockKeyIdentity) (int64, string, error) {
	lockText, keyUUID := strconv.FormatInt(id.LockID.ValueInt64(), 10), id.KeyUUID.ValueString()
	if raw != "" || id.KeyUUID.IsNull() {
		var err error
		if lockText, keyUUID, err = splitImportID(raw, "<lock_id>:<key_uuid>"); err != nil {
			return 0, "", err
		}
	}
	lockID, err := parseLockID(lockText)
	if err != nil {
		return 0, "", err
	}
	if !lockids.LooksLikeUUID(keyUUID) {
		return 0, "", fmt.Errorf("%q is not a key UUID: the key's UUID comes after the lock id", keyUUID)
	}
	return lockID, strings.ToLower(keyUUID), nil
}
