package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// mockToken is the bearer token the mock accepts and Terraform sends (as
// SPKEY_API_TOKEN); it guards nothing.
const mockToken = "bench-token"

// mock is a running spkey-mock process.
type mock struct {
	URL  string
	cmd  *exec.Cmd
	done chan struct{}
	// http reuses one kept-alive connection for every control request, so
	// that the benchmark's own calls add no connection to the counts.
	http *http.Client
}

// mockStats is GET /_mock/stats.
type mockStats struct {
	Requests    int64          `json:"requests"`
	Connections int64          `json:"connections"`
	Faults      int64          `json:"faults"`
	RateLimited int64          `json:"rate_limited"`
	ByStatus    map[string]int `json:"by_status"`
	// ByOp counts requests by operation (AddKey, details, ...).
	ByOp map[string]int `json:"by_op"`
	// MaxInFlight is the most requests the mock served at once.
	MaxInFlight int64 `json:"max_in_flight"`
}

// startMock starts spkey-mock, named name in its log files, for a
// scenario with the locks and the numbered users given in spkey-mock's
// syntax ("1-1000"; users "" is spkey-mock's default).
func startMock(binary, dir, name string, sc scenario, locks, users string) (*mock, error) {
	urlFile := filepath.Join(dir, "mock-"+name+".url")
	_ = os.Remove(urlFile)
	log, err := os.Create(filepath.Join(dir, "mock-"+name+".log"))
	if err != nil {
		return nil, err
	}
	defer log.Close()
	args := []string{
		"-listen", "127.0.0.1:0", "-url-file", urlFile, "-quiet",
		"-token", mockToken, "-key", "bench-key",
		"-locks", locks,
		"-latency", sc.Latency.String(),
		"-rps", strconv.FormatFloat(sc.MockRPS, 'g', -1, 64),
	}
	if users != "" {
		args = append(args, "-users", users)
	}
	cmd := exec.Command(binary, args...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	m := &mock{
		cmd:  cmd,
		done: make(chan struct{}),
		http: &http.Client{
			Timeout:   time.Minute,
			Transport: &http.Transport{MaxIdleConnsPerHost: 1, DisableCompression: true},
		},
	}
	go func() { _ = cmd.Wait(); close(m.done) }()
	for range 200 {
		if b, err := os.ReadFile(urlFile); err == nil && len(b) > 0 {
			m.URL = strings.TrimSpace(string(b))
			return m, nil
		}
		select {
		case <-m.done:
			return nil, fmt.Errorf("spkey-mock exited at start; see %s", log.Name())
		case <-time.After(50 * time.Millisecond):
		}
	}
	m.stop()
	return nil, errors.New("spkey-mock did not write its URL within 10 s")
}

// stop ends the mock and waits for it.
func (m *mock) stop() {
	_ = m.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-m.done:
	case <-time.After(5 * time.Second):
		_ = m.cmd.Process.Kill()
		<-m.done
	}
}

func (m *mock) control(ctx context.Context, method, path string, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, m.URL+path, nil)
	if err != nil {
		return err
	}
	resp, err := m.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %s", method, path, resp.Status)
	}
	if out == nil {
		return nil
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// cpuSeconds is the mock's CPU time so far (user and system): what
// serving the requests cost it.
func (m *mock) cpuSeconds() float64 {
	st, _ := readStat(m.cmd.Process.Pid)
	return float64(st.cpuTicks) / clockTicks
}

// reset zeroes the mock's counters.
func (m *mock) reset(ctx context.Context) error {
	return m.control(ctx, http.MethodPost, "/_mock/stats/reset", nil)
}

// stats reads the mock's counters.
func (m *mock) stats(ctx context.Context) (mockStats, error) {
	var s mockStats
	err := m.control(ctx, http.MethodGet, "/_mock/stats", &s)
	return s, err
}

// setOrg assigns lock id to org through the mock's control endpoint, as
// someone outside Terraform would.
func (m *mock) setOrg(ctx context.Context, id int, org string) error {
	return m.control(ctx, http.MethodPut, fmt.Sprintf("/_mock/locks/%d?org=%s", id, url.QueryEscape(org)), nil)
}

// notInOrg counts the locks 1..n that do not belong to org.
func (m *mock) notInOrg(ctx context.Context, n int, org string) (int, error) {
	var locks []struct {
		ID    int64  `json:"id"`
		OrgID string `json:"org_id"`
	}
	if err := m.control(ctx, http.MethodGet, "/_mock/locks", &locks); err != nil {
		return 0, err
	}
	ok := 0
	for _, l := range locks {
		if l.ID >= 1 && l.ID <= int64(n) && l.OrgID == org {
			ok++
		}
	}
	return n - ok, nil
}
