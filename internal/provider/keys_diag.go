package provider

// Messages of the key resources: a lock's keys (spkey_lock_key) and its
// temporary keys (spkey_lock_temp_key). A temporary key's UUID opens the
// door, so no message here takes one: they name the key by its
// temp_key_id.

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

// The operations of the key resources; {key} is filled in by aboutKey.
var (
	opAddKey = operation{summary: "Unable to Add Lock Key", what: "add key {key} to lock {lock}", attr: "key_uuid",
		effect: opAdds, noun: "key"}
	opRemoveKey = operation{summary: "Unable to Remove Lock Key", what: "remove key {key} from lock {lock}",
		effect: opRemoves, noun: "key"}
	opReadKeys = operation{summary: "Unable to Read Lock Keys", what: "read the keys of lock {lock} (its details)"}

	opCreateTempKey = operation{summary: "Unable to Create Temporary Key", what: "create a temporary key on lock {lock}",
		effect: opAdds, noun: "temporary key"}
	opUpdateTempKey = operation{summary: "Unable to Update Temporary Key", what: "update temporary key {key} of lock {lock}",
		effect: opSets, timeout: "update"}
	opDeleteTempKey = operation{summary: "Unable to Delete Temporary Key", what: "delete temporary key {key} of lock {lock}",
		effect: opRemoves, noun: "temporary key"}
	opReadTempKeys = operation{summary: "Unable to Read Temporary Keys", what: "read the temporary keys of lock {lock}"}
)

// aboutKey is op about one key: its key_uuid, or a temporary key's
// temp_key_id (never its UUID).
func aboutKey(op operation, key string) operation {
	op.what = strings.ReplaceAll(op.what, "{key}", key)
	return op
}

// tempKeyName names a temporary key in messages without its UUID.
func tempKeyName(id string) string { return "(temp_key_id " + id + ")" }

// invalidKeyUUIDDiag fails a key UUID that is not one. A secret one is
// neither quoted nor tied to its attribute: Terraform would show the
// configuration's line, value and all.
func invalidKeyUUIDDiag(p path.Path, value string, secret bool) diag.Diagnostic {
	const summary = "Invalid Key UUID"
	detail := "%s: %s is not a UUID. A key's UUID looks like \"6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60\"; " +
		"leave %s out and the provider mints a random one."
	if secret {
		return diag.NewErrorDiagnostic(summary, fmt.Sprintf(detail, p, "the value (not shown: it opens the door)", p))
	}
	return diag.NewAttributeErrorDiagnostic(p, summary, fmt.Sprintf(detail, p, fmt.Sprintf("%q", value), p))
}

// keyGoneDiag warns that a refresh found the key gone: removed outside
// Terraform, or its lock deleted.
func keyGoneDiag(lockID int64, keyUUID string, lockGone bool) diag.Diagnostic {
	why := fmt.Sprintf("key %s is no longer among the keys of lock %d", keyUUID, lockID)
	if lockGone {
		why = fmt.Sprintf("the SmartphoneKey API answered 404 for lock %d", lockID)
	}
	return diag.NewWarningDiagnostic("Lock Key Removed Outside Terraform",
		fmt.Sprintf("A refresh found that %s, so the key was removed from Terraform state. While the configuration "+
			"still declares it, the next apply adds it again (the lock's device must be online); to leave it removed, "+
			"remove it from the configuration.", why))
}

// keyExistsDiag fails a create whose answer was lost and whose read-back
// found the key on the lock with another slot or holder.
func keyExistsDiag(lockID int64, keyUUID string, existing *client.Key, address string) diag.Diagnostic {
	values := "with another key_index_number or user_id"
	if existing != nil {
		values = fmt.Sprintf("with key_index_number %s and user_id %s", int64Text(existing.IndexNumber), stringText(existing.UserID))
	}
	return diag.NewAttributeErrorDiagnostic(path.Root("key_uuid"), "Lock Key Already Exists",
		fmt.Sprintf("Lock %d already has key %s %s, so nothing was recorded in state. The API cannot change a key in "+
			"place. To manage this key, import it:\n"+
			"  terraform import %s %d:%s\n"+
			"or an import block with id = \"%d:%s\"; or give this resource another key_uuid (or none, to mint one).",
			lockID, keyUUID, values, address, lockID, keyUUID, lockID, keyUUID))
}

func int64Text(n *int64) string {
	if n == nil {
		return "(none)"
	}
	return fmt.Sprint(*n)
}

func stringText(s *string) string {
	if s == nil {
		return "(none)"
	}
	return *s
}

// tempKeyGoneDiag warns that a refresh found the temporary key gone:
// deleted outside Terraform, or its lock deleted.
func tempKeyGoneDiag(lockID int64, id string, lockGone bool) diag.Diagnostic {
	why := fmt.Sprintf("temporary key %s is no longer among the temporary keys of lock %d", tempKeyName(id), lockID)
	if lockGone {
		why = fmt.Sprintf("the SmartphoneKey API answered 404 for lock %d", lockID)
	}
	return diag.NewWarningDiagnostic("Temporary Key Deleted Outside Terraform",
		fmt.Sprintf("A refresh found that %s, so the key was removed from Terraform state. Its link no longer opens "+
			"the door. While the configuration still declares it, the next apply creates it again (with the same "+
			"temp_key_uuid if the configuration sets one, else with a new one: a new link to hand out); to leave it "+
			"deleted, remove it from the configuration.", why))
}

// tempKeyAdoptedDiag warns that a create found the configured UUID
// already on the lock, with the values the configuration wants.
func tempKeyAdoptedDiag(lockID int64, id string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Existing Temporary Key Adopted",
		fmt.Sprintf("Lock %d already had a temporary key with this temp_key_uuid %s and these values, so none was "+
			"created: Terraform now manages the existing one, and destroying this resource deletes it.", lockID, tempKeyName(id)))
}

// tempKeyExistsDiag fails a create that found the configured UUID already
// on the lock with other values.
func tempKeyExistsDiag(lockID int64, id, address string) diag.Diagnostic {
	// Not tied to temp_key_uuid: Terraform would show its line, value and all.
	return diag.NewErrorDiagnostic("Temporary Key Already Exists",
		fmt.Sprintf("Lock %d already has a temporary key with this temp_key_uuid %s, with other values, so nothing "+
			"was created. To manage it, import it by identity (an import block with identity = { lock_id = %d, "+
			"temp_key_id = %q } for %s), then change it; or give this resource another temp_key_uuid (or none, to mint one).",
			lockID, tempKeyName(id), lockID, id, address))
}

// tempKeyNotReadDiag warns that a temporary key was created but reading
// it back, for its status and who created it, failed.
func tempKeyNotReadDiag(lockID int64, id string, err error) diag.Diagnostic {
	why := "it is missing from the list"
	if err != nil {
		why = err.Error()
	}
	return diag.NewWarningDiagnostic("Temporary Key Created, Not Read Back",
		fmt.Sprintf("Temporary key %s was created on lock %d and recorded in state, but reading the lock's temporary "+
			"keys back failed (%s), so status, used_count, created_by and created_at are empty until the next refresh.",
			tempKeyName(id), lockID, why))
}

// tempKeyUpdateGoneDiag fails an update whose key (or lock) the API no
// longer has.
func tempKeyUpdateGoneDiag(lockID int64, id string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Temporary Key Not Found",
		fmt.Sprintf("The API answered 404 to an update of temporary key %s of lock %d: the key (or the lock) was "+
			"deleted since the last refresh, so nothing was changed. Run apply again: the refresh removes it from state "+
			"and the plan creates it anew.", tempKeyName(id), lockID))
}

// tempKeyInactiveDiag warns, at plan time, that the configuration keeps
// a temporary key that no longer opens the door.
func tempKeyInactiveDiag(lockID int64, id, status, validUntil string, used, maxUses int64) diag.Diagnostic {
	// The remedy is the limit that was reached: a later valid_until does
	// nothing for a used-up key, nor more uses for an expired one.
	why := fmt.Sprintf("its valid_until has passed: it grants nothing since %s", validUntil)
	remedy := "raise valid_until"
	if status == tempKeyUsedUp {
		why = fmt.Sprintf("it has been used %d times (max_uses %d) and grants nothing more", used, maxUses)
		remedy = "raise max_uses (or remove it for no limit)"
	}
	return diag.NewWarningDiagnostic("Temporary Key No Longer Opens the Door",
		fmt.Sprintf("Temporary key %s of lock %d still exists, but %s. The API keeps such a key until it is deleted, so the plan "+
			"changes nothing. To let it open the door again, %s: an update in place, the same link; to delete it, remove it "+
			"from the configuration.", tempKeyName(id), lockID, why, remedy))
}

// The statuses of a temporary key that grant nothing.
const (
	tempKeyExpired = "expired"
	tempKeyUsedUp  = "used-up"
)

func allowedUsersRequiredDiag() diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("allowed_user_ids"), "Missing Allowed Users",
		"access_mode = \"user-whitelist\" lets in only the users listed in allowed_user_ids, and none are listed, "+
			"so the key would open the door for nobody. Add at least one user id (look users up by email with "+
			"data.spkey_user), or set access_mode = \"public\".")
}

func allowedUsersWithPublicDiag() diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("allowed_user_ids"), "Allowed Users With Public Access",
		"access_mode = \"public\" lets in anyone who has the key's link, so allowed_user_ids would restrict nothing "+
			"(and the API rejects it). Remove allowed_user_ids, or set access_mode = \"user-whitelist\" to let in only those users.")
}

func validityWindowDiag(from, until string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("valid_until"), "Invalid Validity Window",
		fmt.Sprintf("valid_until (%s) must be after valid_from (%s): the key would never open the door. "+
			"Set valid_until to a later time.", until, from))
}

// invalidTempKeyImportIDDiag fails an import whose id or identity does
// not name a temporary key. The id holds the UUID, so it is never quoted.
func invalidTempKeyImportIDDiag(why string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid Import ID",
		fmt.Sprintf("%s.\n\nImport a %s as <lock_id>:<temp_key_uuid> (terraform import %s.example 123:<temp_key_uuid>), "+
			"or, without writing the UUID anywhere, by identity: an import block with identity = { lock_id = 123, "+
			"temp_key_id = \"<16 hex digits>\" }, where temp_key_id is substr(sha256(lower(<temp_key_uuid>)), 0, 16).",
			capitalize(why), lockTempKeyType, lockTempKeyType))
}
