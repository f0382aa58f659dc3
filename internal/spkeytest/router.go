package spkeytest

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// The operations the mock serves, as Request.Op and Fault.Op name them:
// the last segment of the operation's path.
const (
	OpSetOrganization      = "SetOrganization"
	OpBasicInfo            = "basic-info"
	OpSetOwner             = "SetOwner"
	OpEvents               = "events"
	OpAddAccessibleLock    = "AddAccessibleLock"
	OpRemoveAccessibleLock = "RemoveAccessibleLock"
	OpAccessibleLocks      = "accessible-locks"
	OpAddResident          = "AddResident"
	OpRemoveResident       = "RemoveResident"
	OpResidents            = "residents"
	OpUserByEmail          = "by-email"
	OpUserByPhone          = "by-phone"
	OpAddKey               = "AddKey"
	OpRemoveKey            = "RemoveKey"
	OpDetails              = "details"
	OpCreateTempKey        = "create-temp-key"
	OpUpdateTempKey        = "update-temp-key"
	OpDeleteTempKey        = "delete-temp-key"
	OpTempKeys             = "temp-keys"
)

// endpoint is one operation of the API: a new operation is an entry in
// endpoints and one function.
type endpoint struct {
	op     string
	method string
	// path is the ServeMux pattern's path: {id} is a lock id under
	// /locks/, a user id under /users/.
	path  string
	serve func(s *Server, c *call) answer
	// fail renders an error in the operation's own error shape, for
	// FaultStatus.
	fail func(status int, title, message string) answer
	// lockInBody: the lock the request is about is the body's lockId
	// (a user's accessible locks), not a path segment.
	lockInBody bool
}

// call is one routed request as an endpoint sees it.
type call struct {
	r      *http.Request
	lockID int64
	userID string
	body   []byte
}

func (c *call) aggregateID() string { return strconv.FormatInt(c.lockID, 10) }

var endpoints = []endpoint{
	{op: OpSetOrganization, method: http.MethodPost, path: "/locks/{id}/SetOrganization", serve: (*Server).setOrganization, fail: errorA},
	{op: OpBasicInfo, method: http.MethodGet, path: "/locks/{id}/basic-info", serve: (*Server).basicInfo, fail: errorBTitled},
	{op: OpSetOwner, method: http.MethodPost, path: "/locks/{id}/SetOwner", serve: (*Server).setOwner, fail: errorA},
	{op: OpEvents, method: http.MethodGet, path: "/locks/{id}/events", serve: (*Server).events, fail: errorA},

	{op: OpAddAccessibleLock, method: http.MethodPost, path: "/users/{id}/AddAccessibleLock", serve: (*Server).addAccessibleLock, fail: commandError, lockInBody: true},
	{op: OpRemoveAccessibleLock, method: http.MethodPost, path: "/users/{id}/RemoveAccessibleLock", serve: (*Server).removeAccessibleLock, fail: commandError, lockInBody: true},
	{op: OpAccessibleLocks, method: http.MethodGet, path: "/users/{id}/accessible-locks", serve: (*Server).accessibleLocks, fail: errorBTitled},
	{op: OpUserByEmail, method: http.MethodGet, path: "/users/by-email", serve: (*Server).userByEmail, fail: lookupErrorTitled},
	{op: OpUserByPhone, method: http.MethodGet, path: "/users/by-phone", serve: (*Server).userByPhone, fail: lookupErrorTitled},

	{op: OpAddResident, method: http.MethodPost, path: "/locks/{id}/AddResident", serve: (*Server).addResident, fail: commandError},
	{op: OpRemoveResident, method: http.MethodPost, path: "/locks/{id}/RemoveResident", serve: (*Server).removeResident, fail: commandError},
	{op: OpResidents, method: http.MethodGet, path: "/locks/{id}/residents", serve: (*Server).residents, fail: errorBTitled},

	{op: OpAddKey, method: http.MethodPost, path: "/locks/{id}/AddKey", serve: (*Server).addKey, fail: keyError},
	{op: OpRemoveKey, method: http.MethodPost, path: "/locks/{id}/RemoveKey", serve: (*Server).removeKey, fail: keyError},
	{op: OpDetails, method: http.MethodGet, path: "/locks/{id}/details", serve: (*Server).details, fail: errorBTitled},

	{op: OpCreateTempKey, method: http.MethodPost, path: "/locks/{id}/create-temp-key", serve: (*Server).createTempKey, fail: commandError},
	{op: OpUpdateTempKey, method: http.MethodPost, path: "/locks/{id}/update-temp-key", serve: (*Server).updateTempKey, fail: commandError},
	{op: OpDeleteTempKey, method: http.MethodPost, path: "/locks/{id}/delete-temp-key", serve: (*Server).deleteTempKey, fail: commandError},
	{op: OpTempKeys, method: http.MethodGet, path: "/locks/{id}/temp-keys", serve: (*Server).tempKeys, fail: commandError},
}

// endpointsByOp indexes endpoints by operation, for fault rules.
var endpointsByOp = func() map[string]*endpoint {
	m := make(map[string]*endpoint, len(endpoints))
	for i := range endpoints {
		m[endpoints[i].op] = &endpoints[i]
	}
	return m
}()

// opNames lists the operations in a stable order, for messages.
func opNames() []string { return slices.Sorted(maps.Keys(endpointsByOp)) }

// route is where a request goes.
type route struct {
	// ep is nil for a path the API does not serve.
	ep     *endpoint
	lockID int64
	userID string
	// badLockID: a lock path whose id is not a positive integer.
	badLockID bool
	// wrongMethod: a known path with another method.
	wrongMethod bool
}

// router maps a request onto an operation with ServeMux's method and
// wildcard patterns. Its handlers do not answer: they describe the route
// in the routeCapture they are handed, so that canned answers, latency,
// the request rate and faults still come first (see Server.answer).
var router = func() *http.ServeMux {
	mux := http.NewServeMux()
	for i := range endpoints {
		ep := &endpoints[i]
		mux.HandleFunc(ep.method+" "+ep.path, ep.capture)
		// The same path with any other method, for the API's 405.
		mux.HandleFunc(ep.path, ep.capture)
	}
	mux.HandleFunc("/", func(http.ResponseWriter, *http.Request) {}) // no route
	return mux
}()

// routeCapture is the ResponseWriter the router "answers" into.
type routeCapture struct {
	route  route
	header http.Header
}

func (c *routeCapture) Header() http.Header {
	if c.header == nil {
		c.header = http.Header{}
	}
	return c.header
}
func (c *routeCapture) Write(b []byte) (int, error) { return len(b), nil }
func (c *routeCapture) WriteHeader(int)             {}

func (ep *endpoint) capture(w http.ResponseWriter, r *http.Request) {
	c, ok := w.(*routeCapture)
	if !ok {
		return
	}
	// A GET pattern also matches HEAD, which the API does not serve.
	rt := route{ep: ep, wrongMethod: r.Method != ep.method}
	id := r.PathValue("id")
	switch {
	case strings.HasPrefix(ep.path, "/locks/"):
		n, err := strconv.ParseInt(id, 10, 64)
		rt.lockID, rt.badLockID = n, err != nil || n < 1
		if rt.badLockID {
			rt.lockID = 0
		}
	default:
		rt.userID = id
	}
	c.route = rt
}

// routeOf finds the route of r; body gives the lock of operations that
// name it there.
func routeOf(r *http.Request, body []byte) route {
	if !strings.HasPrefix(r.URL.Path, "/") {
		return route{}
	}
	rr := r
	if p := routablePath(r.URL.Path); p != r.URL.Path {
		u := *r.URL
		u.Path, u.RawPath = p, ""
		rr = r.WithContext(r.Context())
		rr.URL = &u
	}
	var c routeCapture
	router.ServeHTTP(&c, rr)
	if c.route.ep != nil && c.route.ep.lockInBody {
		c.route.lockID = lockIDInBody(body)
	}
	return c.route
}

// routablePath replaces the empty, "." and ".." segments inside a path
// with "-", which is no lock id: ServeMux would redirect such a path to
// its cleaned form, where the API (and this mock) answer that the lock id
// is not a positive integer. A trailing slash stays an empty last segment,
// which no pattern matches.
func routablePath(p string) string {
	if !strings.Contains(p, "//") && !strings.Contains(p, "/.") {
		return p
	}
	segs := strings.Split(p, "/")
	for i := 1; i < len(segs)-1; i++ {
		if segs[i] == "" || segs[i] == "." || segs[i] == ".." {
			segs[i] = "-"
		}
	}
	if last := len(segs) - 1; segs[last] == "." || segs[last] == ".." {
		segs[last] = "-"
	}
	return strings.Join(segs, "/")
}

// lockIDInBody reads the decimal string lockId of a user command's body;
// 0 when it is absent or not a positive integer.
func lockIDInBody(body []byte) int64 {
	var b struct {
		LockID string `json:"lockId"`
	}
	if json.Unmarshal(body, &b) != nil {
		return 0
	}
	id, err := strconv.ParseInt(b.LockID, 10, 64)
	if err != nil || id < 1 {
		return 0
	}
	return id
}
