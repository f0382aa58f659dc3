package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

func TestHelp(t *testing.T) {
	t.Setenv("SPKEY_API_TOKEN", "secret-token-from-env")
	t.Setenv("SPKEY_API_KEY", "secret-key-from-env")
	var out, errOut bytes.Buffer
	if err := run(t.Context(), []string{"-h"}, &out, &errOut); err != nil {
		t.Fatalf("-h returned %v, want nil (exit 0)", err)
	}
	help := out.String()
	if errOut.Len() != 0 {
		t.Errorf("-h wrote to stderr: %q", errOut.String())
	}
	for _, secret := range []string{"secret-token-from-env", "secret-key-from-env"} {
		if strings.Contains(help, secret) {
			t.Errorf("-h prints the value of an environment variable: %q", secret)
		}
	}
	// Each flag's block states its default at most once.
	blocks := regexp.MustCompile(`(?m)^  -`).Split(strings.SplitN(help, "Control endpoints", 2)[0], -1)
	if len(blocks) < 12 {
		t.Fatalf("found %d flag blocks in %q", len(blocks)-1, help)
	}
	for _, b := range blocks[1:] {
		if n := strings.Count(b, "default"); n > 1 {
			t.Errorf("flag -%s states its default %d times", strings.TrimSpace(b), n)
		}
	}
	for _, want := range []string{`(default "1-1000")`, `(default "127.0.0.1:8787")`, "(default $SPKEY_API_TOKEN, else mock-token)", "(default 1)"} {
		if strings.Count(help, want) != 1 {
			t.Errorf("-h shows %q %d times, want once", want, strings.Count(help, want))
		}
	}
	for _, c := range spkeytest.ControlEndpoints() {
		if !regexp.MustCompile(`(?m)^  ` + c.Method + ` +` + regexp.QuoteMeta(c.Path) + ` +` + regexp.QuoteMeta(c.Answer) + `$`).MatchString(help) {
			t.Errorf("-h does not list %s %s with its answer", c.Method, c.Path)
		}
		if c.Params != "" && !strings.Contains(help, c.Params) {
			t.Errorf("-h does not list the parameters of %s %s", c.Method, c.Path)
		}
	}
}

// TestREADMEListsControlEndpoints keeps the README's spkey-mock section in
// step with the control endpoints.
func TestREADMEListsControlEndpoints(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range spkeytest.ControlEndpoints() {
		if !strings.Contains(string(readme), "`"+c.Method+" "+c.Path) {
			t.Errorf("README.md does not document `%s %s`", c.Method, c.Path)
		}
	}
}

func TestBadArguments(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"-nope"}, {"-locks", "5-3"}, {"extra"}, {"-fault", "kind=bogus"}, {"-users", "x"}, {"-offline", "0"}, {"-actor", "not-a-uuid"}} {
		var out, errOut bytes.Buffer
		if err := run(t.Context(), args, &out, &errOut); err == nil {
			t.Errorf("run(%q) = nil, want an error", args)
		}
	}
}

// startMock runs spkey-mock with args (and a URL file) until the test
// ends, and returns its URL.
func startMock(t *testing.T, args ...string) string {
	t.Helper()
	urlFile := filepath.Join(t.TempDir(), "url")
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	var out, errOut bytes.Buffer
	go func() {
		done <- run(ctx, append([]string{"-listen", "127.0.0.1:0", "-quiet", "-url-file", urlFile}, args...), &out, &errOut)
	}()
	var url string
	for deadline := time.Now().Add(10 * time.Second); url == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		b, _ := os.ReadFile(urlFile) //nolint:gosec // G304: the test's own temp file
		url = strings.TrimSpace(string(b))
	}
	if url == "" {
		cancel()
		t.Fatalf("no URL written; run returned %v", <-done)
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run after cancel = %v", err)
		}
	})
	return url
}

// call sends one request with the API key "k" and returns the status.
func call(t *testing.T, method, url, body string) int {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), method, url, strings.NewReader(body))
	req.Header.Set("X-API-Key", "k")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	return resp.StatusCode
}

func TestServesUntilCancelled(t *testing.T) {
	t.Parallel()
	url := startMock(t, "-key", "k", "-locks", "1-3")
	if status := call(t, http.MethodGet, url+"/locks/2/basic-info", ""); status != http.StatusOK {
		t.Errorf("basic-info of lock 2 = %d", status)
	}
}

func TestUsersAndOfflineDevices(t *testing.T) {
	t.Parallel()
	url := startMock(t, "-key", "k", "-locks", "1-3", "-users", "1-3", "-offline", "2")
	for email, want := range map[string]int{"user3@example.com": 200, "user4@example.com": 404} {
		if status := call(t, http.MethodGet, url+"/users/by-email?searchOnly=true&email="+email, ""); status != want {
			t.Errorf("%s = %d, want %d", email, status, want)
		}
	}
	if status := call(t, http.MethodGet, url+"/users/"+spkeytest.UserUUID(2)+"/accessible-locks", ""); status != 200 {
		t.Errorf("accessible-locks of user 2 = %d", status)
	}
	if status := call(t, http.MethodPost, url+"/locks/2/AddKey", `{"keyUuid":"k-1"}`); status != http.StatusBadGateway {
		t.Errorf("AddKey on lock 2 (offline) = %d, want 502", status)
	}
	if status := call(t, http.MethodPost, url+"/locks/1/AddKey", `{"keyUuid":"k-1"}`); status != http.StatusOK {
		t.Errorf("AddKey on lock 1 = %d, want 200", status)
	}
}
