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
	// what completes "While trying to ...": {lock} and {user} stand for
	// the subject's lock id and user id.
	what string
	// attr is the attribute whose value the operation sends, such as
	// "org_id"; "" for a read, which changes nothing.
	attr string
	// effect is what the call does, which decides what running it again
	// does and what a failure left behind.
	effect opEffect
	// noun is what an add or remove adds or removes: "grant", "key".
	noun string
	// missing is the attribute a 404 says is wrong: lock_id, unless the
	// operation is about a user.
	missing string
	// timeout is the timeouts attribute that bounds the call where it is
	// made, when it is not the one its effect implies (see timeoutKey):
	// "update" for an update's SetOrganization, noTimeouts for a call that
	// no timeouts attribute bounds.
	timeout string
}

// noTimeouts marks an operation that no timeouts attribute bounds (a list
// resource's query).
const noTimeouts = "none"

// during is op made by a resource operation whose timeout is key: an
// update sends SetOrganization too, bounded by timeouts.update.
func (op operation) during(key string) operation {
	op.timeout = key
	return op
}

// opEffect is what an operation's call does.
type opEffect int

const (
	opReads opEffect = iota
	// opSets sends a value the lock keeps; sending it again is harmless.
	opSets
	// opAdds and opRemoves add an entry to a list or take one out.
	opAdds
	opRemoves
)

// The operations, one per kind of call a resource or data source makes.
var (
	opSetOrganization = operation{summary: "Unable to Set Lock Organization", what: "set the organization of lock {lock}", attr: "org_id", effect: opSets}
	opSetOwner        = operation{summary: "Unable to Set Lock Owner", what: "set the owner of lock {lock}", attr: "user_id", effect: opSets}
	opReadLock        = operation{summary: "Unable to Read Lock", what: "read lock {lock}"}
	opQueryLocks      = operation{summary: "Unable to Query Locks", what: "read lock {lock}", timeout: noTimeouts}
	opReadEvents      = operation{summary: "Unable to Read Lock Events", what: "read the event history of lock {lock}"}
)

// subject is what one call was about.
type subject struct {
	lockID int64
	userID string
}

func lockSubject(lockID int64) subject { return subject{lockID: lockID} }

// phrase is op's what with the subject filled in.
func (op operation) phrase(s subject) string {
	return strings.NewReplacer("{lock}", strconv.FormatInt(s.lockID, 10), "{user}", s.userID).Replace(op.what)
}

// again says what running a cancelled operation again does.
func (op operation) again() string {
	switch op.effect {
	case opReads:
		return "Run it again when ready: a read changes nothing."
	case opSets:
		what := op.attr
		if what == "" {
			what = "values"
		}
		return "Run apply again when ready: sending the same " + what + " a second time is harmless."
	}
	return "The request may have reached the API: the next plan reads the list back and shows whether the " + op.noun +
		" was " + op.pastTense() + ", and the next apply goes on from what is true."
}

// nothingDone says what a failed call left as it was: a change was not
// made, a read changed nothing.
func (op operation) nothingDone() string {
	switch op.effect {
	case opReads:
		return "nothing was read and state is unchanged"
	case opAdds:
		return "no " + op.noun + " was added and nothing was recorded in state"
	case opRemoves:
		return "the " + op.noun + " was not removed and it stays in state"
	}
	return "the change was not made and nothing was recorded in state"
}

// rerun is the command that sends the operation again: a remove may
// come from an apply or a destroy.
func (op operation) rerun() string {
	if op.effect == opRemoves {
		return "apply (or destroy)"
	}
	return "apply"
}

func (op operation) pastTense() string {
	if op.effect == opRemoves {
		return "removed"
	}
	return "added"
}

// timeoutKey is the timeouts attribute that bounds the operation.
func (op operation) timeoutKey() string {
	if op.timeout != "" {
		return op.timeout
	}
	switch op.effect {
	case opReads:
		return "read"
	case opRemoves:
		return "delete"
	}
	return "create"
}

func unusableResponseDiag(op operation, s subject, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic(op.summary,
		fmt.Sprintf("The API accepted the request to %s but its answer could not be recorded: %v. "+
			"Run apply again; if this persists, report it to SmartphoneKey.", op.phrase(s), err))
}

// apiErrorDiag turns a client error into a diagnostic that says what
// happened and what to do, quoting the API's message where there is one.
func apiErrorDiag(op operation, s subject, baseURL string, err error) diag.Diagnostic {
	what := fmt.Sprintf("While trying to %s at %s: ", op.phrase(s), baseURL)
	var apiErr *client.APIError
	var decErr *client.DecodeError
	var reqErr *client.RequestError
	var outErr *client.OutcomeError
	switch {
	case errors.Is(err, client.ErrOutcomeUnknown) && errors.As(err, &outErr):
		// Before the timeout and transport cases it wraps.
		return diag.NewErrorDiagnostic(op.summary, what+fmt.Sprintf("the answer was lost (%v), and reading the list back "+
			"to learn whether the %s was %s failed too (%v). It may have happened: nothing was recorded in state, and the "+
			"next plan reads the list and shows what is true.", outErr.Cause, op.noun, op.pastTense(), outErr.ReadErr))
	case errors.Is(err, client.ErrDeviceUnreachable) && errors.As(err, &apiErr):
		return diag.NewErrorDiagnostic(op.summary, what+fmt.Sprintf("the lock's device could not be reached (HTTP 502%s, %s): %s. "+
			"Bring lock %d online (power, network, within reach of its gateway) and run %s again.",
			apiSaid(apiErr), attemptsPhrase(apiErr.Attempts), op.nothingDone(), s.lockID, op.rerun()))
	case errors.Is(err, context.DeadlineExceeded):
		return diag.NewErrorDiagnostic(op.summary, what+timeoutAdvice(op)+" Error: "+err.Error())
	case errors.Is(err, context.Canceled):
		return diag.NewErrorDiagnostic(op.summary, what+"the operation was cancelled before the API answered. "+op.again())
	case errors.Is(err, client.ErrNotSpkeyAPI) && errors.As(err, &apiErr):
		// Before the 404 case: only the API's own "not found" means the
		// lock is gone.
		return diag.NewErrorDiagnostic(op.summary, what+fmt.Sprintf("the server answered HTTP %d%s. %s. %s.",
			apiErr.StatusCode, excerptSaid(apiErr), apiErr.Hint, capitalize(op.nothingDone())))
	case errors.As(err, &apiErr):
		return apiStatusDiag(op, s, what, apiErr)
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

// timeoutAdvice says that an operation ran out of time, and which
// timeouts attribute gives it more.
func timeoutAdvice(op operation) string {
	if op.timeoutKey() == noTimeouts {
		return "the time Terraform gave the operation ran out before the API answered. Check base_url and your network; " +
			"if the API is slow, lower how many locks one run reads."
	}
	return fmt.Sprintf("the operation's timeout elapsed before the API answered. Raise the %s timeout (for example "+
		"timeouts = { %s = \"10m\" }), or check base_url and your network.", op.timeoutKey(), op.timeoutKey())
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
	if op.effect == opReads {
		return "State is unchanged"
	}
	return "Nothing was recorded in state"
}

func apiStatusDiag(op operation, s subject, what string, e *client.APIError) diag.Diagnostic {
	said := apiSaid(e)
	switch {
	case e.StatusCode == http.StatusUnauthorized:
		return diag.NewErrorDiagnostic(op.summary, what+"the API rejected the credentials (HTTP 401"+said+"). "+
			"Check that api_token (or SPKEY_API_TOKEN) is a valid, unexpired SmartphoneKey JWT, or api_key "+
			"(or SPKEY_API_KEY) a valid B2B API key, and that base_url points at the server that issued them.")
	case e.StatusCode == http.StatusForbidden && op.missing == "user_id":
		verb := "change"
		if op.effect == opReads {
			verb = "read"
		}
		return diag.NewErrorDiagnostic(op.summary, what+fmt.Sprintf("the credentials are valid but not allowed to %s the "+
			"accessible locks of user %s (HTTP 403%s). With a JWT (api_token) a user can only change their own list; granting "+
			"or removing another user's access takes a B2B API key (api_key).", verb, s.userID, said))
	case e.StatusCode == http.StatusForbidden:
		return diag.NewErrorDiagnostic(op.summary, what+"the credentials are valid but not allowed to touch this lock (HTTP 403"+said+"). "+
			"A B2B API key may only manage locks its own organization owns; a JWT must belong to the lock's owner. "+
			"Use credentials of the lock's current owner, or ask SmartphoneKey for a key that covers it.")
	case e.StatusCode == http.StatusNotFound && op.missing == "user_id":
		return diag.NewAttributeErrorDiagnostic(path.Root("user_id"), op.summary,
			what+fmt.Sprintf("user %s does not exist (HTTP 404%s). Check user_id (look a user up by email with "+
				"data.spkey_user), and check base_url: each SmartphoneKey server (staging, production) holds its own users.", s.userID, said))
	case e.StatusCode == http.StatusNotFound:
		return diag.NewAttributeErrorDiagnostic(lockIDPath, op.summary,
			what+fmt.Sprintf("lock %d does not exist (HTTP 404%s). Check lock_id, and check base_url: each SmartphoneKey "+
				"server (staging, production) holds its own locks.", s.lockID, said))
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

// maxListed is how many items a message lists before it says "and N more".
const maxListed = 5

// listIDs prints the first few ids and how many more there are.
func listIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return "lock " + listStrings(s)
}

// listStrings prints the first few items and how many more there are.
func listStrings(items []string) string {
	if len(items) <= maxListed {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:maxListed], ", "), len(items)-maxListed)
}
