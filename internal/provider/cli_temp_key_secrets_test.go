package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

// TestAccCLI_tempKeyUUIDNeverLeaks applies a temporary key whose UUID the
// provider mints, at TF_LOG=TRACE, then updates it against an API that
// echoes the UUID in its error (raw and JSON-escaped), refreshes against
// an answer that breaks the contract around it, and destroys it. The UUID
// is in the state file and nowhere else: not in the log, not in any
// command's output, not in any error.
func TestAccCLI_tempKeyUUIDNeverLeaks(t *testing.T) {
	mock := newTempKeyMock(t)
	logPath := filepath.Join(t.TempDir(), "terraform.log")
	cli := newCLI(t, "TF_LOG=TRACE", "TF_LOG_PROVIDER=TRACE", "TF_LOG_PATH="+logPath)
	main := filepath.Join(cli.dir, "main.tf")
	config := func(maxUses int, extra string) string {
		return requiredProviders + providerBlock(mock.URL, "  max_retries = 0") + fmt.Sprintf(`
resource "spkey_lock_temp_key" "k" {
  lock_id     = 7
  access_mode = "public"
  valid_from  = %q
  valid_until = %q
  max_uses    = %d
%s
}
`, tkFrom, tkUntil, maxUses, extra)
	}

	writeFile(t, main, config(5, ""))
	out := cli.run(true, "plan")
	mustContain(t, "plan output", out, "temp_key_uuid", "(sensitive value)")
	cli.run(true, "apply", "-auto-approve")
	stateText := func() string {
		b, err := os.ReadFile(filepath.Join(cli.dir, "terraform.tfstate"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	m := regexp.MustCompile(`"temp_key_uuid": "([0-9a-f-]{36})"`).FindStringSubmatch(stateText())
	if m == nil {
		t.Fatalf("the state holds no temp_key_uuid:\n%s", stateText())
	}
	uuid := m[1]
	inState := strings.Count(stateText(), uuid)
	if keys, _ := mock.TempKeys(7); len(keys) != 1 || keys[0].UUID != uuid {
		t.Fatalf("the mock's temp keys do not hold the state's UUID")
	}
	escaped := strings.ReplaceAll(uuid, "-", `\u002d`)

	// The API echoes the UUID in a 400, raw, JSON-escaped, then in upper
	// case.
	writeFile(t, main, config(6, ""))
	for _, echo := range []string{uuid, escaped, strings.ToUpper(uuid)} {
		mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultBody, Status: 400, Op: spkeytest.OpUpdateTempKey, Count: 1,
			Body: `{"error": "Bad Request", "message": "temp key ` + echo + ` cannot take maxUses 6"}`})
		out = cli.run(false, "apply", "-auto-approve")
		mustContain(t, "failed update", out, "Unable to Update Temporary Key", "HTTP 400", "[redacted] cannot take maxUses 6")
	}
	// A refresh whose answer breaks the contract next to the UUID.
	mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultBody, Status: 200, Op: spkeytest.OpTempKeys, Count: 1,
		Body: `{"tempKeys": [{"uuid": "` + uuid + `", "accessMode": 7}]}`})
	out = cli.run(false, "plan")
	mustContain(t, "failed refresh", out, "Unable to Read Temporary Keys", "not quoted here")
	// A configured UUID that is not one is refused without repeating it.
	badUUID := uuid[:35] + "z"
	writeFile(t, main, config(6, fmt.Sprintf("  temp_key_uuid = %q", badUUID)))
	out = cli.run(false, "plan")
	mustContain(t, "invalid temp_key_uuid", out, "Invalid Key UUID", "not shown: it opens the door")

	writeFile(t, main, config(6, ""))
	cli.run(true, "apply", "-auto-approve")
	cli.run(true, "plan", "-detailed-exitcode")
	// The delete fails once, echoing the UUID, then goes through.
	mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultBody, Status: 500, Op: spkeytest.OpDeleteTempKey, Count: 1,
		Body: `{"error": "Internal Server Error", "message": "could not delete ` + uuid + `"}`})
	out = cli.run(false, "destroy", "-auto-approve")
	mustContain(t, "failed delete", out, "Unable to Delete Temporary Key", "HTTP 500")
	if !strings.Contains(stateText(), uuid) {
		t.Error("a failed delete dropped the key from state")
	}
	cli.run(true, "destroy", "-auto-approve")
	if keys, _ := mock.TempKeys(7); len(keys) != 0 {
		t.Errorf("lock 7 still has %d temp keys after destroy", len(keys))
	}

	logText, err := os.ReadFile(logPath) //nolint:gosec // G304: the test's own log file in its temp dir
	if err != nil {
		t.Fatal(err)
	}
	// The search must be able to fail: the log holds the provider's
	// requests, the echoed errors among them.
	for _, want := range [][]string{
		{"[DEBUG]", "SmartphoneKey API request:", "method=POST", "status=400"},
		{"[DEBUG]", "SmartphoneKey API request:", "method=GET", "status=200"},
	} {
		if !hasLogLine(string(logText), want...) {
			t.Errorf("no TF_LOG line has all of %q", want)
		}
	}
	forms := []string{uuid, strings.ToUpper(uuid), escaped, strings.ReplaceAll(uuid, "-", ""), uuid[:18], uuid[19:], badUUID}
	total := 0
	for name, text := range map[string]string{"TF_LOG output": string(logText), "command output": cli.transcript.String()} {
		for _, form := range forms {
			if n := strings.Count(text, form); n > 0 {
				total += n
				t.Errorf("the temp key's UUID appears %d times in the %s (as %q)", n, name, form)
			}
		}
	}
	t.Logf("the minted UUID: %d times in %d bytes of TRACE log and %d bytes of command output (plan, apply, 2 echoed 400s, "+
		"a broken refresh, a refused configuration, an echoed 500 on destroy); %d times in the state after the create",
		total, len(logText), cli.transcript.Len(), inState)
}
