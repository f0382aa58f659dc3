package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// stateAttribute reads one attribute of one resource from a CLI test's
// state file.
func stateAttribute(t *testing.T, cli *tfCLI, address, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(cli.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Resources []struct {
			Type, Name string
			Instances  []struct {
				Attributes map[string]any `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	for _, r := range st.Resources {
		if r.Type+"."+r.Name == address && len(r.Instances) == 1 {
			return fmt.Sprint(r.Instances[0].Attributes[name])
		}
	}
	t.Fatalf("%s is not in state", address)
	return ""
}

// The key resources' warnings, which only the CLI shows: a key or a
// temporary key gone behind Terraform's back, a temporary key adopted,
// and a configuration that keeps a temporary key that no longer opens the
// door, once per plan and with no change planned.
func TestAccCLI_keyWarnings(t *testing.T) {
	mock := newTempKeyMock(t)
	const adopted = "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a"
	mockPost(t, mock, 7, "create-temp-key", `{"tempKeyUuid": "`+adopted+`", "accessMode": "public", "validFrom": "`+tkFrom+`", "validUntil": "2030-03-01T00:00:00Z"}`)
	cli := newCLI(t)
	writeFile(t, filepath.Join(cli.dir, "main.tf"), requiredProviders+providerBlock(mock.URL)+fmt.Sprintf(`
resource "spkey_lock_key" "a" {
  lock_id  = 7
  key_uuid = %q
}
resource "spkey_lock_temp_key" "t" {
  lock_id     = 7
  access_mode = "public"
  valid_from  = %[2]q
  valid_until = %[3]q
}
resource "spkey_lock_temp_key" "u" {
  lock_id     = 7
  access_mode = "public"
  valid_from  = %[2]q
  valid_until = %[3]q
  max_uses    = 2
}
resource "spkey_lock_temp_key" "adopted" {
  lock_id       = 7
  temp_key_uuid = %[4]q
  access_mode   = "public"
  valid_from    = %[2]q
  valid_until   = "2030-03-01T00:00:00Z"
}
`, keyUUID, tkFrom, tkUntil, adopted))
	out := cli.run(true, "apply", "-auto-approve")
	mustContain(t, "apply output", out, "Warning: Existing Temporary Key Adopted", "Lock 7 already had a temporary key with this temp_key_uuid",
		"(temp_key_id "+tempKeyID(adopted)+")", "Terraform now manages the existing one")
	tID, uID := stateAttribute(t, cli, "spkey_lock_temp_key.t", "temp_key_id"), stateAttribute(t, cli, "spkey_lock_temp_key.u", "temp_key_id")
	uUUID := stateAttribute(t, cli, "spkey_lock_temp_key.u", "temp_key_uuid")

	// Used up: the plan changes nothing and warns once, about u only.
	mock.UseTempKey(7, uUUID, 2)
	requestsBefore := len(mock.Requests())
	for _, cmd := range [][]string{{"plan"}, {"apply", "-auto-approve"}} {
		out = cli.run(true, cmd...)
		mustContain(t, cmd[0]+" output of a used-up key", out, "No changes.", "Warning: Temporary Key No Longer Opens the Door",
			"Temporary key (temp_key_id "+uID+") of lock 7 still exists", "used 2 times (max_uses 2) and grants nothing more",
			"raise max_uses (or remove it for no limit)")
		if n := strings.Count(out, "No Longer Opens the Door"); n != 1 {
			t.Errorf("%s warned %d times, want once:\n%s", cmd[0], n, out)
		}
	}

	// Expired: every key warns once, naming valid_until; still no change.
	// The CLI folds warnings with one summary into "and N more similar",
	// so count them in the JSON output.
	mock.SetNow(tkAfter)
	warned := map[string]int{}
	for _, line := range strings.Split(cli.run(true, "plan", "-json"), "\n") {
		var msg struct {
			Type       string `json:"type"`
			Diagnostic struct {
				Summary, Detail string
			} `json:"diagnostic"`
			Changes *struct {
				Add, Change, Remove int
			} `json:"changes"`
		}
		if json.Unmarshal([]byte(line), &msg) != nil {
			continue
		}
		switch {
		case msg.Type == "diagnostic" && msg.Diagnostic.Summary == "Temporary Key No Longer Opens the Door":
			for _, id := range []string{tID, uID, tempKeyID(adopted)} {
				if strings.Contains(msg.Diagnostic.Detail, "(temp_key_id "+id+") of lock 7 still exists, but its valid_until has passed") {
					warned[id]++
				}
			}
		case msg.Type == "change_summary" && msg.Changes != nil && *msg.Changes != struct{ Add, Change, Remove int }{}:
			t.Errorf("the plan of expired keys changes something: %s", line)
		}
	}
	if want := map[string]int{tID: 1, uID: 1, tempKeyID(adopted): 1}; fmt.Sprint(warned) != fmt.Sprint(want) {
		t.Errorf("warnings about expired keys by temp_key_id: %v, want one each: %v", warned, want)
	}
	mustContain(t, "plan output of expired keys", cli.run(true, "plan"), "No changes.", "Warning: Temporary Key No Longer Opens the Door",
		"grants nothing since "+tkUntil, "(and 2 more similar warnings elsewhere)")
	for _, r := range mock.Requests()[requestsBefore:] {
		if r.Method != "GET" {
			t.Errorf("a plan and an apply without changes sent %s %s", r.Method, r.Path)
		}
	}

	// Gone behind Terraform's back: a refresh drops them, with warnings.
	mock.RemoveKey(7, keyUUID)
	mock.DeleteTempKey(7, stateAttribute(t, cli, "spkey_lock_temp_key.t", "temp_key_uuid"))
	out = cli.run(true, "apply", "-refresh-only", "-auto-approve")
	mustContain(t, "refresh output", out, "Warning: Lock Key Removed Outside Terraform", "key "+keyUUID+" is no longer among the keys of lock 7",
		"the next apply adds it again (the lock's device must be online)")
	mustContain(t, "refresh output", out, "Warning: Temporary Key Deleted Outside Terraform",
		"temporary key (temp_key_id "+tID+") is no longer among the temporary keys of lock 7")
}
