package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Some behaviour is only visible through the real CLI with the provider as
// its own process: warnings (terraform-plugin-testing does not surface
// them) and TF_LOG output (the provider's log lines reach Terraform's log
// through the plugin's stderr). These tests build the provider binary and
// drive Terraform through a dev_overrides CLI configuration.

var (
	buildOnce   sync.Once
	buildDir    string
	buildErr    error
	buildOutput []byte
)

// providerBinaryDir builds the provider once per test run.
func providerBinaryDir(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		// Shared by every CLI test of the run, so not t.TempDir (which ends
		// with the first test); TestMain removes it.
		buildDir, buildErr = os.MkdirTemp("", "spkey-provider-*") //nolint:usetesting // see above
		if buildErr != nil {
			return
		}
		cmd := exec.CommandContext(context.Background(), "go", "build", "-o", filepath.Join(buildDir, "terraform-provider-spkey"), "github.com/smartphonekey/terraform-provider-spkey") //nolint:gosec // G204: a fixed build of this module
		buildOutput, buildErr = cmd.CombinedOutput()
	})
	if buildErr != nil {
		t.Fatalf("building the provider: %v\n%s", buildErr, buildOutput)
	}
	return buildDir
}

// tfCLI runs one Terraform working directory.
type tfCLI struct {
	t   *testing.T
	dir string
	env []string
	// transcript collects every command's output, for the leak checks.
	transcript bytes.Buffer
}

func newCLI(t *testing.T, env ...string) *tfCLI {
	t.Helper()
	return newCLIWithProviders(t, nil, env...)
}

// newCLIWithProviders is newCLI with more providers from local folders:
// others maps a provider's NAMESPACE/TYPE (such as "mastercard/restapi")
// to the folder of its binary.
func newCLIWithProviders(t *testing.T, others map[string]string, env ...string) *tfCLI {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("CLI tests run with the acceptance tests: set TF_ACC=1")
	}
	overrides := map[string]string{"smartphonekey/spkey": providerBinaryDir(t)}
	maps.Copy(overrides, others)
	dir := t.TempDir()
	rc := filepath.Join(dir, "cli.tfrc")
	var lines strings.Builder
	for _, addr := range slices.Sorted(maps.Keys(overrides)) {
		for _, host := range []string{"registry.terraform.io", "registry.opentofu.org"} {
			fmt.Fprintf(&lines, "    %q = %q\n", host+"/"+addr, overrides[addr])
		}
	}
	writeFile(t, rc, "provider_installation {\n  dev_overrides {\n"+lines.String()+"  }\n  direct {}\n}\n")
	c := &tfCLI{t: t, dir: dir}
	c.env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	c.env = append(c.env, env...)
	return c
}

func terraformBinary() string {
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	return "terraform"
}

// run runs terraform with args; it fails the test when the exit status
// is not what wantOK says.
func (c *tfCLI) run(wantOK bool, args ...string) string {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, terraformBinary(), append(args, "-no-color")...) //nolint:gosec // G204: the CLI under test
	cmd.Dir = c.dir
	cmd.Env = c.env
	out, err := cmd.CombinedOutput()
	c.transcript.WriteString("$ terraform " + strings.Join(args, " ") + "\n")
	c.transcript.Write(out)
	if (err == nil) != wantOK {
		c.t.Fatalf("terraform %s: err=%v, want success=%v\n%s", strings.Join(args, " "), err, wantOK, out)
	}
	return string(out)
}

// requiredProviders names the provider's real address; without it
// Terraform looks for hashicorp/spkey.
const requiredProviders = `
terraform {
  required_providers {
    spkey = { source = "smartphonekey/spkey" }
  }
}
`

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func mustContain(t *testing.T, what, text string, phrases ...string) {
	t.Helper()
	if !errorMatching(phrases...).MatchString(text) {
		t.Errorf("%s does not contain %q:\n%s", what, phrases, text)
	}
}

type cliVer struct {
	name         string // terraform or tofu
	major, minor int
}

// atLeast reports whether the CLI is 1.minor or later: every Terraform and
// OpenTofu this project meets is a 1.x.
func (v cliVer) atLeast(minor int) bool {
	const major = 1
	return v.major > major || v.major == major && v.minor >= minor
}

// cliVersion asks the CLI under test for its name and version.
func cliVersion(t *testing.T) cliVer {
	t.Helper()
	out, err := exec.CommandContext(t.Context(), terraformBinary(), "version", "-json").Output() //nolint:gosec // G204: the CLI under test, chosen by the developer
	if err != nil {
		t.Fatalf("%s version: %v", terraformBinary(), err)
	}
	var v struct {
		TerraformVersion string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s version -json: %v", terraformBinary(), err)
	}
	parts := strings.SplitN(v.TerraformVersion, ".", 3)
	if len(parts) < 2 {
		t.Fatalf("unexpected version %q", v.TerraformVersion)
	}
	major, _ := strconv.Atoi(parts[0])
	minor, _ := strconv.Atoi(parts[1])
	name := "terraform"
	if strings.Contains(filepath.Base(terraformBinary()), "tofu") {
		name = "tofu"
	}
	return cliVer{name: name, major: major, minor: minor}
}

// hasLogLine reports whether one line of the log contains every part.
func hasLogLine(log string, parts ...string) bool {
	for _, line := range strings.Split(log, "\n") {
		ok := true
		for _, p := range parts {
			if !strings.Contains(line, p) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
