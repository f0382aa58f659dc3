package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
)

// Adds and removes: the answers the API leaves unsaid.
//
// An add answers 400 when its entry is already there and a remove answers
// 400 (404 for keys) when its entry is not, so a command whose answer was
// lost (a timeout, a dropped connection after sending, a gateway's
// 502/503/504) cannot simply be sent again and judged by its status: the
// second answer would be the 400 of the first success. And the same 400
// also means "invalid request". In both cases command reads the list back
// and goes on from what is true; it never guesses.

// presence is what a read-back found of the entry a command adds or
// removes.
type presence int

const (
	absent presence = iota
	// present: there, with the values the add sends.
	present
	// presentOther: there, with other values (another name, level, ...).
	presentOther
)

// readBack looks the command's entry up in a fresh read of its list. A
// list whose aggregate no longer exists holds nothing: absent.
type readBack func(ctx context.Context) (presence, error)

// Change is the API's answer to an add or a remove.
type Change struct {
	// AggregateID is the aggregate the command changed: the lock id in
	// decimal, or the user id.
	AggregateID string
	// Version is the aggregate's version after the command, as the API
	// wrote it; "" when Confirmed.
	Version json.Number
	// Confirmed is set when the answer was lost and a read-back showed the
	// command took effect.
	Confirmed bool

	// since is the aggregate's write generation after the command: a read
	// of its list that started then sees it (readAfter).
	since uint64
}

// command sends an add or a remove and resolves lost answers and
// conflict statuses by reading back (see the top of this file).
func command(ctx context.Context, c *Client, ep endpoint[*Change], t target, body []byte, check readBack, secrets ...string) (*Change, error) {
	if err := t.check(ep.path); err != nil {
		return nil, err
	}
	ch, err := c.command(withCallSecrets(ctx, secrets), ep, t, body, check)
	return ch, c.secrets.with(secrets...).scrub(err)
}

func (c *Client) command(ctx context.Context, ep endpoint[*Change], t target, body []byte, check readBack) (*Change, error) {
	req := c.request(ep.meta(), t, body)
	agg := aggregateOf(req.path)
	for {
		resp, err := c.do(ctx, req)
		// Whatever came back, the aggregate may have changed: no read
		// from before this command answers a read after it.
		since := c.reads.invalidate(agg)
		var lost *lostError
		switch {
		case errors.As(err, &lost):
			c.logger.Warn(ctx, "SmartphoneKey API answer lost; reading back before sending again",
				map[string]any{"method": req.method, "path": req.path, "attempt": req.attempts})
			found, rerr := check(ctx)
			cause := lost.cause(ep)
			switch {
			case rerr != nil:
				return nil, &OutcomeError{Method: req.method, Path: req.path, Outcome: ErrOutcomeUnknown, Cause: cause, ReadErr: rerr}
			case ep.effect == adds && found == present, ep.effect == removes && found == absent:
				return &Change{AggregateID: aggregateID(t), Confirmed: true, since: since}, nil
			case ep.effect == adds && found == presentOther:
				return nil, &OutcomeError{Method: req.method, Path: req.path, Outcome: ErrAlreadyExists, Cause: cause}
			case req.attempts > c.retry.maxRetries:
				// The read-back showed the command did not take effect,
				// and the budget is spent: nothing was done.
				return nil, cause
			}
			if err := sleep(ctx, backoff(c.retry.waitMin, c.retry.waitMax, req.attempts-1, nil)); err != nil {
				return nil, &RequestError{Method: req.method, Path: req.path, Attempts: req.attempts, Err: err}
			}
		case err != nil:
			return nil, err
		case resp.status == ep.conflictStatus:
			return nil, conflict(ctx, ep, resp, check)
		default:
			ch, err := interpret(ep, t, resp)
			if ch != nil {
				ch.since = since
			}
			return ch, err
		}
	}
}

// conflict reads back after the status that means both "already
// there"/"not there" and "invalid request", and says which it was.
func conflict(ctx context.Context, ep endpoint[*Change], resp *response, check readBack) error {
	apiErr := statusError(ep.notFound, ep.device, resp)
	if apiErr.notAPI {
		return apiErr
	}
	found, err := check(ctx)
	switch {
	case err != nil:
		// The API's own words stand; the read-back's failure is logged by
		// the call that made it.
		return apiErr
	case ep.effect == adds && found != absent:
		return &OutcomeError{Method: resp.method, Path: resp.path, Outcome: ErrAlreadyExists, Same: found == present, Cause: apiErr}
	case ep.effect == removes && found == absent:
		return &OutcomeError{Method: resp.method, Path: resp.path, Outcome: ErrNotPresent, Cause: apiErr}
	}
	return apiErr
}

// aggregateID is the id of the aggregate a command about t changes.
func aggregateID(t target) string {
	if t.userID != "" {
		return t.userID
	}
	return fmt.Sprint(t.lockID)
}

// lostError is an attempt of an add or remove whose answer was lost; do
// returns it instead of sending again.
type lostError struct {
	// resp is the gateway's answer, if any; err the transport failure.
	resp *response
	err  error
}

func (e *lostError) Error() string { return "answer lost" }

// cause is the error the lost attempt is, as it would be reported.
func (e *lostError) cause(ep endpoint[*Change]) error {
	if e.err != nil {
		return e.err
	}
	return statusError(ep.notFound, ep.device, e.resp)
}

// lostAnswer reports whether a failed attempt leaves unknown whether the
// server acted: the request may have arrived (no connection was refused
// before it was sent) and no answer of the API's own says it did not.
// A 429 is the API refusing to act; a 502 in the API's JSON shape from a
// device command is the API saying the device was unreachable and nothing
// was recorded.
func lostAnswer(resp *http.Response, body []byte, err error, device bool) bool {
	if err != nil {
		var op *net.OpError
		return !errors.As(err, &op) || op.Op != "dial"
	}
	switch resp.StatusCode {
	case http.StatusBadGateway:
		return !device || !apiShaped(body)
	case http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// apiShaped reports whether body is the API's command error shape:
// {"error": "...", "message": "..."} (some add "success": false).
func apiShaped(body []byte) bool {
	var eb errorBody
	return json.Unmarshal(body, &eb) == nil && eb.Error != nil && eb.Message != nil && string(eb.Success) != "true"
}

// OutcomeError is an add or a remove whose outcome the client learned, or
// failed to learn, by reading back: the entry was already there
// (ErrAlreadyExists), was already gone (ErrNotPresent), or the answer was
// lost and the read-back failed too (ErrOutcomeUnknown).
type OutcomeError struct {
	Method string
	Path   string
	// Outcome is ErrAlreadyExists, ErrNotPresent or ErrOutcomeUnknown.
	Outcome error
	// Same is set for ErrAlreadyExists when the entry found has the values
	// the add sent.
	Same bool
	// Cause is the API's answer (the 400 or 404) or the lost attempt's
	// failure.
	Cause error
	// ReadErr is why the read-back failed, for ErrOutcomeUnknown.
	ReadErr error
}

func (e *OutcomeError) Error() string {
	switch {
	case errors.Is(e.Outcome, ErrOutcomeUnknown):
		return fmt.Sprintf("%s %s: the answer was lost (%v) and reading back to learn whether it took effect failed: %v",
			e.Method, e.Path, e.Cause, e.ReadErr)
	case errors.Is(e.Outcome, ErrAlreadyExists) && e.Same:
		return fmt.Sprintf("%s %s: the entry already exists, with the same values (%v)", e.Method, e.Path, e.Cause)
	}
	return fmt.Sprintf("%s %s: %v (%v)", e.Method, e.Path, e.Outcome, e.Cause)
}

func (e *OutcomeError) Unwrap() error { return e.Cause }

// Is matches the outcome's sentinel.
func (e *OutcomeError) Is(target error) bool { return target != nil && target == e.Outcome }
