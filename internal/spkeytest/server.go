package spkeytest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"maps"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/smartphonekey/terraform-provider-spkey/internal/lockids"
)

// Options configure a Server.
type Options struct {
	// Token is the bearer token the mock accepts; APIKey the X-API-Key. A
	// request is authenticated when either matches. Empty values accept
	// nothing, so at least one must be set.
	Token  string
	APIKey string
	// APIKeyOrg, when set, scopes the API key like a B2B key: a request
	// authenticated by the key alone may only touch locks that belong to
	// this organization or to none (others get 403).
	APIKeyOrg string
	// Locks are the lock ids that exist at start, with no organization.
	Locks []int64
	// Latency delays every answer.
	Latency time.Duration
	// RequestsPerSecond, when positive, answers 429 with Retry-After to
	// requests beyond that rate.
	RequestsPerSecond float64
	// Seed makes Rate faults reproducible.
	Seed uint64
	// Faults are injected from the start; see InjectFault.
	Faults []Fault
	// Log, when set, gets one line per request (never a header value).
	Log *log.Logger
	// Clock, when set, gives the time of every event (see StepClock for
	// deterministic timestamps); time.Now otherwise.
	Clock func() time.Time
	// Now, when set, is the time temp key statuses are computed at;
	// time.Now otherwise. Server.SetNow fixes it.
	Now func() time.Time
	// Users exist at start (see User and NumberedUser); Start reports a
	// malformed or duplicate one.
	Users []User
	// ActorID is the user the mock acts as: createdBy, updatedBy and
	// deletedBy of temp keys, and the author of out-of-band changes;
	// DefaultActorID when "".
	ActorID string
	// OfflineDevices are the locks whose device cannot be reached at start
	// (see SetDeviceOffline).
	OfflineDevices []int64
}

// DefaultActorID is the user the mock acts as unless Options.ActorID says
// otherwise.
const DefaultActorID = "00000000-0000-4000-8000-0000000ac702"

// Request is one request the mock received, as a test sees it.
type Request struct {
	Method string
	Path   string
	// Query is the URL's query, for example page for OpEvents.
	Query url.Values
	// Op is the operation (OpSetOrganization, OpAddKey, ...) or "" for a
	// path the API does not serve.
	Op string
	// LockID is the lock the request is about: the id of a /locks/{id}/
	// path, the body's lockId for AddAccessibleLock and
	// RemoveAccessibleLock; 0 for none (or an id that is not a positive
	// integer).
	LockID int64
	// UserID is the {id} of a /users/{id}/ path.
	UserID string
	Header http.Header
	Body   []byte
	// Status is what the mock answered; 0 for a dropped connection.
	Status int
	// Fault is the injected fault, if any, in ParseFault syntax.
	Fault string
	// Canned is true when a Canned answer was served.
	Canned bool
}

// Stats counts what the mock saw.
type Stats struct {
	Requests    int64       `json:"requests"`
	Connections int64       `json:"connections"`
	Faults      int64       `json:"faults"`
	RateLimited int64       `json:"rate_limited"`
	ByStatus    map[int]int `json:"by_status"`
	// ByOp counts the requests by operation (Request.Op), whatever the
	// answer; a path the API does not serve counts in Requests only.
	ByOp map[string]int `json:"by_op"`
	// MaxInFlight is the most requests the mock was serving at once
	// (latency included): what a client's max_concurrency must bound.
	MaxInFlight int64 `json:"max_in_flight"`
}

// Server is the mock API. Its zero value is not usable; create one with New
// (then Start) or NewServer.
type Server struct {
	// URL is the base URL once started, for example http://127.0.0.1:41234.
	URL string

	opts    Options
	store   *store
	faults  *faultSet
	canned  cannedSet
	admin   *http.ServeMux
	limiter *rate.Limiter

	mu       sync.Mutex
	requests []Request
	byStatus map[int]int
	byOp     map[string]int

	nRequests    atomic.Int64
	nConnections atomic.Int64
	nFaults      atomic.Int64
	nRateLimited atomic.Int64
	inFlight     atomic.Int64
	maxInFlight  atomic.Int64

	srv *http.Server

	// initErr is what Start reports about Options.Users.
	initErr error

	nowMu    sync.Mutex
	fixedNow time.Time
}

// New returns a Server that is not yet listening: serve it with Start, or
// use it as an http.Handler.
func New(opts Options) *Server {
	s := &Server{
		opts:     opts,
		store:    newStore(opts.Clock),
		faults:   newFaultSet(opts.Seed),
		byStatus: map[int]int{},
		byOp:     map[string]int{},
	}
	s.admin = newAdminMux(s)
	for _, id := range opts.Locks {
		s.store.add(id, "")
	}
	for _, u := range opts.Users {
		if _, err := s.AddUser(u); err != nil && s.initErr == nil {
			s.initErr = fmt.Errorf("user %q of Options.Users: %w", u.ID, err)
		}
	}
	for _, id := range opts.OfflineDevices {
		s.SetDeviceOffline(id, true)
	}
	for _, f := range opts.Faults {
		s.faults.add(f)
	}
	if opts.RequestsPerSecond > 0 {
		// A burst of a tenth of a second absorbs the jitter between a
		// well-behaved client's own limiter and this one.
		s.limiter = rate.NewLimiter(rate.Limit(opts.RequestsPerSecond), max(1, int(opts.RequestsPerSecond/10)))
	}
	return s
}

// NewServer starts a Server on a free loopback port.
func NewServer(opts Options) *Server {
	s := New(opts)
	if err := s.Start("127.0.0.1:0"); err != nil {
		panic(fmt.Sprintf("spkeytest: %v", err))
	}
	return s
}

// TB is the part of testing.TB that NewTestServer uses, so that the
// package (and spkey-mock) does not link package testing.
type TB interface {
	Helper()
	Cleanup(func())
}

// NewTestServer starts a Server for one test and closes it when the test
// ends.
func NewTestServer(t TB, opts Options) *Server {
	t.Helper()
	s := NewServer(opts)
	t.Cleanup(s.Close)
	return s
}

// Start listens on addr ("127.0.0.1:0" for a free port) and serves in the
// background.
func (s *Server) Start(addr string) error {
	if s.opts.Token == "" && s.opts.APIKey == "" {
		return errors.New("set a token, an API key or both: a mock that accepts nothing is no use")
	}
	if s.initErr != nil {
		return s.initErr
	}
	if s.opts.ActorID != "" && !lockids.LooksLikeUUID(s.opts.ActorID) {
		return fmt.Errorf("the actor id %q must be a UUID such as %s", s.opts.ActorID, DefaultActorID)
	}
	// InjectFault checks its rule; Options.Faults skipped that check in New.
	for _, f := range s.opts.Faults {
		if err := f.validate(); err != nil {
			return err
		}
	}
	var lc net.ListenConfig
	l, err := lc.Listen(context.Background(), "tcp", addr)
	if err != nil {
		return err
	}
	s.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ConnState: func(_ net.Conn, st http.ConnState) {
			if st == http.StateNew {
				s.nConnections.Add(1)
			}
		},
	}
	s.URL = "http://" + l.Addr().String()
	go func() { _ = s.srv.Serve(l) }()
	return nil
}

// Close stops the server and closes every connection.
func (s *Server) Close() {
	if s.srv != nil {
		_ = s.srv.Close()
	}
}

// Requests returns the requests received so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// RequestsFor returns the requests for one operation and lock.
func (s *Server) RequestsFor(op string, lockID int64) []Request {
	return s.requestsWhere(func(r *Request) bool { return r.Op == op && r.LockID == lockID })
}

// RequestsForUser returns the requests for one operation and user (the
// {id} of a /users/{id}/ path).
func (s *Server) RequestsForUser(op, userID string) []Request {
	return s.requestsWhere(func(r *Request) bool { return r.Op == op && r.UserID == userID })
}

func (s *Server) requestsWhere(match func(*Request) bool) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Request
	for i := range s.requests {
		if match(&s.requests[i]) {
			out = append(out, s.requests[i])
		}
	}
	return out
}

// Stats returns the counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	by, byOp := maps.Clone(s.byStatus), maps.Clone(s.byOp)
	s.mu.Unlock()
	return Stats{
		Requests:    s.nRequests.Load(),
		Connections: s.nConnections.Load(),
		Faults:      s.nFaults.Load(),
		RateLimited: s.nRateLimited.Load(),
		ByStatus:    by,
		ByOp:        byOp,
		MaxInFlight: s.maxInFlight.Load(),
	}
}

// ResetStats forgets the recorded requests and zeroes the counters (the
// locks stay).
func (s *Server) ResetStats() {
	s.mu.Lock()
	s.requests = nil
	s.byStatus = map[int]int{}
	s.byOp = map[string]int{}
	s.mu.Unlock()
	s.nRequests.Store(0)
	s.nConnections.Store(0)
	s.nFaults.Store(0)
	s.nRateLimited.Store(0)
	// The requests being served now are the new peak's start.
	s.maxInFlight.Store(s.inFlight.Load())
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, adminPrefix) {
		s.admin.ServeHTTP(w, r)
		return
	}
	s.nRequests.Add(1)
	n := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	for m := s.maxInFlight.Load(); n > m && !s.maxInFlight.CompareAndSwap(m, n); m = s.maxInFlight.Load() {
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	rt := routeOf(r, body)
	rec := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(), Body: body,
		LockID: rt.lockID, UserID: rt.userID}
	if rt.ep != nil {
		rec.Op = rt.ep.op
	}

	ans := s.answer(r, rt, &rec, body)
	rec.Status = ans.status
	s.record(rec)
	if s.opts.Log != nil {
		s.opts.Log.Printf("%s %s -> %d %s", r.Method, r.URL.Path, ans.status, rec.Fault)
	}
	ans.write(w, r)
}

// answer decides the response to one request: latency, canned answers
// and the request rate first, then the route, faults, the method,
// authentication and the operation.
func (s *Server) answer(r *http.Request, rt route, rec *Request, body []byte) answer {
	if s.opts.Latency > 0 && !sleep(r.Context(), s.opts.Latency) {
		return answer{status: 0, drop: true}
	}
	if c, ok := s.canned.match(r.Method, r.URL.Path); ok {
		rec.Canned = true
		return c.answer()
	}
	if s.limiter != nil {
		if res := s.limiter.Reserve(); res.Delay() > 0 {
			res.Cancel()
			s.nRateLimited.Add(1)
			wait := max(1, int((res.Delay()+time.Second-1)/time.Second))
			a := errorA(http.StatusTooManyRequests, "Too Many Requests", "Too many attempts")
			a.header.Set("Retry-After", strconv.Itoa(wait))
			return a
		}
	}
	ep := rt.ep
	switch {
	case ep == nil:
		return routeNotFound()
	case rt.badLockID:
		return errorA(http.StatusBadRequest, "Bad Request", "Lock ID must be a positive integer")
	}

	fault, faulty := s.faults.pick(ep.op, rt.lockID, rt.userID)
	if faulty {
		s.nFaults.Add(1)
		rec.Fault = fault.String()
		if fault.Kind == FaultLatency {
			if !sleep(r.Context(), fault.Latency) {
				return answer{drop: true}
			}
			faulty = false
		} else if !fault.After {
			return faultAnswer(fault, ep)
		}
	}

	var a answer
	switch {
	case rt.wrongMethod:
		a = errorA(http.StatusMethodNotAllowed, "Method Not Allowed", "Use "+ep.method+" for "+ep.op)
	case !s.authenticated(r):
		a = unauthorized()
	default:
		a = ep.serve(s, &call{r: r, lockID: rt.lockID, userID: rt.userID, body: body})
	}
	if faulty && fault.After {
		return faultAnswer(fault, ep)
	}
	return a
}

func (s *Server) record(rec Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, rec)
	s.byStatus[rec.Status]++
	if rec.Op != "" {
		s.byOp[rec.Op]++
	}
}

// sleep waits d or until ctx ends; it reports whether the full time passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
