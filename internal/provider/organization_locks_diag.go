package provider

// Messages of the fleet resource, spkey_organization_locks.

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

// Fleet (spkey_organization_locks) messages.

func locksLeftInPlaceDiag(ids []int64, orgID string, destroy bool) diag.Diagnostic {
	what := fmt.Sprintf("%d lock(s) leave this resource", len(ids))
	if destroy {
		what = "destroying this resource only removes it from Terraform state"
	}
	return diag.NewWarningDiagnostic("Lock Organization Left in Place",
		fmt.Sprintf("SmartphoneKey has no call that removes a lock from its organization, so no API call is made: %s. "+
			"These locks keep organization %s: %s. To move locks, assign them another organization instead.",
			what, serverText(orgID), listIDs(ids)))
}

func locksDriftedDiag(orgID string, gone []goneLock) diag.Diagnostic {
	reasons := goneReasons(gone)
	when := ""
	if len(gone) > maxDriftLookups {
		// One events request per drifted lock would cost a drifted
		// estate as many requests again.
		when = fmt.Sprintf(" The time each lock moved is looked up in its event history for the first %d locks listed only.", maxDriftLookups)
	}
	return diag.NewWarningDiagnostic("Locks Left the Organization Outside Terraform",
		fmt.Sprintf("%d lock(s) in state no longer belong to %q, so they were removed from this resource's state: %s. "+
			"While the configuration still lists them in locks, a plan assigns them to %q again; to leave them where they are, "+
			"remove them from locks.%s", len(reasons), orgID, listStrings(reasons), orgID, when))
}

func fleetImportNoneDiag(orgID string, gone []goneLock) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Locks Not in the Organization",
		fmt.Sprintf("None of the %d lock(s) to import belong to %q, so nothing was imported: %s. Import each lock with the "+
			"organization it belongs to (<org_id>:<lock ids>), or add the locks to this resource's configuration instead "+
			"of importing them: the next apply then assigns them to %q.", len(gone), orgID, listStrings(goneReasons(gone)), orgID))
}

func fleetImportSomeDiag(orgID string, gone []goneLock) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Some Locks Not Imported",
		fmt.Sprintf("%d lock(s) do not belong to %q and were not imported: %s. The others were. While the configuration "+
			"lists these in locks, a plan assigns them to %q; to leave them where they are, remove them from locks.",
			len(gone), orgID, listStrings(goneReasons(gone)), orgID))
}

// goneReasons says what became of each lock, in lock id order.
func goneReasons(gone []goneLock) []string {
	sorted := slices.Clone(gone)
	slices.SortFunc(sorted, func(a, b goneLock) int { return cmp.Compare(a.id, b.id) })
	reasons := make([]string, len(sorted))
	for i, g := range sorted {
		reasons[i] = goneReason(g)
	}
	return reasons
}

// goneReason says what became of a lock that left its fleet.
func goneReason(g goneLock) string {
	switch {
	case g.deleted:
		return fmt.Sprintf("lock %d no longer exists", g.id)
	case g.orgID == nil:
		return fmt.Sprintf("lock %d has no organization", g.id)
	}
	return fmt.Sprintf("lock %d belongs to %s", g.id, serverText(*g.orgID)) + g.since
}

// What a fleet's failed operation leaves behind, for perLockFailuresDiag.
const (
	fleetCreateAfter = "State records only the locks that succeeded. Terraform marks a resource whose create failed as tainted, " +
		"so the next plan proposes to replace it (destroy and create): the destroy makes no API call, and the create sends " +
		"SetOrganization for every lock again, which is harmless for the ones already assigned. To send only the failed locks, " +
		"first run terraform untaint ADDRESS, with the address Terraform shows with this error: the next plan then updates " +
		"the resource in place and assigns only those."
	fleetCreateNothingAfter = "Nothing was recorded in state: the next apply tries every lock again."
	fleetUpdateAfter        = "State records only the locks that succeeded; the next apply assigns exactly the failed ones."
	fleetReadAfter          = "State is unchanged: a lock is never dropped because the API could not be asked."
)

// perLockFailuresDiag reports the locks a fleet operation could not do
// (see perLockFailures), the first failure worded for a fleet.
func perLockFailuresDiag(op operation, failed map[int64]error, total int, baseURL, after string) diag.Diagnostic {
	return perLockFailures(op.summary, failed, total, after, func(id int64, err error) string {
		return fleetFailureDetail(op, id, baseURL, err)
	})
}

// fleetFailureDetail words one lock's failure for a fleet, which has no
// lock_id attribute: a lock is a key of locks.
func fleetFailureDetail(op operation, lockID int64, baseURL string, err error) string {
	what := fmt.Sprintf("While trying to %s (the key %q in locks) at %s: ", op.phrase(lockSubject(lockID)), strconv.FormatInt(lockID, 10), baseURL)
	var apiErr *client.APIError
	switch {
	case errors.Is(err, client.ErrNotSpkeyAPI):
		return what + fmt.Sprintf("the server answered in a way the SmartphoneKey API never does (%v). "+
			"Check base_url: its host, its path prefix, and any proxy in between.", err)
	case errors.Is(err, client.ErrNotFound) && errors.As(err, &apiErr):
		return what + fmt.Sprintf("lock %d does not exist (HTTP 404%s). Check that key of locks, and base_url "+
			"(staging and production hold different locks).", lockID, apiSaid(apiErr))
	}
	return apiErrorDiag(op, lockSubject(lockID), baseURL, err).Detail()
}

func invalidFleetImportIDDiag(err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid Import ID",
		fmt.Sprintf("%v.\n\nImport an organization's locks as <org_id>:<lock ids>, with lock ids and ranges separated by commas, for example:\n"+
			"  terraform import spkey_organization_locks.example org_7f3a:101,102,200-250", capitalize(err.Error())))
}
