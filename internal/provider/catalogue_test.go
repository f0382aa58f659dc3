package provider

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

// badInput is one row of the bad-input catalogue: something a user or the
// network gets wrong, and the error the user sees. Every row runs the real
// Terraform CLI against its own mock; a passing row also proves that the
// provider did not panic. docs/guides/troubleshooting.md lists every row
// by name (TestBadInputCatalogueIsDocumented keeps the two in step).
type badInput struct {
	name string
	// provider and resource are the inside of the provider block and of
	// the resource block; empty means a working default.
	provider string
	resource string
	// faults are injected into the mock before the step.
	faults []spkeytest.Fault
	// importID, when set, imports this id after creating the resource.
	importID string
	// refresh creates the resource first and injects the faults before a
	// refresh.
	refresh bool
	// badConfig marks a configuration Terraform cannot even plan.
	badConfig bool
	want      *regexp.Regexp
}

var badInputs = []badInput{
	// Provider configuration.
	{badConfig: true, name: "base_url not absolute", provider: `base_url = "api.spkey.co"`,
		want: errorMatching("Invalid SmartphoneKey Provider Setting: base_url", `"api.spkey.co" is not an absolute URL`, "https://api.spkey.co")},
	{badConfig: true, name: "base_url wrong scheme", provider: `base_url = "ftp://localhost:8787"`,
		want: errorMatching("base_url", `has scheme "ftp"; use https (or http for a loopback host)`)},
	{badConfig: true, name: "base_url http to a remote host", provider: `base_url = "http://api.spkey.co"`,
		want: errorMatching("base_url", "uses http to a host that is not loopback; use https")},
	{badConfig: true, name: "base_url with credentials", provider: `base_url = "https://user:pass@api.spkey.co"`, //nolint:gosec // G101: a fake credential the provider must reject
		want: errorMatching("base_url", "must not contain credentials; use the token or API key settings")},
	{badConfig: true, name: "no credentials", provider: "api_token = null\napi_key = null",
		want: errorMatching("Missing SmartphoneKey API Credentials", "api_token (or the SPKEY_API_TOKEN", "api_key (or SPKEY_API_KEY)")},
	{badConfig: true, name: "empty api_token", provider: `api_token = ""`,
		want: errorMatching("api_token string length must be at least 1")},
	{badConfig: true, name: "unknown api_token at configure time", provider: `api_token = terraform_data.token.output`,
		want: errorMatching("Unknown SmartphoneKey Provider Setting: api_token", "SPKEY_API_TOKEN environment variable")},
	{badConfig: true, name: "max_retries negative", provider: `max_retries = -1`,
		want: errorMatching("max_retries value must be between 0 and 10, got: -1")},
	{badConfig: true, name: "max_retries huge", provider: `max_retries = 1000`,
		want: errorMatching("max_retries value must be between 0 and 10, got: 1000")},
	{badConfig: true, name: "request_timeout unparsable", provider: `request_timeout = "30 seconds"`,
		want: errorMatching("request_timeout", `"30 seconds" is not a duration; write it like "30s" or "2m"`)},
	{badConfig: true, name: "request_timeout out of range", provider: `request_timeout = "1h"`,
		want: errorMatching("request_timeout", `"1h" is outside the allowed range; use a duration from 1s to 10m0s`)},
	{badConfig: true, name: "max_concurrency zero", provider: `max_concurrency = 0`,
		want: errorMatching("max_concurrency value must be between 1 and 64, got: 0")},
	{badConfig: true, name: "max_requests_per_second zero", provider: `max_requests_per_second = 0`,
		want: errorMatching("max_requests_per_second value must be between 0.100000 and 10000.000000")},

	// Resource configuration.
	{name: "lock_id 0", resource: `lock_id = 0`, badConfig: true, want: errorMatching("Invalid Lock ID", "lock_id: 0 is not a lock id: it must be at least 1")},
	{name: "lock_id negative", resource: `lock_id = -5`, badConfig: true, want: errorMatching("Invalid Lock ID", "lock_id: -5 is not a lock id")},
	{name: "lock_id not a whole number", resource: `lock_id = 1.5`, badConfig: true, want: errorMatching("Invalid Lock ID", "lock_id: 1.5 is not a whole number", "such as 123")},
	{name: "lock_id is a UUID", resource: `lock_id = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"`, badConfig: true, want: errorMatching("Incorrect attribute value type", "a number is required")},
	{name: "empty org_id", resource: `org_id = ""`, badConfig: true, want: errorMatching("org_id string length must be at least 1")},

	// Import IDs.
	{name: "import ID letters", importID: "abc", want: errorMatching("Invalid Import ID", `"abc" is not a lock id`, "terraform import spkey_lock_organization.example 123")},
	{name: "import ID 0", importID: "0", want: errorMatching("Invalid Import ID", `"0" is not a lock id: it must be at least 1`)},
	{name: "import ID negative", importID: "-5", want: errorMatching("Invalid Import ID", `"-5" is not a lock id`)},
	{name: "import ID decimal", importID: "1.5", want: errorMatching("Invalid Import ID", `"1.5" is not a lock id`)},
	{name: "import ID with spaces", importID: "12 3", want: errorMatching("Invalid Import ID", `"12 3" contains white space`)},
	{name: "import ID is a UUID", importID: "3f2504e0-4f89-41d3-9a0c-0305e82c3301", want: errorMatching("Invalid Import ID", "is a UUID, not a lock id: lock ids are numeric")},
	{name: "import ID of a lock that does not exist", importID: "424242", want: errorMatching("Cannot import non-existent remote object")},

	// What the server answers.
	{name: "401 wrong credentials", faults: setOrganizationStatus(401, ""),
		want: errorMatching("Unable to Set Lock Organization", "rejected the credentials (HTTP 401", "api_token (or SPKEY_API_TOKEN)")},
	{name: "403 key of another organization", faults: setOrganizationStatus(403, ""),
		want: errorMatching("not allowed to touch this lock (HTTP 403", "B2B API key may only manage locks its own organization owns")},
	{name: "404 unknown lock", resource: `lock_id = 999999`,
		want: errorMatching("lock 999999 does not exist (HTTP 404", `"The requested resource was not found"`, "a UUID is a lock's uuid or a user id")},
	{name: "400 rejected request", faults: setOrganizationStatus(400, ""),
		want: errorMatching("rejected the request as invalid (HTTP 400", "Check org_id")},
	{name: "409 conflict", faults: setOrganizationStatus(409, ""),
		want: errorMatching("the API answered HTTP 409", "Concurrent modification of the aggregate")},
	{name: "429 beyond the retry budget", faults: setOrganizationStatus(429, "1"),
		want: errorMatching("kept answering 429 Too Many Requests", `"Too many attempts"`, "after 2 attempts", "max_requests_per_second")},
	{name: "502 beyond the retry budget", faults: setOrganizationStatus(502, ""),
		want: errorMatching("failed with HTTP 502", `"Device unreachable"`, "after 2 attempts", "raise max_retries")},
	{name: "503 beyond the retry budget", faults: setOrganizationStatus(503, ""),
		want: errorMatching("failed with HTTP 503", "after 2 attempts")},
	{name: "504 beyond the retry budget", faults: setOrganizationStatus(504, ""),
		want: errorMatching("failed with HTTP 504", "after 2 attempts")},
	{name: "unknown status code", faults: setOrganizationStatus(418, ""),
		want: errorMatching("the API answered HTTP 418")},
	{name: "dropped connections", faults: setOrganizationFault(spkeytest.FaultDrop),
		want: errorMatching("no usable answer after 2 attempts", "EOF", "raise request_timeout or max_retries")},
	{name: "connection refused", provider: `base_url = "http://127.0.0.1:1"`,
		want: errorMatching("no usable answer after 2 attempts", "connection refused", "Check base_url")},
	{name: "malformed 200 body", faults: setOrganizationFault(spkeytest.FaultMalformed),
		want: errorMatching("does not match the SmartphoneKey API contract: invalid JSON", "Nothing was recorded in state")},
	{name: "200 with success false", faults: setOrganizationFault(spkeytest.FaultSuccessFalse),
		want: errorMatching(`HTTP 200 with "success": false`, `"Injected failure: the command was rejected"`, "nothing was recorded in state")},
	{name: "HTML error page", faults: setOrganizationFault(spkeytest.FaultHTML500),
		want: errorMatching("failed with HTTP 500", "unexpected text/html response", "500 Internal Server Error")},
	{name: "oversized body", faults: setOrganizationFault(spkeytest.FaultOversized),
		want: errorMatching("no usable answer after 1 attempt", "the response body exceeds 1048576 bytes")},
	{name: "slow body outlasting request_timeout", faults: setOrganizationFault(spkeytest.FaultSlowBody),
		want: errorMatching("no usable answer after 2 attempts", "no complete response within the per-attempt timeout of 1s")},
	{name: "version is a string", faults: setOrganizationAnswer(`{"success":true,"aggregateId":"123","version":"7","event":null}`),
		want: errorMatching(`field "version" has the wrong JSON type: want number, got string`)},
	{name: "required field missing", faults: setOrganizationAnswer(`{"success":true,"version":7,"event":null}`),
		want: errorMatching(`required field "aggregateId" is missing or null`)},
	{name: "basic-info without required fields on refresh", refresh: true,
		faults: []spkeytest.Fault{{Kind: spkeytest.FaultBody, Op: "basic-info", Body: `{"id":"123","lockId":123}`}},
		want:   errorMatching("Unable to Read Lock", `required field "uuid" is missing or null`)},
	{name: "redirect", faults: []spkeytest.Fault{{Kind: spkeytest.FaultBody, Status: 301, Op: "SetOrganization", Body: "{}"}},
		want: errorMatching("the API answered HTTP 301", "redirected to", "set the base URL to the address it redirects to")},
	{name: "operation timeout", resource: `timeouts = { create = "1s" }`,
		faults: []spkeytest.Fault{{Kind: spkeytest.FaultLatency, Latency: 30e9, Op: "SetOrganization"}},
		want:   errorMatching("the operation's timeout elapsed before the API answered", `timeouts = { create = "10m" }`)},
}

func TestAccBadInputCatalogue(t *testing.T) {
	t.Parallel()
	for _, tc := range badInputs {
		t.Run(tc.name, func(t *testing.T) {
			mock := newMock(t, 123)
			// One retry and a short attempt timeout keep the failing rows fast.
			providerLines := map[string]string{
				"base_url": fmt.Sprintf("%q", mock.URL), "api_token": fmt.Sprintf("%q", testToken),
				"api_key": fmt.Sprintf("%q", testKey), "max_retries": "1", "request_timeout": `"1s"`,
			}
			resourceLines := map[string]string{"lock_id": "123", "org_id": `"org_a"`}
			override(providerLines, tc.provider)
			override(resourceLines, tc.resource)
			config := hclBlock(`provider "spkey"`, providerLines) + hclBlock(`resource "spkey_lock_organization" "test"`, resourceLines) +
				"resource \"terraform_data\" \"token\" {\n  input = \"late\"\n}\n"

			inject := func() {
				for _, f := range tc.faults {
					mustInject(t, mock, f)
				}
			}
			var steps []resource.TestStep
			switch {
			case tc.importID != "":
				steps = []resource.TestStep{
					{Config: config},
					{Config: config, ResourceName: testResource, ImportState: true, ImportStateId: tc.importID, ExpectError: tc.want},
				}
			case tc.refresh:
				steps = []resource.TestStep{
					{Config: config},
					{PreConfig: inject, Config: config, ExpectError: tc.want},
				}
			case tc.badConfig:
				steps = []resource.TestStep{{Config: config, ExpectError: tc.want}}
			default:
				inject()
				steps = []resource.TestStep{
					{Config: config, ExpectError: tc.want},
					// Nothing was recorded: with the faults gone, the same
					// configuration still plans a create.
					{
						PreConfig: mock.ClearFaults,
						Config:    config,
						PlanOnly:  true, ExpectNonEmptyPlan: true,
					},
				}
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProviders,
				Steps:                    steps,
			})
		})
	}
}

// override replaces or adds "key = value" lines; "key = null" removes one.
func override(lines map[string]string, text string) {
	for _, line := range strings.Split(text, "\n") {
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if v == "null" {
			delete(lines, k)
			continue
		}
		lines[k] = v
	}
}

func hclBlock(header string, lines map[string]string) string {
	var b strings.Builder
	b.WriteString(header + " {\n")
	for _, k := range []string{"base_url", "api_token", "api_key", "max_retries", "request_timeout", "max_concurrency", "max_requests_per_second", "lock_id", "org_id", "timeouts"} {
		if v, ok := lines[k]; ok {
			fmt.Fprintf(&b, "  %s = %s\n", k, v)
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// TestBadInputCatalogueIsDocumented keeps the catalogue in the docs and the
// tests in step: every case has a row in the troubleshooting guide.
func TestBadInputCatalogueIsDocumented(t *testing.T) {
	guide, err := os.ReadFile("../../templates/guides/troubleshooting.md.tmpl")
	if err != nil {
		t.Fatalf("reading the troubleshooting guide: %v", err)
	}
	if len(badInputs) < 25 {
		t.Errorf("the catalogue has %d cases; it promises at least 25", len(badInputs))
	}
	for _, tc := range badInputs {
		if !strings.Contains(string(guide), "| "+tc.name+" |") {
			t.Errorf("templates/guides/troubleshooting.md.tmpl has no row %q", "| "+tc.name+" |")
		}
	}
}
