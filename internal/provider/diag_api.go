package provider

// API errors and what the provider was doing: how a failed call reads,
// whichever resource made it. Messages about one resource family live next
// to it (lock_assignment_diag.go, organization_locks_diag.go,
// access_diag.go, ...), messages about a value next to its validators
// (value_diag.go), and provider settings in provider_diag.go. The client's
// own hints (a redirect, a 404 that is not the API's) come from
// internal/client, and lock id lists word their errors in internal/lockids;
// the troubleshooting guide lists them all.

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
	// attr is the attribute whose value the operation sends, such as
	// "org_id"; "" for a read, which changes nothing.
	attr string
}

// The operations, one per kind of call a resource or data source makes.
var (
	opSetOrganization = operation{summary: "Unable to Set Lock Organization", verb: "set the organization of", attr: "org_id"}
	opSetOwner        = operation{summary: "Unable to Set Lock Owner", verb: "set the owner of", attr: "user_id"}
	opReadLock        = operation{summary: "Unable to Read Lock", verb: "read"}
	opQueryLocks      = operation{summary: "Unable to Query Locks", verb: "read"}
	opReadEvents      = operation{summary: "Unable to Read Lock Events", verb: "read the event history of"}
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
			decErr.StatusCode, decErr.Reason(), stateNote(op)))
	case errors.As(err, &decErr):
		return diag.NewErrorDiagnostic(op.summary, what+fmt.Sprintf("the API answered HTTP %d, but the answer does not match the "+
			"SmartphoneKey API contract: %v. %s. Check that base_url points at the SmartphoneKey API "+
			"(not a proxy or another service); if it does, report this to SmartphoneKey.", decErr.StatusCode, decErr.Reason(), stateNote(op)))
	case errors.As(err, &reqErr) && notRetried(err):
		return diag.NewErrorDiagnostic(op.summary, what+fmt.Sprintf("no usable answer after 1 attempt: %v.", reqErr))
	case errors.As(err, &reqErr):
		return diag.NewErrorDiagnostic(op.summary, what+fmt.Sprintf("no usable answer %s: %v. Check base_url, DNS, "+
			"proxies and your network; if the API is slow or flaky, raise request_timeout or max_retries.",
			attemptsPhrase(reqErr.Attempts), reqErr.Reason()))
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

const maxListed = 5

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
