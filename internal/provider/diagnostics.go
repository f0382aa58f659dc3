package provider

// Every message a user can see from this provider is worded here, so that
// the same failure reads the same everywhere and the catalogue in the docs
// has one place to be checked against.

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

// operation names what the provider was doing when a call failed.
type operation struct {
	summary string
	verb    string // completes "while trying to ... lock N"
	// attr is the attribute whose value the operation sends, such as
	// "org_id"; "" for a read, which changes nothing.
	attr string
}

var (
	opSetOrganization = operation{summary: "Unable to Set Lock Organization", verb: "set the organization of", attr: "org_id"}
	opReadLock        = operation{summary: "Unable to Read Lock", verb: "read"}
	opQueryLocks      = operation{summary: "Unable to Query Locks", verb: "read"}
)

// again says what running a cancelled operation again does.
func (op operation) again() string {
	if op.attr == "" {
		return "Run it again when ready: a read changes nothing."
	}
	return "Run apply again when ready: sending the same " + op.attr + " a second time is harmless."
}

// nothingDone says what a failed call left as it was: a change was not
// made, a read changed nothing.
func (op operation) nothingDone() string {
	if op.attr == "" {
		return "nothing was read and state is unchanged"
	}
	return "the change was not made and nothing was recorded in state"
}

// Provider configuration.

func unknownSettingDiag(attr, env string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root(attr),
		"Unknown SmartphoneKey Provider Setting: "+attr,
		fmt.Sprintf("The provider cannot create the SmartphoneKey API client because %s is unknown when the provider is configured: "+
			"it depends on a value that is only known after apply. Set %s to a literal or a variable, "+
			"or remove it and set the %s environment variable.", attr, attr, env))
}

func invalidSettingDiag(attr, env string, fromEnv bool, err error) diag.Diagnostic {
	source := attr
	if fromEnv {
		source = fmt.Sprintf("%s (taken from the %s environment variable)", attr, env)
	}
	return diag.NewAttributeErrorDiagnostic(path.Root(attr),
		"Invalid SmartphoneKey Provider Setting: "+attr,
		fmt.Sprintf("The value of %s is not usable: %v.", source, err))
}

// invalidCredentialDiag names the credential and its environment variable
// but never prints the value.
func invalidCredentialDiag(attr, env string, fromEnv bool, err error) diag.Diagnostic {
	source := fmt.Sprintf("%s (set in the provider configuration; when unset, the %s environment variable is used)", attr, env)
	if fromEnv {
		source = fmt.Sprintf("%s (taken from the %s environment variable)", attr, env)
	}
	return diag.NewAttributeErrorDiagnostic(path.Root(attr),
		"Invalid SmartphoneKey Provider Setting: "+attr,
		fmt.Sprintf("The value of %s cannot be sent to the API: %v. Surrounding white space, such as the trailing newline "+
			"of a file read with file(), is trimmed; anything else must be removed from the value itself. "+
			"No request was sent.", source, err))
}

func missingCredentialsDiag() diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root(attrAPIToken),
		"Missing SmartphoneKey API Credentials",
		"The provider needs at least one credential and found none. Set api_token (or the SPKEY_API_TOKEN "+
			"environment variable) to a SmartphoneKey JWT, used by B2C clients, or api_key (or SPKEY_API_KEY) "+
			"to the B2B API key given at organization onboarding. Empty environment variables count as unset.")
}

func clientCreateDiag(err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Unable to Create SmartphoneKey API Client",
		"The provider settings were accepted but the API client could not be created: "+err.Error())
}

func unexpectedProviderDataDiag(what string, data any) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Unexpected Provider Data",
		fmt.Sprintf("The %s expected the provider's data, got %T. This is a bug in the provider; please report it.", what, data))
}

// Resource life cycle.

func invalidImportIDDiag(resourceType string, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid Import ID",
		fmt.Sprintf("%v.\n\nImport a lock by its numeric lock id, for example:\n  terraform import %s.example 123\nor an import block with id = \"123\".", capitalize(err.Error()), resourceType))
}

func invalidLockIDDiag(p path.Path, err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(p, "Invalid Lock ID",
		fmt.Sprintf("%s: %s.", p, capitalize(err.Error())))
}

func blankValueDiag(p path.Path, value string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(p, "Blank Value: "+p.String(),
		fmt.Sprintf("%s is only white space (%q): an id never is, so it names nothing and the API would reject it "+
			"only at apply. Give the id itself.", p, value))
}

func lockGoneDiag(lockID int64) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Lock No Longer Exists",
		fmt.Sprintf("The SmartphoneKey API answered 404 for lock %d, so it was removed from Terraform state and the next plan "+
			"will propose to create it again. If the lock was decommissioned, remove it from the configuration.", lockID))
}

func orgLeftInPlaceDiag(lockID int64, orgID string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Lock Organization Left in Place",
		fmt.Sprintf("SmartphoneKey has no call that removes a lock from its organization, so destroying this resource only "+
			"removes it from Terraform state: lock %d keeps organization %q. To move the lock, assign it another "+
			"organization with spkey_lock_organization instead of destroying it.", lockID, orgID))
}

func unusableResponseDiag(op operation, lockID int64, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic(op.summary,
		fmt.Sprintf("The API accepted the request to %s lock %d but its answer could not be recorded: %v. "+
			"Run apply again; if this persists, report it to SmartphoneKey.", op.verb, lockID, err))
}

// apiErrorDiag turns a client error into a diagnostic that says what
// happened and what to do, quoting the API's message where there is one.
func apiErrorDiag(op operation, lockID int64, baseURL string, err error) diag.Diagnostic {
	what := fmt.Sprintf("While trying to %s lock %d at %s: ", op.verb, lockID, baseURL)
	var apiErr *client.APIError
	var decErr *client.DecodeError
	var reqErr *client.RequestError
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return diag.NewErrorDiagnostic(op.summary, what+"the operation's timeout elapsed before the API answered. "+
			"Raise the resource's timeouts (for example timeouts = { create = \"10m\" }), or check base_url and your network. "+
			"Error: "+err.Error())
	case errors.Is(err, context.Canceled):
		return diag.NewErrorDiagnostic(op.summary, what+"the operation was cancelled before the API answered. "+op.again())
	case errors.Is(err, client.ErrNotSpkeyAPI) && errors.As(err, &apiErr):
		// Before the 404 case: only the API's own "not found" means the
		// lock is gone.
		return diag.NewErrorDiagnostic(op.summary, what+fmt.Sprintf("the server answered HTTP %d%s. %s. %s.",
			apiErr.StatusCode, excerptSaid(apiErr), apiErr.Hint, capitalize(op.nothingDone())))
	case errors.As(err, &apiErr):
		return apiStatusDiag(op, lockID, what, apiErr)
	case errors.Is(err, client.ErrOtherLock) && errors.As(err, &decErr):
		return diag.NewErrorDiagnostic(op.summary, what+fmt.Sprintf("the answer (HTTP %d) is about another lock: %v. "+
			"%s: an answer about another lock is never recorded. Check that base_url points at the SmartphoneKey API "+
			"and that no proxy or cache in between mixes up answers; if it does, report this to SmartphoneKey.",
			decErr.StatusCode, decErr.Err, stateNote(op)))
	case errors.As(err, &decErr):
		return diag.NewErrorDiagnostic(op.summary, what+fmt.Sprintf("the API answered HTTP %d, but the answer does not match the "+
			"SmartphoneKey API contract: %v. %s. Check that base_url points at the SmartphoneKey API "+
			"(not a proxy or another service); if it does, report this to SmartphoneKey.", decErr.StatusCode, decErr.Err, stateNote(op)))
	case errors.As(err, &reqErr) && notRetried(err):
		return diag.NewErrorDiagnostic(op.summary, what+fmt.Sprintf("no usable answer after 1 attempt: %v.", reqErr))
	case errors.As(err, &reqErr):
		return diag.NewErrorDiagnostic(op.summary, what+fmt.Sprintf("no usable answer %s: %v. Check base_url, DNS, "+
			"proxies and your network; if the API is slow or flaky, raise request_timeout or max_retries.",
			attemptsPhrase(reqErr.Attempts), reqErr.Err))
	}
	return diag.NewErrorDiagnostic(op.summary, what+err.Error())
}

// notRetried reports the transport failures the client tries once,
// because another attempt would fail the same way; the client's error
// says which one it is and what to check.
func notRetried(err error) bool {
	return errors.Is(err, client.ErrConnectionRefused) || errors.Is(err, client.ErrProtocolMismatch) ||
		errors.Is(err, client.ErrCertificate)
}

// stateNote says what an unusable answer left in state.
func stateNote(op operation) string {
	if op.attr == "" {
		return "State is unchanged"
	}
	return "Nothing was recorded in state"
}

func apiStatusDiag(op operation, lockID int64, what string, e *client.APIError) diag.Diagnostic {
	said := apiSaid(e)
	switch {
	case e.StatusCode == http.StatusUnauthorized:
		return diag.NewErrorDiagnostic(op.summary, what+"the API rejected the credentials (HTTP 401"+said+"). "+
			"Check that api_token (or SPKEY_API_TOKEN) is a valid, unexpired SmartphoneKey JWT, or api_key "+
			"(or SPKEY_API_KEY) a valid B2B API key, and that base_url points at the server that issued them.")
	case e.StatusCode == http.StatusForbidden:
		return diag.NewErrorDiagnostic(op.summary, what+"the credentials are valid but not allowed to touch this lock (HTTP 403"+said+"). "+
			"A B2B API key may only manage locks its own organization owns; a JWT must belong to the lock's owner. "+
			"Use credentials of the lock's current owner, or ask SmartphoneKey for a key that covers it.")
	case e.StatusCode == http.StatusNotFound:
		return diag.NewAttributeErrorDiagnostic(lockIDPath, op.summary,
			what+fmt.Sprintf("lock %d does not exist (HTTP 404%s). Check lock_id, and check base_url: each SmartphoneKey "+
				"server (staging, production) holds its own locks.", lockID, said))
	case e.StatusCode == http.StatusBadRequest && op.attr != "":
		return diag.NewAttributeErrorDiagnostic(path.Root(op.attr), op.summary,
			what+"the API rejected the request as invalid (HTTP 400"+said+"). Check "+op.attr+".")
	case e.StatusCode >= 300 && e.StatusCode < 400:
		return diag.NewErrorDiagnostic(op.summary, what+fmt.Sprintf("the server at base_url answered HTTP %d, a redirect%s. %s.",
			e.StatusCode, redirectTarget(e), e.Hint))
	case e.StatusCode == http.StatusTooManyRequests:
		return diag.NewErrorDiagnostic(op.summary, what+"the API kept answering 429 Too Many Requests"+said+" "+attemptsPhrase(e.Attempts)+". "+
			"Lower max_concurrency, set max_requests_per_second below the API's limit, or raise max_retries.")
	case e.StatusCode == http.StatusOK:
		return diag.NewErrorDiagnostic(op.summary, what+"the API answered HTTP 200 with \"success\": false"+said+", so "+
			op.nothingDone()+". Fix the cause the message names and run apply again.")
	case e.StatusCode >= 500:
		return diag.NewErrorDiagnostic(op.summary, what+fmt.Sprintf("the API failed with HTTP %d%s %s. ", e.StatusCode, said, attemptsPhrase(e.Attempts))+
			"This is usually temporary: run apply again later, or raise max_retries to ride out longer outages.")
	}
	return diag.NewErrorDiagnostic(op.summary, what+fmt.Sprintf("the API answered HTTP %d%s. %s", e.StatusCode, said,
		"Check the request's attributes against the API's message."))
}

// redirectTarget names where a redirect pointed: ` to "https://..."`.
func redirectTarget(e *client.APIError) string {
	if e.Location == "" {
		return " without a Location"
	}
	return fmt.Sprintf(" to %q", e.Location)
}

// excerptSaid quotes what a server that is not the API answered, without
// calling it the API's words.
func excerptSaid(e *client.APIError) string {
	if e.Message == "" {
		return ""
	}
	return ": " + e.Message
}

// apiSaid quotes the API's own words: `: Not Found: "The requested ..."`.
func apiSaid(e *client.APIError) string {
	var parts []string
	if e.Title != "" && e.Title != http.StatusText(e.StatusCode) {
		parts = append(parts, e.Title)
	}
	if e.Message != "" {
		parts = append(parts, fmt.Sprintf("%q", e.Message))
	}
	if len(parts) == 0 {
		return ""
	}
	return ", the API said: " + strings.Join(parts, ": ")
}

func attemptsPhrase(n int) string {
	if n <= 1 {
		return "after 1 attempt"
	}
	return fmt.Sprintf("after %d attempts", n)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// conflictingClaimsDiag warns that two resources assign the same locks to
// different organizations.
func conflictingClaimsDiag(by, orgID string, conflicts []conflict) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Locks Assigned to Two Organizations",
		fmt.Sprintf("Two resources of this configuration assign %d lock(s) to different organizations:\n  %s\n\n"+
			"Each apply would move these locks to one organization and the next refresh would show the other resource's "+
			"drift, so the two would fight forever. Manage each lock in exactly one resource.", len(conflicts), conflictLines(by, orgID, conflicts)))
}

// conflictLines lists the first few conflicting claims, one a line.
func conflictLines(by, value string, conflicts []conflict) string {
	var lines []string
	for i, c := range conflicts {
		if i == maxListed {
			lines = append(lines, fmt.Sprintf("... and %d more", len(conflicts)-maxListed))
			break
		}
		lines = append(lines, fmt.Sprintf("lock %d: %q by %s, %q by %s", c.lockID, value, by, c.otherOrg, c.other))
	}
	return strings.Join(lines, "\n  ")
}

// maxListed is how many items a message lists before it says "and N more".
const maxListed = 5

// Fleet (spkey_organization_locks) messages.

func locksLeftInPlaceDiag(ids []int64, orgID string, destroy bool) diag.Diagnostic {
	what := fmt.Sprintf("%d lock(s) leave this resource", len(ids))
	if destroy {
		what = "destroying this resource only removes it from Terraform state"
	}
	return diag.NewWarningDiagnostic("Lock Organization Left in Place",
		fmt.Sprintf("SmartphoneKey has no call that removes a lock from its organization, so no API call is made: %s, "+
			"and %s keep organization %q. To move locks, assign them another organization instead.",
			what, listIDs(ids), orgID))
}

func locksDriftedDiag(orgID string, gone []goneLock) diag.Diagnostic {
	reasons := goneReasons(gone)
	when := ""
	if len(gone) > maxDriftLookups {
		// One events request per drifted lock would cost a drifted
		// estate as many requests again.
		when = fmt.Sprintf(" When a lock moved is read from its event history for the first %d listed only.", maxDriftLookups)
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
	return fmt.Sprintf("lock %d belongs to %q", g.id, *g.orgID) + g.since
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

// perLockFailuresDiag reports the locks a bulk operation could not do: how
// many, why it stopped early if it did, the first failure in full, the
// first few by id, and what state holds now (after).
func perLockFailuresDiag(op operation, failed map[int64]error, total int, baseURL, after string) diag.Diagnostic {
	stop, notTried := stoppedEarly(failed)
	ids := make([]int64, 0, len(failed)-notTried)
	for _, id := range sortedIDs(failed) {
		if !isNotTried(failed[id]) {
			ids = append(ids, id)
		}
	}
	firstID := ids[0]
	summary := fmt.Sprintf("%s: %d of %d Locks Failed", op.summary, len(ids), total)
	if stop != nil {
		firstID = stop.causeLock
		if notTried > 0 {
			summary += fmt.Sprintf(", %d Not Tried", notTried)
		}
		after = stoppedEarlyText(stop, notTried) + " " + after
	}
	lines := make([]string, 0, maxListed+1)
	for i, id := range ids {
		if i == maxListed {
			lines = append(lines, fmt.Sprintf("... and %d more", len(ids)-maxListed))
			break
		}
		lines = append(lines, fmt.Sprintf("lock %d: %v", id, failed[id]))
	}
	return diag.NewErrorDiagnostic(summary,
		fmt.Sprintf("%s\n\nFirst failure: %s\n\nFailed locks:\n  %s", after, fleetFailureDetail(op, firstID, baseURL, failed[firstID]),
			strings.Join(lines, "\n  ")))
}

// stoppedEarlyText says why a fleet operation stopped before calling every
// lock.
func stoppedEarlyText(stop *notTriedError, notTried int) string {
	if stop.consecutive == 0 {
		return fmt.Sprintf("Stopped at the first 401: the credentials are wrong for every lock, so %d lock(s) were not tried.", notTried)
	}
	return fmt.Sprintf("Stopped after %d calls in a row failed on the way to the API (every retry spent, or no SmartphoneKey API "+
		"at base_url): %d lock(s) were not tried.", stop.consecutive, notTried)
}

// fleetFailureDetail words one lock's failure for a fleet, which has no
// lock_id attribute: a lock is a key of locks.
func fleetFailureDetail(op operation, lockID int64, baseURL string, err error) string {
	what := fmt.Sprintf("While trying to %s lock %d (the key %q in locks) at %s: ", op.verb, lockID, strconv.FormatInt(lockID, 10), baseURL)
	var apiErr *client.APIError
	switch {
	case errors.Is(err, client.ErrNotSpkeyAPI):
		return what + fmt.Sprintf("the server answered in a way the SmartphoneKey API never does (%v). "+
			"Check base_url: its host, its path prefix, and any proxy in between.", err)
	case errors.Is(err, client.ErrNotFound) && errors.As(err, &apiErr):
		return what + fmt.Sprintf("the API says lock %d does not exist (HTTP 404%s). Check that key of locks, and base_url "+
			"(staging and production hold different locks).", lockID, apiSaid(apiErr))
	}
	return apiErrorDiag(op, lockID, baseURL, err).Detail()
}

func invalidFleetImportIDDiag(err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid Import ID",
		fmt.Sprintf("%v.\n\nImport an organization's locks as <org_id>:<lock ids>, with lock ids and ranges separated by commas, for example:\n"+
			"  terraform import spkey_organization_locks.example org_7f3a:101,102,200-250", capitalize(err.Error())))
}

// listIDs prints the first few ids and how many more there are.
func listIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return "lock " + listStrings(s)
}

func listStrings(items []string) string {
	if len(items) <= maxListed {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:maxListed], ", "), len(items)-maxListed)
}

func listNotConfiguredDiag(typeName string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Provider Not Configured",
		fmt.Sprintf("The %s list resource was asked for results before the provider was configured. "+
			"This is a bug in the provider or in Terraform; please report it.", typeName))
}

// Lock owners (spkey_lock_owner) and event history (spkey_lock_events).

var (
	opSetOwner   = operation{summary: "Unable to Set Lock Owner", verb: "set the owner of", attr: "user_id"}
	opReadEvents = operation{summary: "Unable to Read Lock Events", verb: "read the event history of"}
)

func ownerLeftInPlaceDiag(lockID int64, userID string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Lock Owner Left in Place",
		fmt.Sprintf("SmartphoneKey has no call that removes a lock's owner, so destroying this resource only "+
			"removes it from Terraform state: lock %d keeps owner %q. To hand the lock to someone else, give it "+
			"another owner with spkey_lock_owner instead of destroying it.", lockID, userID))
}

// conflictingOwnersDiag warns that two resources give the same lock
// different owners.
func conflictingOwnersDiag(by, userID string, conflicts []conflict) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Lock Given Two Owners",
		fmt.Sprintf("Two resources of this configuration give %d lock(s) different owners:\n  %s\n\n"+
			"Each apply would hand these locks to one owner and the next refresh would show the other resource's "+
			"drift, so the two would fight forever. Manage each lock's owner in exactly one resource.", len(conflicts), conflictLines(by, userID, conflicts)))
}

// invalidUserIDDiag says that a user id must be a UUID, and what the value
// looks like instead: a lock id is the most common mix-up.
func invalidUserIDDiag(p path.Path, value string) diag.Diagnostic {
	looks := "it is not a UUID"
	if _, err := strconv.ParseFloat(strings.TrimSpace(value), 64); err == nil {
		looks = "it is a number, which looks like a lock id: lock ids are numbers, user ids are UUIDs"
	}
	return diag.NewAttributeErrorDiagnostic(p, "Invalid User ID",
		fmt.Sprintf("%s: %q is not a user id: %s. A SmartphoneKey user id is a UUID such as "+
			"\"6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60\"; put the lock's numeric id in lock_id.", p, value, looks))
}

// assignmentDriftDiag warns that a refresh found the lock's noun
// (organization, owner) changed outside Terraform, and says when if the
// event history said so.
func assignmentDriftDiag(noun, attr string, lockID int64, was string, now *string, when string) diag.Diagnostic {
	is := fmt.Sprintf("has no %s now", noun)
	if now != nil {
		is = fmt.Sprintf("has %s %q now", noun, *now)
	}
	return diag.NewWarningDiagnostic(fmt.Sprintf("Lock %s Changed Outside Terraform", capitalize(noun)),
		fmt.Sprintf("Lock %d %s, not %q as Terraform recorded: it changed outside Terraform%s. The next apply sets it back to %q; "+
			"to keep the change instead, set %s to the new value in the configuration.", lockID, is, was, when, was, attr))
}

// changedWhen completes "it changed outside Terraform..." from the lock's
// most recent event of the change's type: ev is nil when there is none,
// err when the history could not be read (the refresh goes on without).
func changedWhen(ev *client.Event, err error) string {
	switch {
	case err != nil:
		return fmt.Sprintf(" (when is unknown: the lock's event history could not be read: %v)", err)
	case ev == nil:
		return ""
	}
	return " at " + eventTime(*ev)
}

// eventTime says when an event happened and at which version.
func eventTime(ev client.Event) string {
	return fmt.Sprintf("%s (version %s, %s event)", ev.Timestamp, ev.Version, ev.Type)
}
