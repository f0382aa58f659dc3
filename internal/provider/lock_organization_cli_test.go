package provider

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

// Only the API's own "lock not found" removes a lock from state: a proxy's
// HTML 404 on basic-info is an error that points at base_url, and the
// resource stays in state; the API's own not-found still removes it, with
// a warning.
func TestAccCLI_foreign404KeepsState(t *testing.T) {
	mock := newMock(t, 123)
	cli := newCLI(t)
	writeFile(t, filepath.Join(cli.dir, "main.tf"), requiredProviders+lockOrgConfig(mock.URL, 123, "org_a"))
	cli.run(true, "apply", "-auto-approve")

	if err := mock.AddCanned(spkeytest.Canned{Path: "/locks/123/basic-info", Status: 404, ContentType: "text/html", Body: spkeytest.HTMLNotFoundPage}); err != nil {
		t.Fatal(err)
	}
	out := cli.run(false, "apply", "-refresh-only", "-auto-approve")
	mustContain(t, "refresh output", out, "Error: Unable to Read Lock", "the server answered HTTP 404", "unexpected text/html response",
		"does not look like the SmartphoneKey API: check base_url, its path prefix, and any proxy in between",
		"Nothing was read and state is unchanged")
	if strings.Contains(out, "Lock No Longer Exists") || strings.Contains(out, "does not exist") {
		t.Errorf("a foreign 404 reads as a deleted lock:\n%s", out)
	}
	if len(mock.RequestsFor(spkeytest.OpBasicInfo, 123)) == 0 {
		t.Errorf("the refresh did not ask basic-info: %v", mock.Requests())
	}

	// Still in state: with the proxy gone, nothing changes.
	mock.ClearCanned()
	cli.run(true, "plan", "-detailed-exitcode")

	// The API's own not-found removes it, with a warning.
	mock.DeleteLock(123)
	out = cli.run(true, "apply", "-refresh-only", "-auto-approve")
	mustContain(t, "refresh output", out, "Warning: Lock No Longer Exists", "answered 404 for lock 123", "removed from Terraform state")
	out = cli.run(true, "show", "-json")
	if strings.Contains(out, "spkey_lock_organization") {
		t.Errorf("the deleted lock is still in state:\n%s", out)
	}
}

// Destroying two resources warns once per resource, not once at plan and
// again at apply; a replacement that assigns the same lock again
// (replace_triggered_by) does not warn at all, and does assign it again.
func TestAccCLI_leftInPlaceOncePerResource(t *testing.T) {
	mock := newMock(t, 123, 124)
	cli := newCLI(t)
	config := func(trigger string) string {
		return requiredProviders + providerBlock(mock.URL) + fmt.Sprintf(`
resource "terraform_data" "trigger" {
  input = %q
}
resource "spkey_lock_organization" "a" {
  lock_id = 123
  org_id  = "org_a"
  lifecycle {
    replace_triggered_by = [terraform_data.trigger]
  }
}
resource "spkey_lock_organization" "b" {
  lock_id = 124
  org_id  = "org_a"
}
`, trigger)
	}
	main := filepath.Join(cli.dir, "main.tf")
	writeFile(t, main, config("one"))
	cli.run(true, "apply", "-auto-approve")

	before := len(mock.RequestsFor(spkeytest.OpSetOrganization, 123))
	writeFile(t, main, config("two"))
	out := cli.run(true, "apply", "-auto-approve", "-json")
	if n := countWarnings(t, out, "Lock Organization Left in Place"); n != 0 {
		t.Errorf("a replacement that assigns lock 123 again printed %d \"Left in Place\" warning(s):\n%s", n, out)
	}
	if after := len(mock.RequestsFor(spkeytest.OpSetOrganization, 123)); after != before+1 {
		t.Errorf("the replacement sent %d SetOrganization for lock 123, want 1", after-before)
	}

	out = cli.run(true, "destroy", "-auto-approve", "-json")
	if n := countWarnings(t, out, "Lock Organization Left in Place"); n != 2 {
		t.Errorf("destroying two resources printed %d \"Left in Place\" warnings, want 2 (one per resource):\n%s", n, out)
	}
	mustContain(t, "destroy output", out, `lock 123 keeps organization \"org_a\"`)
	mustContain(t, "destroy output", out, `lock 124 keeps organization \"org_a\"`)
}

// countWarnings counts the warnings with summary in the output of a
// command run with -json.
func countWarnings(t *testing.T, out, summary string) int {
	t.Helper()
	n := 0
	for _, line := range strings.Split(out, "\n") {
		var msg struct {
			Level      string `json:"@level"`
			Type       string `json:"type"`
			Diagnostic struct {
				Severity string `json:"severity"`
				Summary  string `json:"summary"`
			} `json:"diagnostic"`
		}
		if json.Unmarshal([]byte(line), &msg) != nil || msg.Type != "diagnostic" {
			continue
		}
		if msg.Diagnostic.Severity == "warning" && msg.Diagnostic.Summary == summary {
			n++
		}
	}
	return n
}
