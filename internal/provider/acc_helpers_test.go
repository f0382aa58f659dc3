package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

// What the acceptance tests share: the in-process provider, a mock API per
// test, configurations for it, and checks that look at what the mock holds
// and received.

// Credentials the test mocks accept. They look like secrets on purpose:
// the leak tests search logs and state for them.
const (
	testToken = "eyJhbGciOiJIUzI1NiJ9.test-token-7f3a9c1e" //nolint:gosec // G101: a fake token that only the test mock accepts.
	testKey   = "spk_live_test_key_5b2d8e4f"
)

// testAccProviders runs the provider in the test process, so that the
// tests can look at the mock they started.
var testAccProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"spkey": providerserver.NewProtocol6WithError(New("test")()),
}

func TestMain(m *testing.M) {
	// A developer's own SPKEY_* variables must not change what the tests
	// see; tests that need one set it with t.Setenv.
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "SPKEY_") {
			_ = os.Unsetenv(name)
		}
	}
	code := m.Run()
	if buildDir != "" {
		_ = os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// newMock starts a mock API for one test with the given locks.
func newMock(t *testing.T, locks ...int64) *spkeytest.Server {
	t.Helper()
	return spkeytest.NewTestServer(t, spkeytest.Options{Token: testToken, APIKey: testKey, Locks: locks})
}

// providerBlock configures the provider against the mock with both
// credentials; extra lines go inside the block.
func providerBlock(url string, extra ...string) string {
	return fmt.Sprintf(`
provider "spkey" {
  base_url  = %q
  api_token = %q
  api_key   = %q
%s
}
`, url, testToken, testKey, strings.Join(extra, "\n"))
}

func lockOrgConfig(url string, lockID int64, orgID string) string {
	return providerBlock(url) + fmt.Sprintf(`
resource "spkey_lock_organization" "test" {
  lock_id = %d
  org_id  = %q
}
`, lockID, orgID)
}

// fleetConfig writes locks the way the docs suggest for a list of ids: a
// for expression with empty labels.
func fleetConfig(url, org string, ids []int64, providerExtra ...string) string {
	list := make([]string, len(ids))
	for i, id := range ids {
		list[i] = fmt.Sprint(id)
	}
	return providerBlock(url, providerExtra...) + fmt.Sprintf(`
resource "spkey_organization_locks" "test" {
  org_id = %q
  locks  = { for id in [%s] : id => "" }
}
`, org, strings.Join(list, ", "))
}

// errorMatching matches an error output that contains the phrases in
// order. Terraform wraps long lines anywhere, so any run of white space in
// a phrase matches any run of white space in the output.
func errorMatching(phrases ...string) *regexp.Regexp {
	quoted := make([]string, len(phrases))
	for i, p := range phrases {
		words := strings.Fields(p)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		quoted[i] = strings.Join(words, `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}

// setOrganizationStatus makes SetOrganization answer an HTTP status.
func setOrganizationStatus(code int, retryAfter string) []spkeytest.Fault {
	return []spkeytest.Fault{{Kind: spkeytest.FaultStatus, Status: code, RetryAfter: retryAfter, Op: "SetOrganization"}}
}

// setOrganizationFault injects one kind of fault into SetOrganization.
func setOrganizationFault(kind spkeytest.FaultKind) []spkeytest.Fault {
	return []spkeytest.Fault{{Kind: kind, Op: "SetOrganization"}}
}

// setOrganizationAnswer makes SetOrganization answer HTTP 200 with body b.
func setOrganizationAnswer(b string) []spkeytest.Fault {
	return []spkeytest.Fault{{Kind: spkeytest.FaultBody, Op: "SetOrganization", Body: b}}
}

// mustInject injects a fault into the mock, or fails the test.
func mustInject(t *testing.T, mock *spkeytest.Server, f spkeytest.Fault) {
	t.Helper()
	if err := mock.InjectFault(f); err != nil {
		t.Fatal(err)
	}
}

// The addresses of the resources that lockOrgConfig and fleetConfig declare.
const testResource = "spkey_lock_organization.test"

const testFleet = "spkey_organization_locks.test"

// checkMockOrg asserts the lock's organization as the mock holds it.
func checkMockOrg(mock *spkeytest.Server, lockID int64, want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		l, ok := mock.Lock(lockID)
		if !ok {
			return fmt.Errorf("lock %d does not exist in the mock", lockID)
		}
		if l.OrgID != want {
			return fmt.Errorf("lock %d: mock has org %q, want %q", lockID, l.OrgID, want)
		}
		return nil
	}
}

// checkNoLockAssigned asserts that no lock in the mock has an
// organization other than the ones allowed (the test's own fixtures).
func checkNoLockAssigned(mock *spkeytest.Server, allowed ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, l := range mock.Locks() {
			if l.OrgID != "" && !slices.Contains(allowed, l.OrgID) {
				return fmt.Errorf("lock %d got organization %q although the apply failed", l.ID, l.OrgID)
			}
		}
		return nil
	}
}

// wantRequests is what a test expects the mock to have received for one
// operation of one lock (or user).
type wantRequests struct {
	op     string
	lockID int64
	// userID, for the operations under /users/{id}/; "" for any.
	userID string
	// body is the exact JSON body of each request counted.
	body map[string]any
	n    int
}

// checkRequests asserts that the mock received exactly w.n requests of
// w.op about w.lockID (and w.userID) whose body is w.body, each with the
// documented method, headers and content type. Requests of the operation
// with other bodies are not counted, but each must be a JSON object.
func checkRequests(mock *spkeytest.Server, w wantRequests) resource.TestCheckFunc {
	return func(*terraform.State) error {
		want, err := json.Marshal(w.body)
		if err != nil {
			return err
		}
		count := 0
		for _, r := range mock.RequestsFor(w.op, w.lockID) {
			if w.userID != "" && !strings.EqualFold(r.UserID, w.userID) {
				continue
			}
			var body map[string]any
			if err := json.Unmarshal(r.Body, &body); err != nil {
				return fmt.Errorf("%s body %q is not a JSON object: %w", w.op, r.Body, err)
			}
			if got, _ := json.Marshal(body); string(got) != string(want) {
				continue
			}
			count++
			if err := checkRequestHeaders(r, http.MethodPost); err != nil {
				return err
			}
			if ct := r.Header.Get("Content-Type"); ct != "application/json" {
				return fmt.Errorf("%s Content-Type = %q", w.op, ct)
			}
		}
		if count != w.n {
			return fmt.Errorf("lock %d: %d %s requests with body %s, want %d", w.lockID, count, w.op, want, w.n)
		}
		return nil
	}
}

// setOrganizationRequests is checkRequests for SetOrganization with
// {"orgId": orgID}.
func setOrganizationRequests(mock *spkeytest.Server, lockID int64, orgID string, n int) resource.TestCheckFunc {
	return checkRequests(mock, wantRequests{op: spkeytest.OpSetOrganization, lockID: lockID, body: map[string]any{"orgId": orgID}, n: n})
}

// checkSetOrganizationsSince asserts which locks got a SetOrganization
// call since the mark, in any order and each exactly once.
func checkSetOrganizationsSince(mock *spkeytest.Server, mark *int, want ...int64) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := map[int64]int{}
		for _, r := range mock.Requests()[*mark:] {
			if r.Op == "SetOrganization" {
				got[r.LockID]++
			}
		}
		if len(got) != len(want) {
			return fmt.Errorf("SetOrganization calls since the mark: %v, want one each for %v", got, want)
		}
		for _, id := range want {
			if got[id] != 1 {
				return fmt.Errorf("SetOrganization calls since the mark: %v, want one each for %v", got, want)
			}
		}
		return nil
	}
}

// checkRequestHeaders asserts one request's method, both credentials,
// Accept and User-Agent.
func checkRequestHeaders(r spkeytest.Request, method string) error {
	if r.Method != method {
		return fmt.Errorf("%s: method %s, want %s", r.Path, r.Method, method)
	}
	if got := r.Header.Get("Authorization"); got != "Bearer "+testToken {
		return fmt.Errorf("%s: Authorization header is not the configured bearer token", r.Path)
	}
	if got := r.Header.Get("X-API-Key"); got != testKey {
		return fmt.Errorf("%s: X-API-Key header is not the configured key", r.Path)
	}
	if got := r.Header.Get("Accept"); got != "application/json" {
		return fmt.Errorf("%s: Accept = %q", r.Path, got)
	}
	if ua := r.Header.Get("User-Agent"); !regexp.MustCompile(`^terraform-provider-spkey/test \(.*\) Terraform/\d+\.\d+`).MatchString(ua) {
		return fmt.Errorf("%s: User-Agent = %q", r.Path, ua)
	}
	return nil
}

// checkOnlyCalls asserts that every request the mock received was one of
// the operations allowed, each with the documented method and headers:
// nothing else was ever tried (no delete of what the API cannot undo).
func checkOnlyCalls(mock *spkeytest.Server, allowed ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, r := range mock.Requests() {
			if !slices.Contains(allowed, r.Op) {
				return fmt.Errorf("unexpected request %s %s (allowed: %s)", r.Method, r.Path, strings.Join(allowed, ", "))
			}
			method := http.MethodGet
			if len(r.Body) > 0 {
				method = http.MethodPost
			}
			if err := checkRequestHeaders(r, method); err != nil {
				return err
			}
		}
		return nil
	}
}

// requestsOf returns the requests the mock received for one operation.
func requestsOf(mock *spkeytest.Server, op string) []spkeytest.Request {
	var out []spkeytest.Request
	for _, r := range mock.Requests() {
		if r.Op == op {
			out = append(out, r)
		}
	}
	return out
}

// unlabelledLocks is the check of a locks map with these ids, each labelled "".
func unlabelledLocks(ids ...int64) knownvalue.Check {
	checks := make(map[string]knownvalue.Check, len(ids))
	for _, id := range ids {
		checks[fmt.Sprint(id)] = knownvalue.StringExact("")
	}
	return knownvalue.MapExact(checks)
}

// mustCan serves a canned answer on the mock, or fails the test.
func mustCan(t *testing.T, mock *spkeytest.Server, c spkeytest.Canned) {
	t.Helper()
	if err := mock.AddCanned(c); err != nil {
		t.Fatal(err)
	}
}

// firstLocks returns the lock ids 1..n.
func firstLocks(n int64) []int64 {
	ids := make([]int64, 0, n)
	for id := int64(1); id <= n; id++ {
		ids = append(ids, id)
	}
	return ids
}
