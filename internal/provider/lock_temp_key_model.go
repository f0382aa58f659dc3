package provider

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
	"github.com/smartphonekey/terraform-provider-spkey/internal/lockids"
)

// spkey_lock_temp_key's model and how it maps to the API's temporary
// keys, its identity and its import.

type lockTempKeyModel struct {
	ID             types.String      `tfsdk:"id"`
	LockID         types.Number      `tfsdk:"lock_id"`
	TempKeyUUID    types.String      `tfsdk:"temp_key_uuid"`
	TempKeyID      types.String      `tfsdk:"temp_key_id"`
	AccessMode     types.String      `tfsdk:"access_mode"`
	AllowedUserIDs types.Set         `tfsdk:"allowed_user_ids"`
	ValidFrom      timetypes.RFC3339 `tfsdk:"valid_from"`
	ValidUntil     timetypes.RFC3339 `tfsdk:"valid_until"`
	MaxUses        types.Int64       `tfsdk:"max_uses"`
	Description    types.String      `tfsdk:"description"`
	Status         types.String      `tfsdk:"status"`
	UsedCount      types.Int64       `tfsdk:"used_count"`
	CreatedBy      types.String      `tfsdk:"created_by"`
	CreatedAt      types.String      `tfsdk:"created_at"`
	Timeouts       timeouts.Value    `tfsdk:"timeouts"`
}

type tempKeyIdentity struct {
	LockID    types.Int64  `tfsdk:"lock_id"`
	TempKeyID types.String `tfsdk:"temp_key_id"`
}

// descriptionUnreadKey marks, in private state, a key whose description
// the provider does not know (after an import): the configuration's is
// recorded without replacing the key.
const descriptionUnreadKey = "description_unread"

// descriptionReplaces replaces the key when its description changes,
// unless the description was never known.
func descriptionReplaces(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	unread, diags := req.Private.GetKey(ctx, descriptionUnreadKey)
	resp.Diagnostics.Append(diags...)
	resp.RequiresReplace = !req.StateValue.IsNull() || string(unread) != "true"
}

func (m *lockTempKeyModel) lockID() int64 { return validLockID(m.LockID) }

// setIDs fills temp_key_id and id from the UUID.
func (m *lockTempKeyModel) setIDs() {
	m.TempKeyID = types.StringValue(tempKeyID(m.TempKeyUUID.ValueString()))
	m.ID = types.StringValue(tempKeyStateID(m.lockID(), m.TempKeyID.ValueString()))
}

// tempKeyStateID is a temporary key's id: "<lock_id>:<temp_key_id>".
func tempKeyStateID(lockID int64, id string) string {
	return strconv.FormatInt(lockID, 10) + ":" + id
}

func (m *lockTempKeyModel) identity() tempKeyIdentity {
	return tempKeyIdentity{LockID: types.Int64Value(m.lockID()), TempKeyID: m.TempKeyID}
}

// newTempKey is what create-temp-key sends.
func (m *lockTempKeyModel) newTempKey() client.NewTempKey {
	return client.NewTempKey{UUID: m.TempKeyUUID.ValueString(), AccessMode: m.AccessMode.ValueString(),
		AllowedUserIDs: uuidStrings(m.AllowedUserIDs), ValidFrom: m.ValidFrom.ValueString(), ValidUntil: m.ValidUntil.ValueString(),
		MaxUses: m.MaxUses.ValueInt64Pointer(), Description: m.Description.ValueStringPointer()}
}

// changesFrom is what update-temp-key sends to turn old into m: only the
// fields that differ. ok is false when none does (a new description or
// timeouts alone make no call).
func (m *lockTempKeyModel) changesFrom(old *lockTempKeyModel) (ch client.TempKeyChanges, ok bool) {
	if !client.SameInstant(m.ValidFrom.ValueString(), old.ValidFrom.ValueString()) {
		ch.ValidFrom, ok = m.ValidFrom.ValueStringPointer(), true
	}
	if !client.SameInstant(m.ValidUntil.ValueString(), old.ValidUntil.ValueString()) {
		ch.ValidUntil, ok = m.ValidUntil.ValueStringPointer(), true
	}
	if m.AccessMode.ValueString() != old.AccessMode.ValueString() {
		ch.AccessMode, ok = m.AccessMode.ValueStringPointer(), true
	}
	if ids := uuidStrings(m.AllowedUserIDs); !client.SameUUIDSet(ids, uuidStrings(old.AllowedUserIDs)) {
		// An empty list clears them: the API wants [] with public.
		ch.AllowedUserIDs, ok = &ids, true
	}
	if !m.MaxUses.Equal(old.MaxUses) {
		ch.SetMaxUses, ch.MaxUses, ok = true, m.MaxUses.ValueInt64Pointer(), true
	}
	return ch, ok
}

// hasUnknown reports whether a planned value the API holds is not known
// yet (it comes from another resource), so changesFrom cannot tell.
func (m *lockTempKeyModel) hasUnknown() bool {
	return m.ValidFrom.IsUnknown() || m.ValidUntil.IsUnknown() || m.AccessMode.IsUnknown() || m.AllowedUserIDs.IsUnknown() ||
		m.MaxUses.IsUnknown()
}

// find is the state's key in list: by its UUID, or by its temp_key_id
// after an import by identity.
func (m *lockTempKeyModel) find(list []client.TempKey) *client.TempKey {
	if !m.TempKeyUUID.IsNull() && !m.TempKeyUUID.IsUnknown() {
		return client.FindTempKey(list, m.TempKeyUUID.ValueString())
	}
	for i := range list {
		if tempKeyID(list[i].UUID) == m.TempKeyID.ValueString() {
			return &list[i]
		}
	}
	return nil
}

// refresh records what the API holds. Values that mean the same as the
// state's (a time written another way, user ids in another case or
// order) keep the state's text, so that the plan shows no change.
func (m *lockTempKeyModel) refresh(k *client.TempKey) {
	if m.TempKeyUUID.IsNull() || m.TempKeyUUID.IsUnknown() {
		m.TempKeyUUID = types.StringValue(k.UUID)
	}
	m.setIDs()
	m.AccessMode = types.StringValue(k.AccessMode)
	if !client.SameUUIDSet(uuidStrings(m.AllowedUserIDs), k.AllowedUserIDs) {
		m.AllowedUserIDs = uuidSet(k.AllowedUserIDs)
	}
	if !client.SameInstant(m.ValidFrom.ValueString(), k.ValidFrom) {
		m.ValidFrom = timetypes.RFC3339{StringValue: types.StringValue(k.ValidFrom)}
	}
	if !client.SameInstant(m.ValidUntil.ValueString(), k.ValidUntil) {
		m.ValidUntil = timetypes.RFC3339{StringValue: types.StringValue(k.ValidUntil)}
	}
	m.MaxUses = types.Int64PointerValue(k.MaxUses)
	m.setComputed(k)
}

// setComputed records what only the API knows: status, uses, creator.
func (m *lockTempKeyModel) setComputed(k *client.TempKey) {
	m.Status, m.UsedCount = types.StringValue(k.Status), types.Int64Value(k.UsedCount)
	m.CreatedBy, m.CreatedAt = types.StringValue(k.CreatedBy), types.StringValue(k.CreatedAt)
}

// clearComputed leaves what only the API knows empty, for when it could
// not be read: state holds no unknown values.
func (m *lockTempKeyModel) clearComputed() {
	m.Status, m.UsedCount = types.StringNull(), types.Int64Null()
	m.CreatedBy, m.CreatedAt = types.StringNull(), types.StringNull()
}

// copyComputed takes what only the API knows from old, for an update
// that sends nothing (or whose read back fails).
func (m *lockTempKeyModel) copyComputed(old *lockTempKeyModel) {
	m.Status, m.UsedCount, m.CreatedBy, m.CreatedAt = old.Status, old.UsedCount, old.CreatedBy, old.CreatedAt
}

// setImported records what an import knows before Read: the lock, and the
// UUID (from an id) or only the temp_key_id (from an identity).
func (m *lockTempKeyModel) setImported(ctx context.Context, state *tfsdk.State) diag.Diagnostics {
	values := map[string]attr.Value{"id": types.StringValue(tempKeyStateID(m.lockID(), m.TempKeyID.ValueString())),
		"lock_id": m.LockID, "temp_key_id": m.TempKeyID}
	if !m.TempKeyUUID.IsNull() {
		values["temp_key_uuid"] = m.TempKeyUUID
	}
	var diags diag.Diagnostics
	for name, v := range values {
		diags.Append(state.SetAttribute(ctx, path.Root(name), v)...)
	}
	return diags
}

// parseTempKeyImport reads "<lock_id>:<temp_key_uuid>", or an import
// block's identity when the id is empty. Its errors never quote the id:
// it holds the UUID.
func parseTempKeyImport(raw string, id tempKeyIdentity) (*lockTempKeyModel, error) {
	if raw == "" && !id.TempKeyID.IsNull() {
		tempID := id.TempKeyID.ValueString()
		if !looksLikeTempKeyID(tempID) {
			return nil, errors.New("the identity's temp_key_id is not 16 lower-case hex digits")
		}
		if id.LockID.ValueInt64() < 1 {
			return nil, errors.New("the identity's lock_id is not a lock id: it must be at least 1")
		}
		return &lockTempKeyModel{LockID: lockIDValue(id.LockID.ValueInt64()), TempKeyID: types.StringValue(tempID),
			TempKeyUUID: types.StringNull()}, nil
	}
	lockText, uuid, ok := strings.Cut(raw, ":")
	switch {
	case raw == "":
		return nil, errors.New("the import id is empty")
	case !ok:
		return nil, errors.New("the import id has no colon: it is not <lock_id>:<temp_key_uuid>")
	}
	lockID, err := parseLockID(lockText)
	if err != nil {
		// Not quoted either: the parts may be the wrong way round.
		return nil, errors.New("the part before the colon is not a lock id; " + lockIDFormat)
	}
	if !lockids.LooksLikeUUID(uuid) {
		return nil, errors.New("the part after the colon (not shown: it opens the door) is not a UUID")
	}
	m := &lockTempKeyModel{LockID: lockIDValue(lockID), TempKeyUUID: types.StringValue(uuid)}
	m.setIDs()
	return m, nil
}

// uuidStrings is a set of uuidType's values, in no order; nil when null.
func uuidStrings(s types.Set) []string {
	if s.IsNull() || s.IsUnknown() {
		return nil
	}
	out := make([]string, 0, len(s.Elements()))
	for _, e := range s.Elements() {
		if v, ok := e.(uuidValue); ok {
			out = append(out, v.ValueString())
		}
	}
	return out
}

// uuidSet is ids as a set of uuidType; null when there are none, as the
// configuration leaves allowed_user_ids unset for a public key.
func uuidSet(ids []string) types.Set {
	if len(ids) == 0 {
		return types.SetNull(uuidType{})
	}
	elems := make([]attr.Value, len(ids))
	for i, id := range ids {
		elems[i] = uuidValueOf(id)
	}
	return types.SetValueMust(uuidType{}, elems)
}
