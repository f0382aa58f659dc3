package provider

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

// TestAccCLI_secretsNeverLeak runs a create, update, failed apply, import
// and destroy cycle with TF_LOG=TRACE, including a retried and a failed
// request, and searches the log, every command's output and the state
// files for the token and the key.
func TestAccCLI_secretsNeverLeak(t *testing.T) {
	mock := newMock(t, 123, 124)
	logPath := filepath.Join(t.TempDir(), "terraform.log")
	// The token comes from the environment, the key from the configuration:
	// both ways in must stay secret.
	cli := newCLI(t, "TF_LOG=TRACE", "TF_LOG_PROVIDER=TRACE", "TF_LOG_PATH="+logPath, "SPKEY_API_TOKEN="+testToken)
	config := func(org string) string {
		return requiredProviders + fmt.Sprintf(`
provider "spkey" {
  base_url    = %q
  api_key     = %q
  max_retries = 2
}
resource "spkey_lock_organization" "a" {
  lock_id = 123
  org_id  = %q
}
resource "spkey_lock_organization" "b" {
  lock_id = 124
  org_id  = %q
}
`, mock.URL, testKey, org, org)
	}
	main := filepath.Join(cli.dir, "main.tf")

	// Create, with the first SetOrganization answered 503 and retried.
	mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultStatus, Status: 503, Op: "SetOrganization", Count: 1})
	writeFile(t, main, config("org_a"))
	cli.run(true, "apply", "-auto-approve")

	// Update, with lock 124 failing for good.
	mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultStatus, Status: 409, Op: "SetOrganization", LockID: 124, Count: 1})
	writeFile(t, main, config("org_b"))
	out := cli.run(false, "apply", "-auto-approve")
	mustContain(t, "failed apply", out, "Unable to Set Lock Organization", "HTTP 409")
	cli.run(true, "apply", "-auto-approve")

	// A refresh that the API refuses.
	mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultStatus, Status: 401, Op: "basic-info", Count: 1})
	cli.run(false, "plan")

	// Import, then destroy.
	cli.run(true, "state", "rm", "spkey_lock_organization.b")
	cli.run(true, "import", "spkey_lock_organization.b", "124")
	cli.run(true, "plan", "-detailed-exitcode")
	cli.run(true, "destroy", "-auto-approve")

	logText, err := os.ReadFile(logPath) //nolint:gosec // G304: the test's own log file in its temp dir
	if err != nil {
		t.Fatal(err)
	}
	// The search must be able to fail: the log really holds the provider's
	// own lines, including the retried attempt.
	for _, want := range [][]string{
		{"[DEBUG]", "SmartphoneKey API request:", "method=POST", "status=503", "attempt=1"},
		{"[DEBUG]", "SmartphoneKey API request:", "method=POST", "status=200", "attempt=2"},
		{"[DEBUG]", "SmartphoneKey API request:", "method=GET", "status=401"},
		{"[WARN]", "retryable status; will retry"},
		{"Configuring the SmartphoneKey API client:", "has_api_key=true", "has_api_token=true"},
	} {
		if !hasLogLine(string(logText), want...) {
			t.Errorf("no TF_LOG line has all of %q", want)
		}
	}

	haystacks := map[string]string{"TF_LOG output": string(logText), "command output": cli.transcript.String()}
	for _, name := range []string{"terraform.tfstate", "terraform.tfstate.backup"} {
		if b, err := os.ReadFile(filepath.Join(cli.dir, name)); err == nil { //nolint:gosec // G304: the test's own state files
			haystacks[name] = string(b)
		}
	}
	if _, ok := haystacks["terraform.tfstate"]; !ok {
		t.Fatal("no state file was written")
	}
	assertNoSecrets(t, haystacks)
	t.Logf("searched %d bytes of TRACE log, %d bytes of command output and the state files: no secret found", len(logText), cli.transcript.Len())
}

// assertNoSecrets fails the test for every haystack that holds the token
// or the key, as is, base64- or URL-encoded, or their last 12 characters.
func assertNoSecrets(t *testing.T, haystacks map[string]string) {
	t.Helper()
	for name, text := range haystacks {
		for label, secret := range map[string]string{"api token": testToken, "api key": testKey} {
			for _, form := range []string{secret, base64.StdEncoding.EncodeToString([]byte(secret)), url.QueryEscape(secret), secret[len(secret)-12:]} {
				if strings.Contains(text, form) {
					t.Errorf("the %s appears in the %s (as %q)", label, name, form)
				}
			}
		}
	}
}

// TestAccCLI_secretsEchoedEscaped has a server echo the API key
// JSON-escaped (\/ and \u002f), in a 200 "success": false and in
// aggregateId, at TF_LOG=TRACE: the key appears nowhere, in no form, and
// the foreign aggregateId is never recorded.
func TestAccCLI_secretsEchoedEscaped(t *testing.T) {
	// A fake key with slashes, which only this test's mock accepts.
	const key = "spk_live/escaped+key/9c4e1a7b"
	mock, cli, logPath := echoTestCLI(t, key)
	slashEscaped := strings.ReplaceAll(key, "/", `\/`)
	unicodeEscaped := strings.ReplaceAll(key, "/", `\u002f`)
	setOrg := func(body string) {
		t.Helper()
		if err := mock.AddCanned(spkeytest.Canned{Method: "POST", Path: "/locks/123/SetOrganization", ContentType: "application/json", Body: body}); err != nil {
			t.Fatal(err)
		}
	}

	setOrg(`{"success":false,"error":"Bad Request","message":"key ` + slashEscaped + ` is not allowed here"}`)
	out := cli.run(false, "apply", "-auto-approve")
	mustContain(t, "refused apply", out, "Unable to Set Lock Organization", `"success": false`)
	setOrg(`{"success":false,"error":"Bad Request","message":"key ` + unicodeEscaped + ` is not allowed here"}`)
	out = cli.run(false, "apply", "-auto-approve")
	mustContain(t, "refused apply", out, "Unable to Set Lock Organization", `"success": false`)
	setOrg(`{"success":true,"aggregateId":"` + unicodeEscaped + `","version":7,"event":null}`)
	out = cli.run(false, "apply", "-auto-approve")
	mustContain(t, "apply answered about another aggregate", out, "Unable to Set Lock Organization", "is about another lock")
	setOrg(`{"success":true,"aggregateId":"` + slashEscaped + `","version":7,"event":null}`)
	cli.run(false, "apply", "-auto-approve")

	// With the echoing server gone, the apply works and records lock 123's
	// own aggregate id.
	mock.ClearCanned()
	cli.run(true, "apply", "-auto-approve")
	cli.run(true, "plan")

	logText, err := os.ReadFile(logPath) //nolint:gosec // G304: the test's own log file in its temp dir
	if err != nil {
		t.Fatal(err)
	}
	if !hasLogLine(string(logText), "[DEBUG]", "SmartphoneKey API request:", "method=POST", "status=200") {
		t.Error("the TRACE log has no request line: the search below could not fail")
	}
	state, err := os.ReadFile(filepath.Join(cli.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(state), `"aggregate_id": "123"`) {
		t.Errorf("state does not record lock 123's own aggregate id:\n%s", state)
	}
	for name, text := range map[string]string{"TF_LOG output": string(logText), "command output": cli.transcript.String(), "state": string(state)} {
		for _, form := range []string{key, slashEscaped, unicodeEscaped, "escaped+key", url.QueryEscape(key), base64.StdEncoding.EncodeToString([]byte(key))} {
			if strings.Contains(text, form) {
				t.Errorf("the api key appears in the %s (as %q)", name, form)
			}
		}
	}
}

// TestAccCLI_secretsEchoedInEveryEncoding has a proxy in front of the API
// echo the API key in every encoding a server or proxy writes text in
// (issue 23 item 5), in error pages of every kind, at TF_LOG=TRACE: the
// key appears in no form in the log, the command output or the state.
func TestAccCLI_secretsEchoedInEveryEncoding(t *testing.T) {
	// A fake key with the characters encodings change, which only this
	// test's mock accepts.
	const key = "spk_live/enc+key/7d3e9a1b"
	mock, cli, logPath := echoTestCLI(t, key)
	enc := func(pairs ...string) string { return strings.NewReplacer(pairs...).Replace(key) }
	forms := map[string]string{
		"raw":                   key,
		"JSON \\/":              enc("/", `\/`),
		"JSON \\u002f":          enc("/", `\u002f`, "+", `\u002b`),
		"HTML &#x2F;":           enc("/", "&#x2F;", "+", "&#x2B;"),
		"HTML &#47;":            enc("/", "&#47;", "+", "&#43;"),
		"HTML named":            enc("/", "&sol;", "+", "&plus;"),
		"percent":               enc("/", "%2F", "+", "%2B"),
		"percent twice":         enc("/", "%252F", "+", "%252B"),
		"JavaScript \\x2f":      enc("/", `\x2f`, "+", `\x2b`),
		"JSON escaped twice":    enc("/", `\\\/`),
		"HTML in JSON":          enc("/", `\u0026#x2F;`),
		"JavaScript \\u{2f}":    enc("/", `\u{2f}`),
		"percent in JavaScript": enc("/", `\x252F`),
	}
	answers := []struct {
		status      int
		contentType string
		body        func(echo string) string
	}{
		{502, "text/html", func(e string) string {
			return "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>X-API-Key: " + e + "</p></body></html>"
		}},
		{403, "text/html", func(e string) string {
			return "<script>var denied = 'key \\'" + e + "\\' is not allowed';</script>"
		}},
		{400, "application/json", func(e string) string { return `{"success":false,"error":"Bad Request","message":"key ` + e }},
		{500, "application/json", func(e string) string { return `{success: false, message: "key ` + e + `"}` }},
		{200, "application/json", func(e string) string {
			return `{"success":false,"error":"Refused","message":"{\"detail\":\"key ` + strings.ReplaceAll(strings.ReplaceAll(e, `\`, `\\`), `"`, `\"`) + `\"}"}`
		}},
		{401, "text/plain", func(e string) string { return "denied: https://proxy.example/login?next=%2Flocks&key=" + e }},
	}
	n := 0
	for name, form := range forms {
		a := answers[n%len(answers)]
		n++
		if err := mock.AddCanned(spkeytest.Canned{Method: "POST", Path: "/locks/123/SetOrganization", Status: a.status,
			ContentType: a.contentType, Body: a.body(form)}); err != nil {
			t.Fatal(err)
		}
		out := cli.run(false, "apply", "-auto-approve")
		mustContain(t, name+": refused apply", out, "Unable to Set Lock Organization")
		if !strings.Contains(out, "[redacted]") {
			t.Errorf("%s: the error does not say what was redacted, so the search below could not fail:\n%s", name, out)
		}
	}
	mock.ClearCanned()
	cli.run(true, "apply", "-auto-approve")

	logText, err := os.ReadFile(logPath) //nolint:gosec // G304: the test's own log file in its temp dir
	if err != nil {
		t.Fatal(err)
	}
	if !hasLogLine(string(logText), "[DEBUG]", "SmartphoneKey API request:", "method=POST", "status=502") ||
		!strings.Contains(string(logText), "[redacted]") {
		t.Error("the TRACE log has no line of a refused request or of a redacted echo: the search below could not fail")
	}
	state, err := os.ReadFile(filepath.Join(cli.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	forms["base64"], forms["query escaped"] = base64.StdEncoding.EncodeToString([]byte(key)), url.QueryEscape(key)
	for name, text := range map[string]string{"TF_LOG output": string(logText), "command output": cli.transcript.String(), "state": string(state)} {
		for formName, form := range forms {
			if strings.Contains(text, form) {
				t.Errorf("the api key appears in the %s (%s: %q)", name, formName, form)
			}
		}
		for _, part := range []string{"enc+key", "7d3e9a1b", "enc%2Bkey", "enc&#x2B;key", "enc&#43;key", `enc\u002bkey`, `enc\x2bkey`} {
			if strings.Contains(text, part) {
				t.Errorf("part of the api key appears in the %s: %q", name, part)
			}
		}
	}
}

// echoTestCLI is a CLI at TF_LOG=TRACE (logging to logPath) with the API
// key key in its environment, and a configuration of one lock
// organization against a mock that accepts key, with no retries: a test
// then has the mock echo the key back.
func echoTestCLI(t *testing.T, key string) (mock *spkeytest.Server, cli *tfCLI, logPath string) {
	t.Helper()
	mock = spkeytest.NewTestServer(t, spkeytest.Options{APIKey: key, Locks: []int64{123}})
	logPath = filepath.Join(t.TempDir(), "terraform.log")
	cli = newCLI(t, "TF_LOG=TRACE", "TF_LOG_PROVIDER=TRACE", "TF_LOG_PATH="+logPath, "SPKEY_API_KEY="+key)
	writeFile(t, filepath.Join(cli.dir, "main.tf"), requiredProviders+fmt.Sprintf(`
provider "spkey" {
  base_url    = %q
  max_retries = 0
}
resource "spkey_lock_organization" "a" {
  lock_id = 123
  org_id  = "org_a"
}
`, mock.URL))
	return mock, cli, logPath
}
