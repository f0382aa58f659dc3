package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// residentsServer is a lock 7 whose residents list a test scripts: fault
// decides, for the n-th command, what happens to it (see the consts).
type residentsServer struct {
	*stubServer
	mu        sync.Mutex
	residents map[string]string // user id -> name
	commands  int
	reads     int
}

// What a residentsServer does to a command.
const (
	serve        = iota
	applyAndDrop // records the change, then closes the connection
	applyAnd502  // records the change, then answers a gateway's HTML 502
	dropOnly     // closes the connection without recording anything
	reject400    // answers 400 without recording anything
)

func newResidentsServer(t *testing.T, fault func(n int) int, readFails func(n int) bool) *residentsServer {
	t.Helper()
	s := &residentsServer{residents: map[string]string{}}
	s.stubServer = newStubServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		s.mu.Lock()
		if r.Method == http.MethodGet {
			s.reads++
			if readFails != nil && readFails(s.reads) {
				s.mu.Unlock()
				hangUp(t, w)
				return
			}
			var list []string
			for id, name := range s.residents {
				list = append(list, fmt.Sprintf(`{"userId":%q,"name":%q,"hasPhone":false}`, id, name))
			}
			s.mu.Unlock()
			fixed(http.StatusOK, `{"residents":[`+strings.Join(list, ",")+`]}`)(w, r, 0)
			return
		}
		s.commands++
		what := serve
		if fault != nil {
			what = fault(s.commands)
		}
		var body struct{ UserID, Name string }
		rec := s.recorded()
		_ = json.Unmarshal(rec[len(rec)-1].Body, &body)
		_, there := s.residents[body.UserID]
		status := http.StatusOK
		switch {
		case what == reject400:
			status = http.StatusBadRequest
		case strings.HasSuffix(r.URL.Path, "/AddResident") && there, strings.HasSuffix(r.URL.Path, "/RemoveResident") && !there:
			status = http.StatusBadRequest
		case what == dropOnly:
		case strings.HasSuffix(r.URL.Path, "/AddResident"):
			s.residents[body.UserID] = body.Name
		default:
			delete(s.residents, body.UserID)
		}
		s.mu.Unlock()
		switch {
		case what == applyAndDrop, what == dropOnly:
			hangUp(t, w)
		case what == applyAnd502:
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			_, _ = fmt.Fprint(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
		case status == http.StatusBadRequest:
			fixed(status, `{"error":"Bad Request","message":"Resident already exists or not found"}`)(w, r, 0)
		default:
			fixed(status, `{"success":true,"aggregateId":"7","version":9,"event":null}`)(w, r, 0)
		}
	})
	return s
}

func (s *residentsServer) has(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.residents[id]
	return ok
}

func (s *residentsServer) counts() (commands, reads int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.commands, s.reads
}

const resident = "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60"

// TestLostAnswerIsReadBack: an add or remove whose answer was lost after
// the server acted is never resent and judged by its status: the client
// reads the list back and goes on from what is true (issue 19 item 1).
func TestLostAnswerIsReadBack(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		remove        bool
		fault         func(int) int
		wantCommands  int
		wantConfirmed bool
	}{
		{name: "add applied, answer dropped", fault: once(applyAndDrop), wantCommands: 1, wantConfirmed: true},
		{name: "add applied, gateway 502", fault: once(applyAnd502), wantCommands: 1, wantConfirmed: true},
		{name: "add not applied, dropped", fault: once(dropOnly), wantCommands: 2},
		{name: "remove applied, answer dropped", remove: true, fault: once(applyAndDrop), wantCommands: 1, wantConfirmed: true},
		{name: "remove not applied, dropped", remove: true, fault: once(dropOnly), wantCommands: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newResidentsServer(t, tt.fault, nil)
			c := newTestClient(t, srv.URL, nil)
			var ch *Change
			var err error
			if tt.remove {
				srv.residents[resident] = "Ada"
				ch, err = c.RemoveResident(context.Background(), 7, resident)
			} else {
				ch, err = c.AddResident(context.Background(), 7, resident, "Ada")
			}
			if err != nil {
				t.Fatalf("error = %v", err)
			}
			if srv.has(resident) == tt.remove {
				t.Errorf("resident there = %v after the command", srv.has(resident))
			}
			commands, reads := srv.counts()
			if commands != tt.wantCommands || reads != 1 {
				t.Errorf("server saw %d commands and %d reads, want %d and 1", commands, reads, tt.wantCommands)
			}
			if ch.Confirmed != tt.wantConfirmed {
				t.Errorf("Confirmed = %v, want %v", ch.Confirmed, tt.wantConfirmed)
			}
		})
	}
}

func once(what int) func(int) int {
	return func(n int) int {
		if n == 1 {
			return what
		}
		return serve
	}
}

// TestConflictStatusIsReadBack: the 400 that means "already there" or
// "not there" also means "invalid request"; the read-back tells them
// apart.
func TestConflictStatusIsReadBack(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		remove   bool
		there    string // the resident's name before, "" for none
		fault    func(int) int
		want     error
		wantSame bool
	}{
		{name: "add, there with the same name", there: "Ada", want: ErrAlreadyExists, wantSame: true},
		{name: "add, there with another name", there: "Bob", want: ErrAlreadyExists},
		{name: "add, invalid request", fault: once(reject400)},
		{name: "remove, not there", remove: true, want: ErrNotPresent},
		{name: "remove, invalid request", remove: true, there: "Ada", fault: once(reject400)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newResidentsServer(t, tt.fault, nil)
			if tt.there != "" {
				srv.residents[resident] = tt.there
			}
			c := newTestClient(t, srv.URL, nil)
			var err error
			if tt.remove {
				_, err = c.RemoveResident(context.Background(), 7, resident)
			} else {
				_, err = c.AddResident(context.Background(), 7, resident, "Ada")
			}
			var outErr *OutcomeError
			var apiErr *APIError
			switch {
			case tt.want == nil:
				if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || errors.As(err, &outErr) {
					t.Errorf("error = %v, want the API's 400 itself", err)
				}
			case !errors.Is(err, tt.want) || !errors.As(err, &outErr) || outErr.Same != tt.wantSame:
				t.Errorf("error = %v, want %v with Same %v", err, tt.want, tt.wantSame)
			}
			if commands, reads := srv.counts(); commands != 1 || reads != 1 {
				t.Errorf("server saw %d commands and %d reads, want 1 and 1", commands, reads)
			}
		})
	}
}

// TestReadBackFailsOutcomeUnknown: when the answer is lost and the read
// back fails too, the client says it does not know, and sends nothing more.
func TestReadBackFailsOutcomeUnknown(t *testing.T) {
	t.Parallel()
	srv := newResidentsServer(t, once(applyAndDrop), func(int) bool { return true })
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = 1 })
	_, err := c.AddResident(context.Background(), 7, resident, "Ada")
	if !errors.Is(err, ErrOutcomeUnknown) || !strings.Contains(err.Error(), "reading back") {
		t.Fatalf("error = %v, want ErrOutcomeUnknown", err)
	}
	if commands, _ := srv.counts(); commands != 1 {
		t.Errorf("server saw %d commands, want 1: nothing is resent without knowing", commands)
	}
}

// TestLostAnswerBudget: a command that keeps losing its answer and is
// never applied stops within max_retries, having read back each time.
func TestLostAnswerBudget(t *testing.T) {
	t.Parallel()
	srv := newResidentsServer(t, func(int) int { return dropOnly }, nil)
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = 2 })
	_, err := c.AddResident(context.Background(), 7, resident, "Ada")
	if err == nil || !errors.Is(err, ErrRetriesExhausted) {
		t.Fatalf("error = %v, want the retries exhausted", err)
	}
	if commands, reads := srv.counts(); commands != 3 || reads != 3 {
		t.Errorf("server saw %d commands and %d reads, want 3 and 3", commands, reads)
	}
}

// TestDeviceUnreachable: a device command's 502 in the API's own shape
// means nothing was recorded, so it is sent again within the budget and
// then reported as ErrDeviceUnreachable; a gateway's 502 is a lost answer.
func TestDeviceUnreachable(t *testing.T) {
	t.Parallel()
	t.Run("API's 502", func(t *testing.T) {
		t.Parallel()
		srv := newStubServer(t, fixed(http.StatusBadGateway, `{"success":false,"error":"Bad Gateway","message":"device unreachable"}`))
		c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = 2 })
		_, err := c.AddKey(context.Background(), 7, Key{UUID: resident})
		if !errors.Is(err, ErrDeviceUnreachable) || !errors.Is(err, ErrRetriesExhausted) {
			t.Fatalf("error = %v, want ErrDeviceUnreachable after every retry", err)
		}
		if srv.count() != 3 {
			t.Errorf("server saw %d requests, want 3 AddKey and no read", srv.count())
		}
	})
	t.Run("gateway's 502 is read back", func(t *testing.T) {
		t.Parallel()
		srv := newStubServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
			if r.Method == http.MethodGet {
				fixed(http.StatusOK, `{"id":"7","lockId":7,"uuid":"u","version":3,"keys":[{"uuid":"`+resident+`"}],"residents":[]}`)(w, r, 0)
				return
			}
			w.WriteHeader(http.StatusBadGateway)
			_, _ = fmt.Fprint(w, "<html>502 Bad Gateway</html>")
		})
		c := newTestClient(t, srv.URL, nil)
		ch, err := c.AddKey(context.Background(), 7, Key{UUID: resident})
		if err != nil || !ch.Confirmed || srv.count() != 2 {
			t.Fatalf("AddKey = %+v, %v after %d requests; want confirmed by one read", ch, err, srv.count())
		}
	})
}

// TestSharedReads: list reads are shared until a write to the aggregate.
func TestSharedReads(t *testing.T) {
	t.Parallel()
	srv := newResidentsServer(t, nil, nil)
	c := newTestClient(t, srv.URL, nil)
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Residents(context.Background(), 7); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if _, reads := srv.counts(); reads != 1 {
		t.Errorf("50 concurrent reads sent %d requests, want 1", reads)
	}
	if _, err := c.AddResident(context.Background(), 7, resident, "Ada"); err != nil {
		t.Fatal(err)
	}
	list, err := c.Residents(context.Background(), 7)
	if err != nil || FindResident(list, strings.ToUpper(resident)) == nil {
		t.Errorf("the read after the write = %v, %v; want it fresh, with the new resident", list, err)
	}
	if _, reads := srv.counts(); reads != 2 {
		t.Errorf("reads = %d, want 2: the write made the next read fresh", reads)
	}
}

// TestTempKeyUUIDNeverInErrors: a temporary key's UUID opens a door; what
// a server echoes of it never reaches an error.
func TestTempKeyUUIDNeverInErrors(t *testing.T) {
	t.Parallel()
	const uuid = "9b2f6c1e-4d3a-4f5b-8e7d-6c5b4a392817"
	for _, body := range []string{
		`{"error":"Bad Request","message":"temp key ` + uuid + ` is invalid"}`,
		`{"error":"Bad Request","message":"` + strings.Repeat("x", 490) + uuid + `"}`,
	} {
		srv := newStubServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
			if r.Method == http.MethodGet {
				fixed(http.StatusOK, `{"tempKeys":[]}`)(w, r, 0)
				return
			}
			fixed(http.StatusBadRequest, body)(w, r, 0)
		})
		c := newTestClient(t, srv.URL, nil)
		_, err := c.CreateTempKey(context.Background(), 7, NewTempKey{UUID: uuid, AccessMode: "public", ValidFrom: "a", ValidUntil: "b"})
		if err == nil || strings.Contains(err.Error(), uuid[:8]) || !strings.Contains(err.Error(), redactedText) {
			t.Errorf("error = %v, want the UUID redacted", err)
		}
	}
	srv := newStubServer(t, fixed(http.StatusOK, `"`+uuid+`"`))
	c := newTestClient(t, srv.URL, nil)
	if _, err := c.TempKeys(context.Background(), 7); err == nil || strings.Contains(err.Error(), uuid[:8]) {
		t.Errorf("error = %v, want no quote of the answer", err)
	}
}

// TestReadsAfterWritesAreShared: many adds to one list, each reading it
// back after its own add, share the reads that started after their adds
// (and each sees its own entry), instead of one read each.
func TestReadsAfterWritesAreShared(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	names := map[string]string{}
	var gets atomic.Int64
	srv := newStubServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if r.Method == http.MethodGet {
			gets.Add(1)
			time.Sleep(30 * time.Millisecond) // a long list takes a while
			mu.Lock()
			var list []string
			for id, name := range names {
				list = append(list, fmt.Sprintf(`{"userId":%q,"name":%q,"hasPhone":true}`, id, name))
			}
			mu.Unlock()
			fixed(http.StatusOK, `{"residents":[`+strings.Join(list, ",")+`]}`)(w, r, 0)
			return
		}
		var body struct{ UserID, Name string }
		b, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(b, &body)
		mu.Lock()
		names[body.UserID] = body.Name
		mu.Unlock()
		fixed(http.StatusOK, `{"success":true,"aggregateId":"7","version":9,"event":null}`)(w, r, 0)
	})
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxConcurrency = 10 })
	const n = 40
	runConcurrently(t, n, func(i int) error {
		user := fmt.Sprintf("00000000-0000-4000-a000-%012d", i)
		ch, err := c.AddResident(context.Background(), 7, user, "R")
		if err != nil {
			return err
		}
		list, err := c.ResidentsAfter(context.Background(), 7, ch)
		if err != nil {
			return err
		}
		if FindResident(list, user) == nil {
			return fmt.Errorf("the read after the add of %s does not show it", user)
		}
		return nil
	})
	if got := gets.Load(); got >= n/2 {
		t.Errorf("%d adds read the list back %d times, want well under %d: reads after writes are shared", n, got, n/2)
	}
	t.Logf("%d adds, %d reads", n, gets.Load())
}
