package spkeytest

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// FaultKind names a failure the mock can inject.
type FaultKind string

// The faults a real network and a real API produce.
const (
	// FaultStatus answers Status (with Retry-After when set) in the
	// endpoint's own error shape.
	FaultStatus FaultKind = "status"
	// FaultDrop reads the request and closes the connection without
	// answering.
	FaultDrop FaultKind = "drop"
	// FaultMalformed answers 200 with a body that is not valid JSON.
	FaultMalformed FaultKind = "malformed"
	// FaultSuccessFalse answers 200 with {"success": false, ...}.
	FaultSuccessFalse FaultKind = "success-false"
	// FaultHTML500 answers 500 with an HTML page, as a proxy in front of
	// the API would.
	FaultHTML500 FaultKind = "html500"
	// FaultOversized answers 200 with a body of OversizedBytes.
	FaultOversized FaultKind = "oversized"
	// FaultSlowBody sends the headers and part of the body, then stalls
	// for SlowFor before the rest.
	FaultSlowBody FaultKind = "slow-body"
	// FaultLatency waits Latency, then answers normally.
	FaultLatency FaultKind = "latency"
	// FaultBody answers Status (default 200) with Body verbatim.
	FaultBody FaultKind = "body"
	// FaultGateway answers Status (502, 503 or 504; default 502) with a
	// gateway's HTML page, as a proxy in front of the API answers when it
	// loses the API's answer. With After it means "the server did it, the
	// answer was lost", which a client must not confuse with the API's own
	// JSON 502 for an unreachable device (SetDeviceOffline).
	FaultGateway FaultKind = "gateway"
)

// FaultKindNames lists the fault kinds, for messages and usage texts.
const FaultKindNames = "status, drop, malformed, success-false, html500, oversized, slow-body, latency, body or gateway"

// OversizedBytes is the size of a FaultOversized body: larger than any
// client should be willing to read for these endpoints.
const OversizedBytes = 2 << 20

// Fault is one injection rule.
type Fault struct {
	Kind FaultKind
	// Status for FaultStatus, FaultBody and FaultGateway.
	Status int
	// RetryAfter is sent verbatim as the Retry-After header of a
	// FaultStatus answer: delay seconds ("2") or an HTTP date.
	RetryAfter string
	// Latency for FaultLatency.
	Latency time.Duration
	// SlowFor is how long FaultSlowBody stalls (default one minute, or
	// until the client gives up).
	SlowFor time.Duration
	// Body for FaultBody.
	Body string

	// Op limits the rule to one operation (OpSetOrganization, ...); ""
	// matches every operation.
	Op string
	// LockID limits the rule to one lock (Request.LockID); 0 matches
	// every lock.
	LockID int64
	// UserID limits the rule to one user, the {id} of /users/{id}/
	// paths; "" matches every user.
	UserID string

	// Rate fires the rule for that fraction of matching requests (0 < Rate
	// <= 1). The rates of all rules share one random draw per request, so
	// four rules of 0.05 fail exactly 20% of requests between them.
	Rate float64
	// Count fires the rule for the next Count matching requests. Count
	// rules are checked before Rate rules. With neither, the rule fires for
	// every matching request.
	Count int

	// After applies the request to the store before answering with the
	// fault: the server accepted the command but the answer was lost.
	After bool
}

func (f Fault) String() string {
	var parts []string
	parts = append(parts, "kind="+string(f.Kind))
	if f.Status != 0 {
		parts = append(parts, "status="+strconv.Itoa(f.Status))
	}
	if f.RetryAfter != "" {
		parts = append(parts, "retry-after="+f.RetryAfter)
	}
	if f.Latency != 0 {
		parts = append(parts, "latency="+f.Latency.String())
	}
	if f.SlowFor != 0 {
		parts = append(parts, "slow-for="+f.SlowFor.String())
	}
	if f.Op != "" {
		parts = append(parts, "op="+f.Op)
	}
	if f.LockID != 0 {
		parts = append(parts, "lock="+strconv.FormatInt(f.LockID, 10))
	}
	if f.UserID != "" {
		parts = append(parts, "user="+f.UserID)
	}
	if f.Rate != 0 {
		parts = append(parts, "rate="+strconv.FormatFloat(f.Rate, 'g', -1, 64))
	}
	if f.Count != 0 {
		parts = append(parts, "count="+strconv.Itoa(f.Count))
	}
	if f.After {
		parts = append(parts, "after=true")
	}
	// Last: a body takes the rest of the spec (see ParseFault).
	if f.Body != "" {
		parts = append(parts, "body="+f.Body)
	}
	return strings.Join(parts, ",")
}

// ParseFault reads the spkey-mock -fault syntax: comma-separated key=value
// pairs, for example "kind=status,status=503,retry-after=1,rate=0.1" or
// "kind=drop,op=SetOrganization,lock=7,count=2,after=true" or
// "kind=gateway,op=AddAccessibleLock,user=<uuid>,after=true,count=1". Two
// values may
// contain commas: an HTTP-date retry-after ("retry-after=Wed, 21 Oct 2026
// 07:28:00 GMT"), and body, which must come last and takes the rest of the
// spec ("kind=body,status=200,body={"success":true,"version":"7"}").
func ParseFault(spec string) (Fault, error) {
	var f Fault
	parts := strings.Split(spec, ",")
	for i := 0; i < len(parts); i++ {
		kv := strings.TrimSpace(parts[i])
		if kv == "" {
			continue
		}
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return Fault{}, fmt.Errorf("fault %q: %q is not key=value", spec, kv)
		}
		var err error
		switch k {
		case "kind":
			f.Kind = FaultKind(v)
		case "status":
			f.Status, err = strconv.Atoi(v)
		case "retry-after":
			// An HTTP date has a comma after the day name: the pieces
			// after it are not key=value pairs.
			for i+1 < len(parts) && !strings.Contains(parts[i+1], "=") {
				i++
				v += "," + parts[i]
			}
			f.RetryAfter = v
		case "latency":
			f.Latency, err = time.ParseDuration(v)
		case "slow-for":
			f.SlowFor, err = time.ParseDuration(v)
		case "body":
			_, f.Body, _ = strings.Cut(strings.Join(parts[i:], ","), "=")
			i = len(parts)
		case "op":
			f.Op = v
		case "lock":
			f.LockID, err = strconv.ParseInt(v, 10, 64)
		case "user":
			f.UserID = v
		case "rate":
			f.Rate, err = strconv.ParseFloat(v, 64)
		case "count":
			f.Count, err = strconv.Atoi(v)
		case "after":
			f.After, err = strconv.ParseBool(v)
		default:
			return Fault{}, fmt.Errorf("fault %q: unknown key %q", spec, k)
		}
		if err != nil {
			return Fault{}, fmt.Errorf("fault %q: %s: %w", spec, k, err)
		}
	}
	return f, f.validate()
}

func (f Fault) validate() error {
	switch f.Kind {
	case FaultStatus:
		if f.Status < 400 || f.Status > 599 {
			return fmt.Errorf("fault %s: status must be 400-599", f)
		}
	case FaultBody:
		if f.Status != 0 && (f.Status < 100 || f.Status > 599) {
			return fmt.Errorf("fault %s: status must be 100-599", f)
		}
	case FaultLatency:
		if f.Latency <= 0 {
			return fmt.Errorf("fault %s: latency must be positive", f)
		}
	case FaultGateway:
		if f.Status != 0 && f.Status != http.StatusBadGateway && f.Status != http.StatusServiceUnavailable && f.Status != http.StatusGatewayTimeout {
			return fmt.Errorf("fault %s: a gateway's status must be 502, 503 or 504", f)
		}
	case FaultDrop, FaultMalformed, FaultSuccessFalse, FaultHTML500, FaultOversized, FaultSlowBody:
	default:
		return fmt.Errorf("fault %s: unknown kind %q (want %s)", f, f.Kind, FaultKindNames)
	}
	if f.RetryAfter != "" {
		secs, err := strconv.Atoi(f.RetryAfter)
		if _, dateErr := http.ParseTime(f.RetryAfter); (err != nil || secs < 0) && dateErr != nil {
			return fmt.Errorf("fault %s: retry-after must be whole seconds or an HTTP date", f)
		}
	}
	if _, known := endpointsByOp[f.Op]; f.Op != "" && !known {
		return fmt.Errorf("fault %s: op must be one of %s", f, strings.Join(opNames(), ", "))
	}
	if f.Rate < 0 || f.Rate > 1 {
		return fmt.Errorf("fault %s: rate must be between 0 and 1", f)
	}
	if f.Count < 0 {
		return fmt.Errorf("fault %s: count must not be negative", f)
	}
	return nil
}

func (f Fault) matches(op string, lockID int64, userID string) bool {
	return (f.Op == "" || f.Op == op) && (f.LockID == 0 || f.LockID == lockID) && (f.UserID == "" || f.UserID == userID)
}

// InjectFault adds a fault rule.
func (s *Server) InjectFault(f Fault) error {
	if err := f.validate(); err != nil {
		return err
	}
	s.faults.add(f)
	return nil
}

// ClearFaults removes every fault rule.
func (s *Server) ClearFaults() { s.faults.clear() }

// faultSet picks the fault, if any, for each request.
type faultSet struct {
	mu    sync.Mutex
	rules []*faultRule
	rng   *rand.Rand
}

type faultRule struct {
	Fault
	left int // for Count rules
}

func newFaultSet(seed uint64) *faultSet {
	return &faultSet{rng: rand.New(rand.NewPCG(seed, seed^0x5eed))} //nolint:gosec // deterministic test faults
}

func (fs *faultSet) add(f Fault) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.rules = append(fs.rules, &faultRule{Fault: f, left: f.Count})
}

func (fs *faultSet) clear() {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.rules = nil
}

// pick returns the fault for one request. Count rules fire first, in the
// order they were added; then one random draw chooses among Rate rules;
// then a rule with neither fires always.
func (fs *faultSet) pick(op string, lockID int64, userID string) (Fault, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if len(fs.rules) == 0 {
		return Fault{}, false
	}
	for _, r := range fs.rules {
		if r.Count > 0 && r.left > 0 && r.matches(op, lockID, userID) {
			r.left--
			return r.Fault, true
		}
	}
	u := fs.rng.Float64()
	acc := 0.0
	for _, r := range fs.rules {
		if r.Rate > 0 && r.matches(op, lockID, userID) {
			acc += r.Rate
			if u < acc {
				return r.Fault, true
			}
		}
	}
	for _, r := range fs.rules {
		if r.Rate == 0 && r.Count == 0 && r.matches(op, lockID, userID) {
			return r.Fault, true
		}
	}
	return Fault{}, false
}

// statusMessages are the messages the real API uses for these statuses on
// its other endpoints.
var statusMessages = map[int]string{
	http.StatusTooManyRequests:    "Too many attempts",
	http.StatusBadGateway:         "Device unreachable",
	http.StatusServiceUnavailable: "Service temporarily unavailable",
	http.StatusGatewayTimeout:     "Upstream timed out",
	http.StatusConflict:           "Concurrent modification of the aggregate",
}

// faultAnswer is the answer of fault f to a request for ep.
func faultAnswer(f Fault, ep *endpoint) answer {
	switch f.Kind {
	case FaultStatus:
		msg := statusMessages[f.Status]
		if msg == "" {
			msg = "Injected failure"
		}
		a := ep.fail(f.Status, http.StatusText(f.Status), msg)
		if f.RetryAfter != "" {
			a.header.Set("Retry-After", f.RetryAfter)
		}
		return a
	case FaultGateway:
		status := f.Status
		if status == 0 {
			status = http.StatusBadGateway
		}
		a := gatewayPage(status)
		if f.RetryAfter != "" {
			a.header.Set("Retry-After", f.RetryAfter)
		}
		return a
	case FaultDrop:
		return answer{drop: true}
	case FaultMalformed:
		return answer{status: http.StatusOK, header: http.Header{"Content-Type": {"application/json"}}, body: []byte(`{"success": true, "aggregateId": "1", "vers`)}
	case FaultSuccessFalse:
		return errorA(http.StatusOK, "Conflict", "Injected failure: the command was rejected")
	case FaultHTML500:
		return answer{
			status: http.StatusInternalServerError,
			header: http.Header{"Content-Type": {"text/html; charset=utf-8"}},
			body:   []byte("<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head>\n<body><h1>Internal Server Error</h1><p>Worker threw exception</p></body></html>\n"),
		}
	case FaultOversized:
		body := append([]byte(`{"success": true, "padding": "`), bytes.Repeat([]byte("x"), OversizedBytes)...)
		body = append(body, `"}`...)
		return answer{status: http.StatusOK, header: http.Header{"Content-Type": {"application/json"}}, body: body}
	case FaultSlowBody:
		stall := f.SlowFor
		if stall <= 0 {
			stall = time.Minute
		}
		body := []byte(`{"success": true, "aggregateId": "1", "version": 1, "event": null}`)
		return answer{status: http.StatusOK, header: http.Header{"Content-Type": {"application/json"}}, body: body, stallAfter: 10, stall: stall}
	case FaultBody:
		status := f.Status
		if status == 0 {
			status = http.StatusOK
		}
		return answer{status: status, header: http.Header{"Content-Type": {"application/json"}}, body: []byte(f.Body)}
	}
	return errorA(http.StatusInternalServerError, "Internal Server Error", "unknown fault kind "+string(f.Kind))
}

// gatewayPage is nginx's error page for status, as a proxy in front of
// the API serves it: HTML, never the API's JSON.
func gatewayPage(status int) answer {
	title := fmt.Sprintf("%d %s", status, http.StatusText(status))
	body := "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title +
		"</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
	return answer{status: status, header: http.Header{"Content-Type": {"text/html"}, "Server": {"nginx"}}, body: []byte(body)}
}
