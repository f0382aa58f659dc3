package spkeytest

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func inject(t *testing.T, srv *Server, f Fault) {
	t.Helper()
	if err := srv.InjectFault(f); err != nil {
		t.Fatalf("InjectFault(%v): %v", f, err)
	}
}

func TestParseFaultRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		spec string
		want Fault
	}{
		{spec: "kind=status,status=503,retry-after=1,rate=0.1",
			want: Fault{Kind: FaultStatus, Status: 503, RetryAfter: "1", Rate: 0.1}},
		{spec: "kind=drop,op=SetOrganization,lock=7,count=2,after=true",
			want: Fault{Kind: FaultDrop, Op: OpSetOrganization, LockID: 7, Count: 2, After: true}},
		{spec: " kind=latency , latency=1.5s ,, op=basic-info ",
			want: Fault{Kind: FaultLatency, Latency: 1500 * time.Millisecond, Op: OpBasicInfo}},
		{spec: "kind=slow-body,slow-for=250ms",
			want: Fault{Kind: FaultSlowBody, SlowFor: 250 * time.Millisecond}},
		{spec: "kind=body,status=200,body={\"success\":true,\"aggregateId\":\"1\",\"version\":\"7\"}",
			want: Fault{Kind: FaultBody, Status: 200, Body: `{"success":true,"aggregateId":"1","version":"7"}`}},
		{spec: "kind=body,body=a=b, c",
			want: Fault{Kind: FaultBody, Body: "a=b, c"}},
		{spec: "kind=status,status=429,retry-after=Wed, 21 Oct 2026 07:28:00 GMT,count=1",
			want: Fault{Kind: FaultStatus, Status: 429, RetryAfter: "Wed, 21 Oct 2026 07:28:00 GMT", Count: 1}},
		{spec: "kind=malformed,rate=0.05", want: Fault{Kind: FaultMalformed, Rate: 0.05}},
		{spec: "kind=success-false", want: Fault{Kind: FaultSuccessFalse}},
		{spec: "kind=html500,after=false", want: Fault{Kind: FaultHTML500}},
		{spec: "kind=oversized,rate=1", want: Fault{Kind: FaultOversized, Rate: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			t.Parallel()
			got, err := ParseFault(tt.spec)
			if err != nil {
				t.Fatalf("ParseFault: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("ParseFault = %#v, want %#v", got, tt.want)
			}
			again, err := ParseFault(got.String())
			if err != nil {
				t.Fatalf("ParseFault(%q) (its own String()): %v", got.String(), err)
			}
			if !reflect.DeepEqual(again, got) {
				t.Errorf("round trip through %q = %#v, want %#v", got.String(), again, got)
			}
		})
	}
}

func TestFaultStringEveryField(t *testing.T) {
	t.Parallel()
	f := Fault{Kind: FaultBody, Status: 201, RetryAfter: "3", Latency: time.Second, SlowFor: time.Minute, Body: `{"a":1,"b":2}`,
		Op: OpBasicInfo, LockID: 4, UserID: "u-1", Rate: 0.25, Count: 2, After: true}
	got, err := ParseFault(f.String())
	if err != nil {
		t.Fatalf("ParseFault(%q): %v", f.String(), err)
	}
	if !reflect.DeepEqual(got, f) {
		t.Errorf("round trip through %q = %#v, want %#v", f.String(), got, f)
	}
	if want := "kind=status"; (Fault{Kind: FaultStatus}).String() != want {
		t.Errorf("String() of a bare fault = %q, want %q", Fault{Kind: FaultStatus}.String(), want)
	}
}

func TestParseFaultErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		spec, want string
	}{
		{spec: "", want: "unknown kind"},
		{spec: "kind=explode", want: "unknown kind"},
		{spec: "kind=status,colour=red", want: "unknown key"},
		{spec: "kind=status,status", want: "not key=value"},
		{spec: "kind=status", want: "status must be 400-599"},
		{spec: "kind=status,status=200", want: "status must be 400-599"},
		{spec: "kind=status,status=600", want: "status must be 400-599"},
		{spec: "kind=status,status=abc", want: "status"},
		{spec: "kind=body,status=99", want: "status must be 100-599"},
		{spec: "kind=latency", want: "latency must be positive"},
		{spec: "kind=latency,latency=-1s", want: "latency must be positive"},
		{spec: "kind=latency,latency=soon", want: "latency"},
		{spec: "kind=drop,rate=1.5", want: "rate must be between 0 and 1"},
		{spec: "kind=drop,rate=-0.1", want: "rate must be between 0 and 1"},
		{spec: "kind=drop,rate=x", want: "rate"},
		{spec: "kind=drop,count=-1", want: "count must not be negative"},
		{spec: "kind=drop,op=Delete", want: "op must be"},
		{spec: "kind=drop,lock=x", want: "lock"},
		{spec: "kind=drop,after=maybe", want: "after"},
		{spec: "kind=status,status=429,retry-after=soon", want: "retry-after"},
		{spec: "kind=status,status=429,retry-after=-1", want: "retry-after"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			t.Parallel()
			_, err := ParseFault(tt.spec)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseFault(%q) error = %v, want one containing %q", tt.spec, err, tt.want)
			}
		})
	}
	srv := newServer(t, Options{})
	if err := srv.InjectFault(Fault{Kind: FaultStatus, Status: 302}); err == nil {
		t.Error("InjectFault accepted an invalid fault")
	}
}

func TestFaultKinds(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{1}})
	before, _ := srv.Lock(1)
	tests := []struct {
		name  string
		fault Fault
		check func(t *testing.T, r result)
	}{
		{name: "status on SetOrganization", fault: Fault{Kind: FaultStatus, Status: 502, RetryAfter: "4", Op: OpSetOrganization},
			check: func(t *testing.T, r result) {
				wantShapeA(t, r, 502, "Bad Gateway", "Device unreachable")
				if r.Header.Get("Retry-After") != "4" {
					t.Errorf("Retry-After = %q", r.Header.Get("Retry-After"))
				}
			}},
		{name: "status on basic-info", fault: Fault{Kind: FaultStatus, Status: 429, RetryAfter: "2", Op: OpBasicInfo},
			check: func(t *testing.T, r result) {
				wantShapeB(t, r, 429, "Too many attempts")
				if r.Header.Get("Retry-After") != "2" {
					t.Errorf("Retry-After = %q", r.Header.Get("Retry-After"))
				}
			}},
		{name: "status without Retry-After", fault: Fault{Kind: FaultStatus, Status: http.StatusTeapot, Op: OpSetOrganization},
			check: func(t *testing.T, r result) {
				wantShapeA(t, r, http.StatusTeapot, http.StatusText(http.StatusTeapot), "Injected failure")
				if _, ok := r.Header["Retry-After"]; ok {
					t.Error("Retry-After sent although none was set")
				}
			}},
		{name: "malformed", fault: Fault{Kind: FaultMalformed, Op: OpSetOrganization},
			check: func(t *testing.T, r result) {
				if r.Status != 200 || json.Valid(r.Body) || r.Header.Get("Content-Type") != "application/json" {
					t.Errorf("answer = %d %q, want 200 with invalid JSON", r.Status, r.Body)
				}
			}},
		{name: "success-false", fault: Fault{Kind: FaultSuccessFalse, Op: OpSetOrganization},
			check: func(t *testing.T, r result) {
				wantShapeA(t, r, 200, "Conflict", "Injected failure: the command was rejected")
			}},
		{name: "html500", fault: Fault{Kind: FaultHTML500, Op: OpBasicInfo},
			check: func(t *testing.T, r result) {
				if r.Status != 500 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(r.Body), "<html>") {
					t.Errorf("answer = %d %s %q", r.Status, r.Header.Get("Content-Type"), r.Body)
				}
			}},
		{name: "oversized", fault: Fault{Kind: FaultOversized, Op: OpBasicInfo},
			check: func(t *testing.T, r result) {
				if r.Status != 200 || len(r.Body) <= OversizedBytes || r.Header.Get("Content-Length") != itoa(len(r.Body)) {
					t.Errorf("answer = %d with %d bytes (Content-Length %s), want more than %d", r.Status, len(r.Body), r.Header.Get("Content-Length"), OversizedBytes)
				}
			}},
		{name: "body", fault: Fault{Kind: FaultBody, Status: 201, Body: `{"version":"7"}`, Op: OpSetOrganization},
			check: func(t *testing.T, r result) {
				if r.Status != 201 || string(r.Body) != `{"version":"7"}` {
					t.Errorf("answer = %d %q", r.Status, r.Body)
				}
			}},
		{name: "body default status", fault: Fault{Kind: FaultBody, Body: `[]`, Op: OpBasicInfo},
			check: func(t *testing.T, r result) {
				if r.Status != 200 || string(r.Body) != `[]` {
					t.Errorf("answer = %d %q", r.Status, r.Body)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.ClearFaults()
			inject(t, srv, tt.fault)
			var r result
			if tt.fault.Op == OpBasicInfo {
				r = basicInfo(t, srv, "1")
			} else {
				r = setOrg(t, srv, "1", `{"orgId":"org-f"}`)
			}
			tt.check(t, r)
			reqs := srv.Requests()
			if last := reqs[len(reqs)-1]; last.Fault != tt.fault.String() || last.Status != r.Status {
				t.Errorf("recorded fault %q status %d, want %q %d", last.Fault, last.Status, tt.fault.String(), r.Status)
			}
		})
	}
	if after, _ := srv.Lock(1); after != before {
		t.Errorf("faults without After changed the lock: %+v -> %+v", before, after)
	}
	if st := srv.Stats(); st.Faults != int64(len(tests)) {
		t.Errorf("Stats().Faults = %d, want %d", st.Faults, len(tests))
	}
}

// freshClient opens a new connection per request, so that Go's transport
// never retries a dropped request on its own.
func freshClient() *http.Client {
	return &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
}

func TestFaultDrop(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{1}})
	inject(t, srv, Fault{Kind: FaultDrop})
	for _, method := range []string{http.MethodPost, http.MethodGet} {
		path := "/locks/1/SetOrganization"
		if method == http.MethodGet {
			path = "/locks/1/basic-info"
		}
		req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path, strings.NewReader(`{"orgId":"o"}`))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+testToken)
		req.Header.Set("Content-Type", "application/json")
		resp, err := freshClient().Do(req)
		if err == nil {
			_ = resp.Body.Close()
			t.Fatalf("%s: got HTTP %d, want a connection error", method, resp.StatusCode)
		}
		if !errors.Is(err, io.EOF) && !strings.Contains(err.Error(), "EOF") && !strings.Contains(err.Error(), "connection reset") {
			t.Errorf("%s: error = %v, want EOF or a reset", method, err)
		}
	}
	for _, r := range srv.Requests() {
		if r.Status != 0 || r.Fault != "kind=drop" {
			t.Errorf("recorded %s with status %d fault %q, want 0 and kind=drop", r.Path, r.Status, r.Fault)
		}
	}
	if l, _ := srv.Lock(1); l.OrgID != "" {
		t.Errorf("a dropped request without After changed the lock: %+v", l)
	}
}

func TestFaultSlowBody(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{1}})
	inject(t, srv, Fault{Kind: FaultSlowBody, SlowFor: 300 * time.Millisecond})
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+"/locks/1/basic-info", nil)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	resp, err := freshClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	headers := time.Since(start)
	first := make([]byte, 10)
	if _, err := io.ReadFull(resp.Body, first); err != nil {
		t.Fatal(err)
	}
	firstBytes := time.Since(start)
	rest, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	all := time.Since(start)
	if headers > 200*time.Millisecond || firstBytes > 200*time.Millisecond {
		t.Errorf("headers after %v, first bytes after %v: want them at once", headers, firstBytes)
	}
	if all < 280*time.Millisecond || all > 2*time.Second {
		t.Errorf("the whole body took %v, want about the 300ms stall", all)
	}
	if body := slices.Concat(first, rest); !json.Valid(body) || resp.StatusCode != 200 {
		t.Errorf("answer = %d %q, want 200 with a complete JSON body", resp.StatusCode, body)
	}
}

func TestFaultLatency(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{1}})
	inject(t, srv, Fault{Kind: FaultLatency, Latency: 150 * time.Millisecond, Op: OpSetOrganization})
	start := time.Now()
	r := setOrg(t, srv, "1", `{"orgId":"o"}`)
	if d := time.Since(start); d < 150*time.Millisecond || d > 2*time.Second {
		t.Errorf("SetOrganization took %v, want about 150ms", d)
	}
	if r.Status != 200 || r.JSON(t)["version"] != json.Number("2") {
		t.Errorf("answer = %d %s, want a normal answer", r.Status, r.Body)
	}
	start = time.Now()
	basicInfo(t, srv, "1")
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("basic-info took %v although the fault is for SetOrganization", d)
	}
	if srv.Stats().Faults != 1 {
		t.Errorf("Stats().Faults = %d, want 1", srv.Stats().Faults)
	}
}

func TestServerLatency(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{1}, Latency: 100 * time.Millisecond})
	start := time.Now()
	if r := basicInfo(t, srv, "1"); r.Status != 200 {
		t.Errorf("status %d", r.Status)
	}
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("answer after %v, want at least the 100ms latency", d)
	}
}

func TestFaultCount(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{1, 2}})
	inject(t, srv, Fault{Kind: FaultStatus, Status: 503, Count: 3, Op: OpBasicInfo, LockID: 1})
	inject(t, srv, Fault{Kind: FaultStatus, Status: 502, Count: 1})
	var got []int
	for _, id := range []string{"2", "1", "2", "1", "1", "1", "1"} {
		got = append(got, basicInfo(t, srv, id).Status)
	}
	// The first request (lock 2) takes the 502; lock 1 takes its three
	// 503s; then nothing fires.
	want := []int{502, 503, 200, 503, 503, 200, 200}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("statuses = %v, want %v", got, want)
	}
	if st := srv.Stats(); st.Faults != 4 || st.ByStatus[503] != 3 || st.ByStatus[502] != 1 {
		t.Errorf("Stats() = %+v", st)
	}
}

func TestFaultFilters(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{1, 2}})
	inject(t, srv, Fault{Kind: FaultStatus, Status: 504, Op: OpSetOrganization, LockID: 2})
	tests := []struct {
		name string
		do   func() result
		want int
	}{
		{name: "other lock", do: func() result { return setOrg(t, srv, "1", `{"orgId":"o"}`) }, want: 200},
		{name: "other op", do: func() result { return basicInfo(t, srv, "2") }, want: 200},
		{name: "match", do: func() result { return setOrg(t, srv, "2", `{"orgId":"o"}`) }, want: 504},
		{name: "match again", do: func() result { return setOrg(t, srv, "2", `{"orgId":"o"}`) }, want: 504},
	}
	for _, tt := range tests {
		if got := tt.do().Status; got != tt.want {
			t.Errorf("%s: status %d, want %d", tt.name, got, tt.want)
		}
	}
	srv.ClearFaults()
	if got := setOrg(t, srv, "2", `{"orgId":"o"}`).Status; got != 200 {
		t.Errorf("after ClearFaults: status %d", got)
	}
}

// statuses sends n basic-info requests through the handler directly and
// returns the answers' statuses.
func statuses(s *Server, n int) []int {
	out := make([]int, n)
	for i := range out {
		req := httptest.NewRequestWithContext(context.Background(), http.MethodGet, "/locks/1/basic-info", nil)
		req.Header.Set("Authorization", "Bearer "+testToken)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		out[i] = rec.Code
	}
	return out
}

func TestFaultRateSeeded(t *testing.T) {
	t.Parallel()
	rule := Fault{Kind: FaultStatus, Status: 503, Rate: 0.3}
	mk := func(seed uint64) *Server {
		return New(Options{Token: testToken, Locks: []int64{1}, Seed: seed, Faults: []Fault{rule}})
	}
	a, b := statuses(mk(42), 200), statuses(mk(42), 200)
	if !reflect.DeepEqual(a, b) {
		t.Error("two servers with the same seed answered differently")
	}
	if c := statuses(mk(43), 200); reflect.DeepEqual(a, c) {
		t.Error("two seeds gave the same 200 answers")
	}
	var failed int
	for _, s := range a {
		if s == 503 {
			failed++
		}
	}
	if failed < 40 || failed > 80 {
		t.Errorf("%d of 200 requests failed at rate 0.3", failed)
	}
}

func TestFaultRatesShareOneDraw(t *testing.T) {
	t.Parallel()
	var faults []Fault
	for _, status := range []int{429, 502, 503, 504} {
		faults = append(faults, Fault{Kind: FaultStatus, Status: status, Rate: 0.05})
	}
	s := New(Options{Token: testToken, Locks: []int64{1}, Seed: 7, Faults: faults})
	const n = 2000
	counts := map[int]int{}
	for _, st := range statuses(s, n) {
		counts[st]++
	}
	failed := n - counts[200]
	if failed < n*15/100 || failed > n*25/100 {
		t.Errorf("%d of %d requests failed (%v), want 15%%..25%%", failed, n, counts)
	}
	for _, status := range []int{429, 502, 503, 504} {
		if counts[status] < n/50 {
			t.Errorf("status %d answered %d times, want about %d", status, counts[status], n/20)
		}
	}
	if st := s.Stats(); st.Faults != int64(failed) || st.Requests != n {
		t.Errorf("Stats() = %+v, want %d faults of %d requests", st, failed, n)
	}
}

func TestFaultAfter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		fault  Fault
		status int
	}{
		{name: "status", fault: Fault{Kind: FaultStatus, Status: 503, After: true, Count: 1}, status: 503},
		{name: "drop", fault: Fault{Kind: FaultDrop, After: true, Count: 1}, status: 0},
		{name: "html500", fault: Fault{Kind: FaultHTML500, After: true, Count: 1}, status: 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, Options{Locks: []int64{1}})
			inject(t, srv, tt.fault)
			req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+"/locks/1/SetOrganization", strings.NewReader(`{"orgId":"org-late"}`))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+testToken)
			req.Header.Set("Content-Type", "application/json")
			resp, err := freshClient().Do(req)
			if tt.status == 0 {
				if err == nil {
					_ = resp.Body.Close()
					t.Fatalf("got HTTP %d, want a dropped connection", resp.StatusCode)
				}
			} else {
				if err != nil {
					t.Fatal(err)
				}
				_ = resp.Body.Close()
				if resp.StatusCode != tt.status {
					t.Errorf("status = %d, want %d", resp.StatusCode, tt.status)
				}
			}
			if l, _ := srv.Lock(1); l.OrgID != "org-late" || l.Version != 2 {
				t.Errorf("lock = %+v, want the change applied despite the fault", l)
			}
			// The retry sees the change already made.
			m := setOrg(t, srv, "1", `{"orgId":"org-late"}`).JSON(t)
			if m["event"] != nil || m["version"] != json.Number("2") {
				t.Errorf("retry answer = %v, want event null at version 2", m)
			}
		})
	}
}

func TestRequestsPerSecond(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{1}, RequestsPerSecond: 2})
	var got []int
	var retryAfter []string
	for range 4 {
		r := basicInfo(t, srv, "1")
		got = append(got, r.Status)
		if r.Status == http.StatusTooManyRequests {
			retryAfter = append(retryAfter, r.Header.Get("Retry-After"))
			wantShapeA(t, r, 429, "Too Many Requests", "Too many attempts")
		}
	}
	if want := []int{200, 429, 429, 429}; !reflect.DeepEqual(got, want) {
		t.Errorf("statuses = %v, want %v", got, want)
	}
	for _, ra := range retryAfter {
		if ra != "1" {
			t.Errorf("Retry-After = %q, want 1", ra)
		}
	}
	if st := srv.Stats(); st.RateLimited != 3 || st.ByStatus[429] != 3 {
		t.Errorf("Stats() = %+v, want 3 rate limited", st)
	}
	time.Sleep(550 * time.Millisecond)
	if r := basicInfo(t, srv, "1"); r.Status != 200 {
		t.Errorf("after waiting for the rate: status %d", r.Status)
	}
}
