package provider

// Messages of the residents family: a lock's residents, who its doorbell
// notifies (spkey_lock_resident, spkey_lock_residents_exclusive, the
// spkey_lock_resident list resource), and the user look-up that finds
// their ids (data.spkey_user).

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
	"github.com/smartphonekey/terraform-provider-spkey/internal/lockids"
)

// The operations of the residents family.
var (
	opAddResident = operation{summary: "Unable to Add Resident", what: "add user {user} to the residents of lock {lock}",
		attr: "name", effect: opAdds, noun: "resident"}
	opRemoveResident = operation{summary: "Unable to Remove Resident", what: "remove user {user} from the residents of lock {lock}",
		effect: opRemoves, noun: "resident"}
	opReadResidents = operation{summary: "Unable to Read Residents", what: "read the residents of lock {lock}"}
	// opChangeResidents is the exclusive resource's adds and removes as a
	// whole; each change's own failure is worded by opAddResident or
	// opRemoveResident.
	opChangeResidents = operation{summary: "Unable to Change Residents", what: "change the residents of lock {lock}"}
	// The look-ups: {user} stands for the address looked up.
	opLookUpUserByEmail = operation{summary: "Unable to Look Up User", what: "look up the user with email address {user}", attr: "email"}
	opLookUpUserByPhone = operation{summary: "Unable to Look Up User", what: "look up the user with phone number {user}", attr: "phone_number"}
)

// residentGoneDiag warns that a refresh found a resident gone: removed
// outside Terraform, or its lock deleted.
func residentGoneDiag(lockID int64, userID string, lockGone bool) diag.Diagnostic {
	why := fmt.Sprintf("user %s is no longer among the residents of lock %d", userID, lockID)
	if lockGone {
		why = fmt.Sprintf("the SmartphoneKey API answered 404 for lock %d", lockID)
	}
	return diag.NewWarningDiagnostic("Resident Removed Outside Terraform",
		fmt.Sprintf("A refresh found that %s, so the resident was removed from Terraform state. While the configuration "+
			"still declares it, the next apply adds it again; to leave it removed, remove it from the configuration.", why))
}

// residentAdoptedDiag warns that a create found the resident already
// there, with the name the configuration wants, and adopted it.
func residentAdoptedDiag(lockID int64, userID string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Existing Resident Adopted",
		fmt.Sprintf("User %s was already a resident of lock %d with this name, so no resident was added: Terraform now "+
			"manages the existing one, and destroying this resource removes it.", userID, lockID))
}

// residentExistsDiag fails a create that found the resident already there
// under another name, and shows it and how to import it.
func residentExistsDiag(lockID int64, userID string, existing *client.Resident, address string) diag.Diagnostic {
	named := "under another name"
	if existing != nil {
		named = "named " + serverText(existing.Name)
	}
	id := residentID(lockID, userID)
	return diag.NewAttributeErrorDiagnostic(path.Root("name"), "Resident Already on the Lock",
		fmt.Sprintf("User %s is already a resident of lock %d, %s, so nothing was changed. The API cannot rename a "+
			"resident. To manage this resident, import it and then change its name (which re-creates it):\n"+
			"  terraform import %s %s\n"+
			"or an import block with id = %q; or give it the existing name; or remove it outside Terraform first.",
			userID, lockID, named, address, id, id))
}

// residentDetailsNotReadDiag warns that a resident was added but the
// list read afterwards, for its email and has_phone, failed or did not
// show it.
func residentDetailsNotReadDiag(lockID int64, userID string, err error) diag.Diagnostic {
	why := fmt.Sprintf("the list read afterwards does not show user %s (it may have been removed at once)", userID)
	if err != nil {
		why = fmt.Sprintf("reading the list afterwards failed (%v)", err)
	}
	return diag.NewWarningDiagnostic("Resident Added, Details Not Read",
		fmt.Sprintf("User %s was added to the residents of lock %d, but %s, so email and has_phone are null for now. "+
			"The next refresh reads them.", userID, lockID, why))
}

// conflictingResidentsDiag warns that two resources of this plan make one
// user a resident of one lock under different names; names holds by's
// names by user id in lower case.
func conflictingResidentsDiag(by string, names map[string]string, conflicts []conflict) diag.Diagnostic {
	lines := make([]string, len(conflicts))
	for i, c := range conflicts {
		lines[i] = fmt.Sprintf("user %s of lock %d: %q by %s, %q by %s", c.of, c.lockID, names[c.of], by, c.value, c.other)
	}
	return diag.NewWarningDiagnostic("Resident Declared Twice",
		fmt.Sprintf("Two resources of this configuration make one user a resident of one lock under different names: %s. "+
			"The API holds one entry per user and lock, so each apply would re-create the other's and the next refresh "+
			"would show drift, forever. Declare each resident in exactly one resource.", listStrings(lines)))
}

// residentsToRemoveDiag warns at plan time which residents an exclusive
// resource's apply removes that Terraform did not add: every unlisted one
// when it is created (it takes the list over), and on an update the ones
// that came from outside Terraform.
func residentsToRemoveDiag(lockID int64, removed map[string]string, create bool) diag.Diagnostic {
	summary, why := "Residents Not Added by Terraform Will Be Removed",
		"residents does not list them and Terraform did not add them (they were added outside Terraform, or were there when this resource took the list over)"
	if create {
		summary, why = "Existing Residents Will Be Removed",
			"they are on the lock now and residents does not list them: this resource takes over the lock's whole list"
	}
	return diag.NewWarningDiagnostic(summary,
		fmt.Sprintf("Applying this plan removes %d resident(s) from lock %d because %s: %s. They will no longer be notified "+
			"when the doorbell rings. To keep one, add it to residents (the user id in lower case, and its name).",
			len(removed), lockID, why, listStrings(residentLines(removed))))
}

// residentsLeftInPlaceDiag warns that destroying (or replacing) an
// exclusive resource only stops managing the lock's list: its n residents
// stay. With none in state (residents = {} applied first, as the warning
// advises) there is nothing to warn about.
func residentsLeftInPlaceDiag(lockID int64, n int, destroy bool) diag.Diagnostics {
	if n == 0 {
		return nil
	}
	what := "Destroying this resource"
	if !destroy {
		what = "Moving this resource to another lock_id"
	}
	return diag.Diagnostics{diag.NewWarningDiagnostic("Residents Left in Place",
		fmt.Sprintf("%s only stops Terraform managing the residents of lock %d: no API call is made, and its %d resident(s) "+
			"stay on the lock and are still notified when the doorbell rings. To remove them, set residents = {} and apply "+
			"before destroying the resource.", what, lockID, n))}
}

// lockResidentsGoneDiag warns that a refresh of an exclusive resource
// found its lock gone.
func lockResidentsGoneDiag(lockID int64) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Lock No Longer Exists",
		fmt.Sprintf("A refresh found that the SmartphoneKey API answered 404 for lock %d, so its residents were removed from "+
			"Terraform state. If the lock was decommissioned, remove this resource from the configuration; while it stays, "+
			"the next apply fails because the lock does not exist.", lockID))
}

// residentLines describes residents as `user <id> ("<name>")`, ordered by
// user id.
func residentLines(residents map[string]string) []string {
	lines := make([]string, 0, len(residents))
	for id, name := range residents {
		lines = append(lines, fmt.Sprintf("user %s (%s)", id, serverText(name)))
	}
	sort.Strings(lines)
	return lines
}

// What an exclusive resource's failed apply leaves behind, for
// residentFailuresDiag.
const (
	residentsCreateAfter = "State records exactly what is now on the lock. Terraform marks a resource whose create failed as " +
		"tainted, so the next plan proposes to replace it: the destroy makes no API call, and the create reads the list " +
		"again and sends only what is still missing or extra."
	residentsUpdateAfter = "State records exactly what is now on the lock: the next plan shows the changes still to make, " +
		"and the next apply sends only those."
)

// residentFailuresDiag reports the changes an exclusive resource could not
// make, in perLockFailuresDiag's style: how many, why it stopped early if
// it did, the first failure in full, the first few by user, and what state
// holds now; timeout is the timeouts attribute that bounded the changes.
func residentFailuresDiag(lockID int64, changes []residentChange, failed map[int64]error, baseURL, after, timeout string) diag.Diagnostic {
	stop, notTried := stoppedEarly(failed)
	var tried []int64
	for _, i := range sortedIDs(failed) {
		if !isNotTried(failed[i]) {
			tried = append(tried, i)
		}
	}
	summary := fmt.Sprintf("%s: %d of %d Changes Failed", opChangeResidents.summary, len(tried), len(changes))
	if stop != nil {
		if notTried > 0 {
			summary += fmt.Sprintf(", %d Not Tried", notTried)
		}
		after = residentsStoppedText(changes[stop.causeLock], stop, notTried) + " " + after
	}
	first := tried[0]
	if stop != nil {
		first = stop.causeLock
	}
	lines := make([]string, 0, maxListed+1)
	for n, i := range tried {
		if n == maxListed {
			lines = append(lines, fmt.Sprintf("... and %d more", len(tried)-maxListed))
			break
		}
		lines = append(lines, fmt.Sprintf("%s: %s", changes[i], failureText(failed[i])))
	}
	return diag.NewErrorDiagnostic(summary,
		fmt.Sprintf("%s\n\nFirst failure: %s\n\nFailed changes of lock %d:\n  %s", after,
			residentFailureDetail(lockID, changes[first], baseURL, failed[first], timeout), lockID, strings.Join(lines, "\n  ")))
}

// residentsStoppedText says why an exclusive resource's apply stopped
// before making every change.
func residentsStoppedText(cause residentChange, stop *notTriedError, notTried int) string {
	if stop.consecutive == 0 {
		return fmt.Sprintf("Stopped at the first 401 (%s): the credentials are wrong for every change, so %d change(s) were not tried.",
			cause, notTried)
	}
	return fmt.Sprintf("Stopped after %d calls in a row failed on the way to the API (every retry spent, or no SmartphoneKey API "+
		"at base_url): %d change(s) were not tried.", stop.consecutive, notTried)
}

// residentFailureDetail words one change's failure with the operation
// of the step that failed, bounded by the timeouts attribute timeout.
func residentFailureDetail(lockID int64, c residentChange, baseURL string, err error, timeout string) string {
	var step *stepError
	if !errors.As(err, &step) {
		return apiErrorDiag(opChangeResidents.during(timeout), lockSubject(lockID), baseURL, err).Detail()
	}
	s := subject{lockID: lockID, userID: c.userID}
	if step.existing != nil {
		return fmt.Sprintf("While trying to %s at %s: user %s became a resident named %s since the list was read (by another "+
			"resource, or outside Terraform). State records that name, and the next plan re-creates the resident with the "+
			"configured one.", step.op.phrase(s), baseURL, c.userID, serverText(*step.existing))
	}
	return apiErrorDiag(step.op.during(timeout), s, baseURL, step.err).Detail()
}

// failureText is one change's error on one line; a call the stop
// interrupted says so in residentsStoppedText's words.
func failureText(err error) string {
	var in *interruptedError
	if errors.As(err, &in) {
		return "interrupted when the apply stopped: " + in.err.Error()
	}
	return err.Error()
}

// userNotFoundDiag fails a look-up that found no user. The look-up only
// searches, so nothing was created.
func userNotFoundDiag(attr, what, value, baseURL string) diag.Diagnostic {
	create := "GET /users/by-email?email=... without searchOnly=true"
	if attr == "phone_number" {
		create = "GET /users/by-phone?phoneNumber=... without searchOnly=true"
	}
	return diag.NewAttributeErrorDiagnostic(path.Root(attr), "User Not Found",
		fmt.Sprintf("No SmartphoneKey user at %s has the %s %q, and nothing was created: this data source only searches "+
			"(searchOnly=true), so that a plan never creates a user. Check %s (each server, staging or production, holds "+
			"its own users). To create the user, do it outside Terraform: the user signs up in the SmartphoneKey app, or "+
			"an administrator calls %s, which creates a user when none has it; then run again.",
			baseURL, what, value, attr, create))
}

// invalidResidentKeyDiag refuses a key of residents that is not a user id
// in lower case.
func invalidResidentKeyDiag(p path.Path, key string) diag.Diagnostic {
	why := fmt.Sprintf("%q is not a user id: each key is a user id, a UUID such as %q (look one up by email with "+
		"data.spkey_user), and each value the resident's name", key, exampleUserID)
	if lockids.LooksLikeUUID(key) {
		why = fmt.Sprintf("%q is not in lower case: write the user id in lower case, %q, as the API returns it, so that "+
			"one resident has one key and the plan compares it with what the lock holds", key, strings.ToLower(key))
	}
	return diag.NewAttributeErrorDiagnostic(p, "Invalid Resident Key", fmt.Sprintf("%s: %s.", p, why))
}
