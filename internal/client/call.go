package client

import (
	"context"
	"errors"
	"net/http"
)

// response is the last answer of one API call, its body read to the end.
// The body is data, never redacted: only the errors made of it are.
type response struct {
	method, path string
	// baseURL is the base URL the call was sent to, for hints.
	baseURL string
	status  int
	// contentType and location are the answer's headers of those names;
	// location is redacted.
	contentType, location string
	body                  []byte
	attempts              int
	// exhausted is set when the last attempt could have been retried but
	// the retry budget was spent.
	exhausted bool
}

// call sends one API call and decodes its answer; body is nil for a GET.
// A shared read is answered from sharedReads when an answer about the same
// path is there, or on its way. secrets are the call's own (a temporary
// key's UUID), redacted from its errors like the credentials.
func call[T any](ctx context.Context, c *Client, ep endpoint[T], t target, body []byte, secrets ...string) (T, error) {
	return send(ctx, c, ep, t, body, nil, secrets...)
}

// readAfter is a shared read that only needs to be newer than the write
// ch reports (see sharedReads).
func readAfter[T any](ctx context.Context, c *Client, ep endpoint[T], t target, ch *Change) (T, error) {
	if ch == nil {
		return call(ctx, c, ep, t, nil)
	}
	return send(ctx, c, ep, t, nil, &ch.since)
}

// send is call; since, when set, is the write generation a shared read
// must have started at or after.
func send[T any](ctx context.Context, c *Client, ep endpoint[T], t target, body []byte, since *uint64, secrets ...string) (T, error) {
	var zero T
	if err := t.check(ep.path); err != nil {
		return zero, err
	}
	req := c.request(ep.meta(), t, body)
	fetch := func() (T, error) {
		resp, err := c.do(ctx, req)
		if err == nil {
			var v T
			if v, err = interpret(ep, t, resp); err == nil {
				return v, nil
			}
		}
		return zero, c.secrets.with(secrets...).scrub(err)
	}
	if ep.effect != reads {
		// A write makes every shared read of its aggregate stale, whatever
		// its answer (command does the same for adds and removes).
		defer c.reads.invalidate(aggregateOf(req.path))
	}
	if !ep.shared {
		return fetch()
	}
	shared := func() (any, error) { return fetch() }
	var v any
	var err error
	if since != nil {
		v, err = c.reads.getAfter(ctx, req.key(), aggregateOf(req.path), *since, shared)
	} else {
		v, err = c.reads.get(ctx, req.key(), aggregateOf(req.path), shared)
	}
	if err != nil {
		return zero, err
	}
	return v.(T), nil //nolint:forcetypeassert // the shared read returns what fetch returned, a T.
}

// fresh is call without a shared answer from before: the read that learns
// whether a command took effect must not be older than the command.
func fresh[T any](ctx context.Context, c *Client, ep endpoint[T], t target) (T, error) {
	c.reads.invalidate(aggregateOf(t.path(ep.path)))
	return call(ctx, c, ep, t, nil)
}

// interpret turns an answer into the endpoint's result or a typed error.
func interpret[T any](ep endpoint[T], t target, resp *response) (T, error) {
	var zero T
	if resp.status < 200 || resp.status > 299 {
		return zero, statusError(ep.notFound, ep.device, resp)
	}
	v, err := ep.decode(resp.body, t)
	switch {
	case errors.Is(err, errRefused):
		return zero, refusedError(resp)
	case err != nil && ep.opaque:
		return zero, &DecodeError{Method: resp.method, Path: resp.path, StatusCode: resp.status, Err: err, reason: opaqueReason}
	case err != nil:
		return zero, &DecodeError{Method: resp.method, Path: resp.path, StatusCode: resp.status, Err: err}
	}
	return v, nil
}

// opaqueReason replaces what is wrong with an opaque answer, which may
// quote it.
const opaqueReason = "it is not the documented answer (not quoted here: temporary key answers hold UUIDs that open doors)"

// apiRequest is one call on its way: what to send, and how far its retry
// budget has gone.
type apiRequest struct {
	method, path, query string
	body                []byte
	effect              effect
	device              bool
	// attempts counts the attempts sent so far, across the sends of one
	// command (a read-back between them does not reset it).
	attempts int
}

func (c *Client) request(m endpointMeta, t target, body []byte) *apiRequest {
	r := &apiRequest{method: m.method, path: t.path(m.path), body: body, effect: m.effect, device: m.device}
	if len(t.query) > 0 {
		r.query = t.query.Encode()
	}
	return r
}

// key is what a shared read is stored under: the path and the query.
func (r *apiRequest) key() string {
	if r.query == "" {
		return r.path
	}
	return r.path + "?" + r.query
}

// endpointMeta is what sending needs of an endpoint, whatever it decodes.
type endpointMeta struct {
	method, path string
	effect       effect
	device       bool
}

func (ep endpoint[T]) meta() endpointMeta {
	return endpointMeta{method: ep.method, path: ep.path, effect: ep.effect, device: ep.device}
}

// do sends one API call, retrying what may go better on another attempt,
// and returns the last answer whatever its status, or an error when no
// usable answer came. An add or remove whose answer was lost is not sent
// again here: do returns a *lostError and command reads back first.
func (c *Client) do(ctx context.Context, r *apiRequest) (*response, error) {
	req := c.newRequest(r.method, r.path, r.query, r.body != nil)
	path := r.key()
	for {
		r.attempts++
		n := r.attempts
		resp, got, err := c.send.attempt(ctx, req, r.body, n) //nolint:bodyclose // roundTrip reads and closes every body (readBody).
		retry := c.retryable(ctx, req, n, resp, err)
		if retry && !r.effect.resendable() && lostAnswer(resp, got, err, r.device) {
			// What finish makes of it is the cause a read-back explains.
			lost, cause := c.finish(ctx, req, path, n, n > c.retry.maxRetries, resp, got, err)
			return nil, &lostError{resp: lost, err: cause}
		}
		if !retry || n > c.retry.maxRetries {
			return c.finish(ctx, req, path, n, retry, resp, got, err)
		}
		if err := sleep(ctx, backoff(c.retry.waitMin, c.retry.waitMax, n-1, resp)); err != nil {
			return nil, &RequestError{Method: r.method, Path: path, Attempts: n, Err: err}
		}
	}
}

// finish makes the last attempt's outcome the call's.
func (c *Client) finish(ctx context.Context, req *http.Request, path string, n int, exhausted bool,
	resp *http.Response, body []byte, err error,
) (*response, error) {
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			err = ctxErr
		}
		return nil, &RequestError{Method: req.Method, Path: path, Attempts: n, Err: err, exhausted: exhausted}
	}
	r := &response{
		method: req.Method, path: path, baseURL: c.baseURL, status: resp.StatusCode,
		contentType: resp.Header.Get("Content-Type"), body: body, attempts: n, exhausted: exhausted,
	}
	if loc := resp.Header.Get("Location"); loc != "" {
		r.location = c.secrets.text(loc)
	}
	if mismatch := protocolMismatch(req, r); mismatch != nil {
		return nil, &RequestError{Method: req.Method, Path: path, Attempts: n, Err: mismatch}
	}
	return r, nil
}

// newRequest is a request without context or body, built without parsing
// a URL or copying a header: the base URL was parsed once, and the headers
// are shared and never written.
func (c *Client) newRequest(method, path, query string, hasBody bool) *http.Request {
	u := *c.base
	u.Path += path
	if u.RawPath != "" {
		u.RawPath += path
	}
	u.RawQuery = query
	header := c.headers[0]
	if hasBody {
		header = c.headers[1]
	}
	return &http.Request{Method: method, URL: &u, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: header, Host: u.Host}
}
