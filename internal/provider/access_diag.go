package provider

// Messages of the access resources: a user's grants of locks
// (spkey_lock_access, spkey_user_accessible_locks_exclusive), and what
// every resource that grants or removes access shares (actor_id).

import (
	"errors"
	"fmt"
	"strings"

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
	// opQueryAccess is the list resource's read: a 404 skips the user, so
	// only other failures are worded.
	opQueryAccess = operation{summary: "Unable to Query Lock Access", what: "read the accessible locks of user {user}", missing: "user_id",
		timeout: noTimeouts}
)

// accessChangeSummary heads the failures of an apply or destroy of
// spkey_user_accessible_locks_exclusive, which adds and removes.
const accessChangeSummary = "Unable to Change Accessible Locks"

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

// claimGrant registers a planned grant and warns when another resource
// of this plan grants the same user the same lock another way.
func claimGrant(c *claims, by, userID string, lockID int64, name, level string) diag.Diagnostics {
	value := fmt.Sprintf("%s (%s)", name, level)
	if conflicts := c.claimEntry("access", by, value, lockID, userID); len(conflicts) > 0 {
		return diag.Diagnostics{conflictingGrantsDiag(by, value, conflicts)}
	}
	return nil
}

// additiveAccess is the claim of a user's list by spkey_lock_access, which
// manages one grant and leaves the others alone; an exclusive claim is
// exclusiveAccess followed by the grants it lists.
const (
	additiveAccess  = "additive"
	exclusiveAccess = "exclusive"
)

// claimAccessList registers how a resource manages a user's list (lock id
// 0 stands for the whole list) and warns when another resource of this
// plan manages it another way: spkey_user_accessible_locks_exclusive
// removes what it does not list, so next to a spkey_lock_access, or to
// another exclusive one with other grants, each apply undoes the other's.
func claimAccessList(c *claims, by, userID, how string) diag.Diagnostics {
	if conflicts := c.claimEntry("access_list", by, how, 0, userID); len(conflicts) > 0 {
		return diag.Diagnostics{listManagedTwiceDiag(userID, by, how, conflicts[0])}
	}
	return nil
}

// claimUserGrants registers what spkey_user_accessible_locks_exclusive
// plans for a user: the whole list, and each grant in it.
func claimUserGrants(c *claims, userID string, want map[int64]grantValue) diag.Diagnostics {
	by := fmt.Sprintf("%s for user %s", userAccessibleLocksType, userID)
	ids := sortedIDs(want)
	listed := make([]string, len(ids))
	for i, id := range ids {
		listed[i] = fmt.Sprintf("%d=%s(%s)", id, want[id].name, want[id].level)
	}
	diags := claimAccessList(c, by, userID, exclusiveAccess+" "+strings.Join(listed, ","))
	for _, id := range ids {
		diags.Append(claimGrant(c, by, userID, id, want[id].name, want[id].level)...)
	}
	return diags
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

// listManagedTwiceDiag warns that a user's list is managed by an exclusive
// resource and another resource.
func listManagedTwiceDiag(userID, by, how string, c conflict) diag.Diagnostic {
	why := fmt.Sprintf("%s removes every grant of the user that it does not list, and %s adds its grant back: each apply "+
		"would undo the other's", userAccessibleLocksType, lockAccessType)
	if strings.HasPrefix(how, exclusiveAccess) && strings.HasPrefix(c.value, exclusiveAccess) {
		why = "each removes the grants only the other lists: each apply would undo the other's"
	}
	return diag.NewWarningDiagnostic("User's Accessible Locks Managed Twice",
		fmt.Sprintf("The accessible locks of user %s are managed by %s and by %s, and %s. Manage a user's grants either in one "+
			"%s (all of them) or in %s resources (one grant each), never both for one user.",
			userID, c.other, by, why, userAccessibleLocksType, lockAccessType))
}

// accessUserGoneDiag warns that a refresh found the user gone, and with it
// the list.
func accessUserGoneDiag(userID string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("User No Longer Exists",
		fmt.Sprintf("A refresh found that user %s no longer exists (the SmartphoneKey API answered 404), so its accessible "+
			"locks were removed from Terraform state. While the configuration still declares them, the next apply fails on the "+
			"same 404; remove the resource from the configuration, or correct user_id.", userID))
}

// takeOverDiag warns, at the plan of a create, which grants the user
// already has that the apply removes or re-creates.
func takeOverDiag(userID string, have, want map[int64]grantValue) diag.Diagnostics {
	var removing, recreating []string
	for _, id := range sortedIDs(have) {
		h := have[id]
		switch w, ok := want[id]; {
		case !ok:
			removing = append(removing, fmt.Sprintf("lock %d (%s, granted by %s)", id, grantText(h), h.grantedBy))
		case !h.same(w):
			recreating = append(recreating, fmt.Sprintf("lock %d (%s, to become %s)", id, grantText(h), grantText(w)))
		}
	}
	if len(removing)+len(recreating) == 0 {
		return nil
	}
	var parts []string
	if len(removing) > 0 {
		parts = append(parts, fmt.Sprintf("removes %d grant(s) that locks does not list: %s", len(removing), listStrings(removing)))
	}
	if len(recreating) > 0 {
		parts = append(parts, fmt.Sprintf("re-creates %d with another lock_name or access_level (remove, then add: the API "+
			"cannot change a grant): %s", len(recreating), listStrings(recreating)))
	}
	return diag.Diagnostics{diag.NewWarningDiagnostic("Existing Grants Will Be Removed",
		fmt.Sprintf("User %s already has accessible locks, and %s manages the whole list: the apply %s. To keep a grant, "+
			"add it to locks; to manage single grants and leave the others alone, use %s instead.",
			userID, userAccessibleLocksType, strings.Join(parts, "; it "), lockAccessType))}
}

// unmanagedRemovalsDiag warns when a plan removes grants of the user that
// Terraform did not make (a refresh found them): the ones not in want and
// not among the managed. (A destroy removes none: grantsLeftInPlaceDiag.)
func unmanagedRemovalsDiag(userID string, have, want map[int64]grantValue, managed map[int64]bool) diag.Diagnostics {
	var found []string
	for _, id := range sortedIDs(have) {
		if _, kept := want[id]; !kept && !managed[id] {
			found = append(found, fmt.Sprintf("lock %d (%s)", id, grantText(have[id])))
		}
	}
	if len(found) == 0 {
		return nil
	}
	return diag.Diagnostics{diag.NewWarningDiagnostic("Grants Made Outside Terraform Will Be Removed",
		fmt.Sprintf("A refresh found %d grant(s) of user %s that Terraform did not make: %s. %s manages the user's whole "+
			"list and they are not in locks, so the apply removes them. To keep a grant, add it to locks.",
			len(found), userID, listStrings(found), userAccessibleLocksType))}
}

// grantText shows a grant as `"Front door" USER`.
func grantText(g grantValue) string { return serverText(g.name) + " " + serverWord(g.level) }

// What a failed apply or destroy of spkey_user_accessible_locks_exclusive
// leaves behind, for grantFailuresDiag.
const (
	// The replacement's destroy makes no call (Delete), so it neither
	// removes the grants in state nor sends them again.
	accessCreateAfter = "State records the user's grants as the API's answers tell: the ones kept and added, without the ones " +
		"removed. Terraform marks a resource whose create failed as tainted, so the next plan proposes to replace it: the " +
		"destroy makes no API call, and the create reads the user's list again and sends only what is still missing or " +
		"extra. To see that as an update in place instead, first run terraform untaint ADDRESS, with the address Terraform " +
		"shows with this error."
	accessCreateNothingAfter = "No grant was changed and nothing was recorded in state: the next apply takes the list over again."
	accessUpdateAfter        = "State records the user's grants as the API's answers tell: the next plan shows exactly what is " +
		"left to do."
)

// grantFailuresDiag reports the locks whose grant an apply or destroy
// could not change (see perLockFailures), the first failure worded with
// the call it was, bounded by the timeouts attribute timeout ("create",
// "update").
func grantFailuresDiag(failed map[int64]error, total int, userID, baseURL string, changes map[int64]grantChange, after, timeout string) diag.Diagnostic {
	return perLockFailures(accessChangeSummary, failed, total, after, func(id int64, err error) string {
		var call *grantCallError
		var taken *grantTakenError
		switch {
		case errors.As(err, &taken):
			return capitalize(taken.Error())
		case errors.As(err, &call):
			return apiErrorDiag(call.op.during(timeout), subject{lockID: id, userID: userID}, baseURL, call.err).Detail()
		case changes[id].remove:
			// Not called: stopped, cancelled or out of time first.
			return apiErrorDiag(opRevokeAccess.during(timeout), subject{lockID: id, userID: userID}, baseURL, err).Detail()
		}
		return apiErrorDiag(opGrantAccess.during(timeout), subject{lockID: id, userID: userID}, baseURL, err).Detail()
	})
}

// grantTakenError is an add that found the lock granted since the
// refresh, with another name or level.
type grantTakenError struct {
	lockID int64
	found  *client.AccessibleLock // nil when the list could not be read again
}

func (e *grantTakenError) Error() string {
	values := "with other values"
	if e.found != nil {
		values = fmt.Sprintf("as %s by %s", grantText(grantValue{name: e.found.LockName, level: e.found.AccessLevel}), e.found.GrantedBy)
	}
	return fmt.Sprintf("lock %d was granted %s after the refresh, outside Terraform, so nothing was changed: the next plan "+
		"shows it and re-creates it as configured", e.lockID, values)
}

// grantsLeftInPlaceDiag warns that destroying an exclusive resource, or
// moving it to another user, makes no call: the n grants stay. With none
// in state (locks = {} applied first, as the warning advises) there is
// nothing to warn about.
func grantsLeftInPlaceDiag(userID string, n int, destroy bool) diag.Diagnostics {
	if n == 0 {
		return nil
	}
	what := "Destroying this resource"
	if !destroy {
		what = "Moving this resource to another user_id"
	}
	return diag.Diagnostics{diag.NewWarningDiagnostic("Lock Access Left in Place",
		fmt.Sprintf("%s only stops Terraform owning the accessible locks of user %s: no API call is made, and the %d grant(s) "+
			"stay, so the user still sees those locks in the app. To remove them, set locks = {} and apply before "+
			"destroying the resource.", what, userID, n))}
}
