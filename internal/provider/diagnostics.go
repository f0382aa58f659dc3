package provider

// Every message a user can see from this provider is worded here, so that
// the same failure reads the same everywhere and the catalogue in the docs
// has one place to be checked against.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
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
}

var (
	opSetOrganization = operation{"Unable to Set Lock Organization", "set the organization of"}
	opReadLock        = operation{"Unable to Read Lock", "read"}
)

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
		return diag.NewErrorDiagnostic(op.summary, what+"the operation was cancelled before the API answered. "+
			"Run apply again when ready: setting an organization a second time is harmless.")
	case errors.As(err, &apiErr):
		return apiStatusDiag(op, lockID, what, apiErr)
	case errors.As(err, &decErr):
		return diag.NewErrorDiagnostic(op.summary, what+fmt.Sprintf("the API answered HTTP %d, but the answer does not match the "+
			"SmartphoneKey API contract: %v. Nothing was recorded in state. Check that base_url points at the SmartphoneKey API "+
			"(not a proxy or another service); if it does, report this to SmartphoneKey.", decErr.StatusCode, decErr.Err))
	case errors.As(err, &reqErr):
		return diag.NewErrorDiagnostic(op.summary, what+fmt.Sprintf("no usable answer %s: %v. Check base_url, DNS, "+
			"proxies and your network; if the API is slow or flaky, raise request_timeout or max_retries.",
			attemptsPhrase(reqErr.Attempts), reqErr.Err))
	}
	return diag.NewErrorDiagnostic(op.summary, what+err.Error())
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
			what+fmt.Sprintf("lock %d does not exist (HTTP 404%s). Check lock_id: lock ids are numeric, such as 123; "+
				"a UUID is a lock's uuid or a user id, not its lock id.", lockID, said))
	case e.StatusCode == http.StatusBadRequest:
		return diag.NewAttributeErrorDiagnostic(path.Root(op.attribute()), op.summary,
			what+"the API rejected the request as invalid (HTTP 400"+said+"). Check "+op.attribute()+".")
	case e.StatusCode == http.StatusTooManyRequests:
		return diag.NewErrorDiagnostic(op.summary, what+"the API kept answering 429 Too Many Requests"+said+" "+attemptsPhrase(e.Attempts)+". "+
			"Lower max_concurrency, set max_requests_per_second below the API's limit, or raise max_retries.")
	case e.StatusCode == http.StatusOK:
		return diag.NewErrorDiagnostic(op.summary, what+"the API answered HTTP 200 with \"success\": false"+said+", so the "+
			"change was not made and nothing was recorded in state. Fix the cause the message names and run apply again.")
	case e.StatusCode >= 500:
		return diag.NewErrorDiagnostic(op.summary, what+fmt.Sprintf("the API failed with HTTP %d%s %s. ", e.StatusCode, said, attemptsPhrase(e.Attempts))+
			"This is usually temporary: run apply again later, or raise max_retries to ride out longer outages.")
	}
	return diag.NewErrorDiagnostic(op.summary, what+fmt.Sprintf("the API answered HTTP %d%s. %s", e.StatusCode, said,
		"Check the request's attributes against the API's message."))
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
		fmt.Sprintf("%s and another resource assign %d lock(s) to different organizations:\n  %s\n\n"+
			"Each apply would move these locks to one organization and the next refresh would show the other resource's "+
			"drift, so the two would fight forever. Manage each lock in exactly one resource.", by, len(conflicts), conflictLines(orgID, conflicts)))
}

// conflictLines lists the first few conflicting claims, one a line.
func conflictLines(value string, conflicts []conflict) string {
	var lines []string
	for i, c := range conflicts {
		if i == maxListed {
			lines = append(lines, fmt.Sprintf("... and %d more", len(conflicts)-maxListed))
			break
		}
		lines = append(lines, fmt.Sprintf("lock %d: %q here, %q by %s", c.lockID, value, c.otherOrg, c.other))
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
	reasons := make([]string, len(gone))
	for i, g := range gone {
		reasons[i] = goneReason(g)
	}
	return diag.NewWarningDiagnostic("Locks Left the Organization Outside Terraform",
		fmt.Sprintf("%d lock(s) in state no longer belong to %q, so they were removed from locks and the next plan will "+
			"propose to assign them again: %s. When a lock moved is read from its event history for the first %d listed only.",
			len(reasons), orgID, listStrings(reasons), maxDriftLookups))
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

// perLockFailuresDiag reports the locks a bulk operation could not do: how
// many, the first failure in full, and the first few by id.
func perLockFailuresDiag(op operation, failed map[int64]error, total int, baseURL string) diag.Diagnostic {
	ids := sortedIDs(failed)
	first := apiErrorDiag(op, ids[0], baseURL, failed[ids[0]])
	lines := make([]string, 0, maxListed+1)
	for i, id := range ids {
		if i == maxListed {
			lines = append(lines, fmt.Sprintf("... and %d more", len(ids)-maxListed))
			break
		}
		lines = append(lines, fmt.Sprintf("lock %d: %v", id, failed[id]))
	}
	after := "State records only the locks that succeeded; the next apply retries exactly the failed ones."
	if op == opReadLock {
		after = "State is unchanged: a lock is never dropped because the API could not be asked."
	}
	return diag.NewErrorDiagnostic(fmt.Sprintf("%s: %d of %d Locks Failed", op.summary, len(ids), total),
		fmt.Sprintf("%s\n\nFirst failure: %s\n\nFailed locks:\n  %s", after, first.Detail(), strings.Join(lines, "\n  ")))
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

// Lock owners (spkey_lock_owner) and event history (spkey_lock_events).

var (
	opSetOwner   = operation{"Unable to Set Lock Owner", "set the owner of"}
	opReadEvents = operation{"Unable to Read Lock Events", "read the event history of"}
)

// attribute is the attribute a 400 answer to op points at.
func (op operation) attribute() string {
	if op == opSetOwner {
		return "user_id"
	}
	return "org_id"
}

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
		fmt.Sprintf("%s and another resource give %d lock(s) different owners:\n  %s\n\n"+
			"Each apply would hand these locks to one owner and the next refresh would show the other resource's "+
			"drift, so the two would fight forever. Manage each lock's owner in exactly one resource.", by, len(conflicts), conflictLines(userID, conflicts)))
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
