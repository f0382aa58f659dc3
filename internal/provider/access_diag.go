package provider

// Messages of the access resources: a user's grants of locks
// (spkey_lock_access, spkey_user_accessible_locks_exclusive), and what
// every resource that grants or removes access shares (actor_id).

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

// The operations of the access resources.
var (
	opGrantAccess = operation{summary: "Unable to Grant Lock Access", what: "grant user {user} access to lock {lock}",
		attr: "access_level", effect: opAdds, noun: "grant", missing: "user_id"}
	opRevokeAccess = operation{summary: "Unable to Remove Lock Access", what: "remove lock {lock} from the accessible locks of user {user}",
		effect: opRemoves, noun: "grant", missing: "user_id"}
	opReadAccess = operation{summary: "Unable to Read Accessible Locks", what: "read the accessible locks of user {user}", missing: "user_id"}
)

func missingActorDiag() diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(grantedByPath, "Missing Granted By",
		"The API records who grants and removes access, and neither this resource's granted_by nor the provider's actor_id "+
			"(or the SPKEY_ACTOR_ID environment variable) is set. Set actor_id in the provider block to the user id (a UUID) "+
			"Terraform acts for, or granted_by on this resource.")
}

// grantGoneDiag warns that a refresh found the grant gone: removed outside
// Terraform, or its user deleted.
func grantGoneDiag(userID string, lockID int64, userGone bool) diag.Diagnostic {
	why := fmt.Sprintf("lock %d is no longer among the accessible locks of user %s", lockID, userID)
	if userGone {
		why = fmt.Sprintf("the SmartphoneKey API answered 404 for user %s", userID)
	}
	return diag.NewWarningDiagnostic("Lock Access Removed Outside Terraform",
		fmt.Sprintf("A refresh found that %s, so the grant was removed from Terraform state. While the configuration "+
			"still declares it, the next apply grants it again; to leave it removed, remove it from the configuration.", why))
}

// grantAdoptedDiag warns that a create found the grant already there,
// with the values the configuration wants, and adopted it.
func grantAdoptedDiag(userID string, lockID int64) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Existing Lock Access Adopted",
		fmt.Sprintf("User %s already had access to lock %d with this lock_name and access_level, so no grant was added: "+
			"Terraform now manages the existing one, and destroying this resource removes it.", userID, lockID))
}

// grantExistsDiag fails a create that found the grant already there with
// other values, and shows them and how to import it.
func grantExistsDiag(userID string, lockID int64, existing *client.AccessibleLock, address string) diag.Diagnostic {
	values := "with other values"
	if existing != nil {
		values = fmt.Sprintf("with lock_name %s and access_level %s (granted by %s)",
			serverText(existing.LockName), serverText(existing.AccessLevel), serverWord(existing.GrantedBy))
	}
	return diag.NewAttributeErrorDiagnostic(path.Root("access_level"), "Lock Access Already Granted",
		fmt.Sprintf("User %s already has access to lock %d %s, so nothing was changed. The API cannot change a grant in "+
			"place. To manage this grant, import it and then change it:\n"+
			"  terraform import %s %s:%d\n"+
			"or an import block with id = \"%s:%d\"; or remove it outside Terraform first.",
			userID, lockID, values, address, userID, lockID, userID, lockID))
}

// conflictingGrantsDiag warns that two resources grant one user one lock
// with different names or levels.
func conflictingGrantsDiag(by, value string, conflicts []conflict) diag.Diagnostic {
	c := conflicts[0]
	return diag.NewWarningDiagnostic("Lock Access Granted Twice",
		fmt.Sprintf("Two resources of this configuration grant user %s access to lock %d differently: %s by %s, %s by %s. "+
			"The API holds one grant per user and lock, so each apply would replace the other's and the next refresh would "+
			"show drift, forever. Declare each grant in exactly one resource.", c.of, c.lockID, value, by, c.value, c.other))
}
