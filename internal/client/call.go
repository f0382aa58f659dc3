package client

import (
	"context"
	"errors"
	"net/http"
	"strconv"
)

// endpoint is one lock operation of the API: how to reach it and how to
// read its answers. A new operation needs only an endpoint value and its
// decoder.
type endpoint[T any] struct {
	method string
	// op is the last path segment: /locks/{id}/{op}.
	op string
	// notFound reports whether a 404 body is this operation's own "not
	// found" answer. Any other 404 comes from something that is not the
	// API (a proxy, a wrong path prefix) and matches ErrNotSpkeyAPI.
	notFound func(*errorBody) bool
	// decode reads a 2xx body; lockID is the lock asked about, which the
	// answer must be about too.
	decode func(body []byte, lockID int64) (T, error)
}

// response is the last answer of one API call, its body read to the end
// and redacted.
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

// call sends one API call for a lock and decodes its answer. query is the
// URL's query ("" or "page=2"); body is nil for a GET.
func call[T any](ctx context.Context, c *Client, ep endpoint[T], lockID int64, query string, body []byte) (T, error) {
	var zero T
	if err := checkLockID(lockID); err != nil {
		return zero, err
	}
	resp, err := c.do(ctx, ep.method, lockPath(lockID, ep.op), query, body)
	if err != nil {
		return zero, err
	}
	return interpret(ep, lockID, resp)
}

// interpret turns an answer into the endpoint's result or a typed error.
func interpret[T any](ep endpoint[T], lockID int64, resp *response) (T, error) {
	var zero T
	if resp.status < 200 || resp.status > 299 {
		return zero, statusError(ep.notFound, resp)
	}
	v, err := ep.decode(resp.body, lockID)
	switch {
	case errors.Is(err, errRefused):
		return zero, refusedError(resp)
	case err != nil:
		return zero, &DecodeError{Method: resp.method, Path: resp.path, StatusCode: resp.status, Err: err}
	}
	return v, nil
}

// do sends one API call, retrying what may go better on another attempt,
// and returns the last answer whatever its status, or an error when no
// usable answer came.
func (c *Client) do(ctx context.Context, method, path, query string, body []byte) (*response, error) {
	req := c.newRequest(method, path, query, body != nil)
	if query != "" {
		path += "?" + query
	}
	for n := 1; ; n++ {
		resp, got, err := c.send.attempt(ctx, req, body, n) //nolint:bodyclose // roundTrip reads and closes every body (readBody).
		retry := c.retryable(ctx, req, n, resp, err)
		if !retry || n > c.retry.maxRetries {
			return c.finish(ctx, req, path, n, retry, resp, got, err)
		}
		if err := sleep(ctx, backoff(c.retry.waitMin, c.retry.waitMax, n-1, resp)); err != nil {
			return nil, &RequestError{Method: method, Path: path, Attempts: n, Err: err}
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
		contentType: resp.Header.Get("Content-Type"), body: c.secrets.body(body), attempts: n, exhausted: exhausted,
	}
	if loc := resp.Header.Get("Location"); loc != "" {
		r.location = c.secrets.location(loc)
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

func lockPath(lockID int64, op string) string {
	return "/locks/" + strconv.FormatInt(lockID, 10) + "/" + op
}
