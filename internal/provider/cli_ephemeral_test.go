package provider

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestAccCLI_ephemeralCredentials gives the provider both credentials
// from ephemeral variables (Terraform 1.10+, OpenTofu 1.11+) and checks
// that they never reach the saved plan, its JSON form or the state,
// while every request still carried them.
func TestAccCLI_ephemeralCredentials(t *testing.T) {
	cli := newCLI(t, "TF_VAR_api_token="+testToken, "TF_VAR_api_key="+testKey)
	v := cliVersion(t)
	if !v.atLeast(10) || v.name == "tofu" && !v.atLeast(11) {
		t.Skipf("%s %d.%d has no ephemeral variables (Terraform 1.10+, OpenTofu 1.11+)", v.name, v.major, v.minor)
	}
	mock := newMock(t, 123)
	writeFile(t, filepath.Join(cli.dir, "main.tf"), requiredProviders+fmt.Sprintf(`
variable "api_token" {
  type      = string
  ephemeral = true
}
variable "api_key" {
  type      = string
  ephemeral = true
}
provider "spkey" {
  base_url  = %q
  api_token = var.api_token
  api_key   = var.api_key
}
resource "spkey_lock_organization" "test" {
  lock_id = 123
  org_id  = "org_a"
}
`, mock.URL))

	// A saved plan, applied: Terraform asks for ephemeral variables again
	// at apply (here from the environment) instead of storing them.
	cli.run(true, "plan", "-out=tfplan")
	planJSON := cli.run(true, "show", "-json", "tfplan")
	haystacks := map[string]string{"plan as JSON": planJSON}
	for name, text := range planFileEntries(t, filepath.Join(cli.dir, "tfplan")) {
		haystacks["plan file entry "+name] = text
	}
	cli.run(true, "apply", "tfplan")
	cli.run(true, "plan", "-detailed-exitcode")
	haystacks["state as JSON"] = cli.run(true, "show", "-json")
	state, err := os.ReadFile(filepath.Join(cli.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	haystacks["terraform.tfstate"] = string(state)
	haystacks["command output"] = cli.transcript.String()
	assertNoSecrets(t, haystacks)

	// The search can fail: the credentials did reach the API.
	if err := checkMockOrg(mock, 123, "org_a")(nil); err != nil {
		t.Error(err)
	}
	reqs := mock.Requests()
	if len(reqs) == 0 {
		t.Fatal("the mock received no request")
	}
	for _, r := range reqs {
		if r.Header.Get("Authorization") != "Bearer "+testToken || r.Header.Get("X-API-Key") != testKey {
			t.Errorf("%s %s did not carry both ephemeral credentials", r.Method, r.Path)
		}
	}
	mustContain(t, "plan as JSON", planJSON, `"org_id":"org_a"`)
}

// planFileEntries returns the uncompressed contents of every entry of a
// saved plan (a zip file), so that a search sees what a compressed byte
// search would miss.
func planFileEntries(t *testing.T, path string) map[string]string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = zr.Close() }()
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		_ = rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = string(b)
	}
	if len(out) == 0 {
		t.Fatal("the saved plan has no entries")
	}
	return out
}
