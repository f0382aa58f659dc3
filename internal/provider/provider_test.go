package provider

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

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
