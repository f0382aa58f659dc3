package spkeytest

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
)

// Canned is an answer served verbatim on a path before anything else the
// mock does (authentication, routing, faults, the request rate; only
// Options.Latency still applies), as a proxy in front of the API or
// another server at base_url would answer:
// an HTML 404 page, a JSON body of the wrong shape. Tests use it to show
// how the provider tells the API's own answers from anyone else's.
type Canned struct {
	// Method limits the answer to one method; "" matches every method.
	Method string `json:"method,omitempty"`
	// Path is the request path answered, exactly ("/locks/7/basic-info"),
	// or, ending in "*", every path that starts with the rest ("/v2/*").
	Path string `json:"path"`
	// Status defaults to 200.
	Status int `json:"status"`
	// ContentType is sent as Content-Type; "" sends none.
	ContentType string `json:"content_type,omitempty"`
	Body        string `json:"body"`
}

// HTMLNotFoundPage is a proxy's 404 page, for Canned answers.
const HTMLNotFoundPage = "<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>\n<body><h1>404 Not Found</h1><hr><center>nginx</center></body></html>\n"

// AddCanned serves c on its path from now on. The newest Canned that
// matches a request wins, so adding one for the same path replaces it.
func (s *Server) AddCanned(c Canned) error {
	if c.Status == 0 {
		c.Status = http.StatusOK
	}
	if err := c.validate(); err != nil {
		return err
	}
	s.canned.add(c)
	return nil
}

// ClearCanned removes every Canned answer.
func (s *Server) ClearCanned() { s.canned.clear() }

// CannedAnswers returns the Canned answers, oldest first.
func (s *Server) CannedAnswers() []Canned { return s.canned.all() }

func (c Canned) validate() error {
	switch {
	case !strings.HasPrefix(c.Path, "/"):
		return fmt.Errorf("canned answer: path %q must start with /", c.Path)
	case strings.HasPrefix(c.Path, adminPrefix):
		return errors.New("canned answer: the control endpoints under " + adminPrefix + " cannot be replaced")
	case c.Status < 100 || c.Status > 599:
		return fmt.Errorf("canned answer: status %d must be 100-599", c.Status)
	}
	return nil
}

func (c Canned) matches(method, path string) bool {
	if c.Method != "" && c.Method != method {
		return false
	}
	if prefix, ok := strings.CutSuffix(c.Path, "*"); ok {
		return strings.HasPrefix(path, prefix)
	}
	return path == c.Path
}

func (c Canned) answer() answer {
	h := http.Header{"Content-Type": nil} // nil: no type sniffed either
	if c.ContentType != "" {
		h.Set("Content-Type", c.ContentType)
	}
	return answer{status: c.Status, header: h, body: []byte(c.Body)}
}

// routeNotFound is the answer to a path the API does not serve: a router's
// plain-text 404, neither of the API's error shapes, so that it never
// reads as "this lock does not exist".
func routeNotFound() answer {
	return answer{
		status: http.StatusNotFound,
		header: http.Header{"Content-Type": {"text/plain; charset=utf-8"}, "X-Content-Type-Options": {"nosniff"}},
		body:   []byte("404 page not found\n"),
	}
}

type cannedSet struct {
	mu    sync.Mutex
	rules []Canned
}

func (cs *cannedSet) add(c Canned) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.rules = append(cs.rules, c)
}

func (cs *cannedSet) clear() {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.rules = nil
}

func (cs *cannedSet) all() []Canned {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return append([]Canned(nil), cs.rules...)
}

func (cs *cannedSet) match(method, path string) (Canned, bool) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	for i := len(cs.rules) - 1; i >= 0; i-- {
		if cs.rules[i].matches(method, path) {
			return cs.rules[i], true
		}
	}
	return Canned{}, false
}
