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

// call sends one API call for a lock and decodes its answer. query is
// appended to the path ("" or "?page=2"); body is nil for a GET.
func call[T any](ctx context.Context, c *Client, ep endpoint[T], lockID int64, query string, body []byte) (T, error) {
	var zero T
	if err := checkLockID(lockID); err != nil {
		return zero, err
	}
	resp, err := c.do(ctx, ep.method, lockPath(lockID, ep.op)+query, body)
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
func (c *Client) do(ctx context.Context, method, path string, body []byte) (*response, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.baseURL+path, nil)
	if err != nil {
		return nil, &RequestError{Method: method, Path: path, Err: err}
	}
	req.Header = c.headers[0]
	if body != nil {
		req.Header = c.headers[1]
	}
	for n := 1; ; n++ {
		resp, got, err := c.send.attempt(req, body, n)
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

func lockPath(lockID int64, op string) string {
	return "/locks/" + strconv.FormatInt(lockID, 10) + "/" + op
}
