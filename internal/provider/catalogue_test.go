package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
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
	// server, when set, starts another server for the row and returns the
	// base_url to use instead of the mock's: a redirecting proxy, a TLS
	// port spoken to in plain http.
	server func(t *testing.T) string
	want   *regexp.Regexp
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
	{badConfig: true, name: "api_token with a line break inside", provider: `api_token = "eyJ\nsecret"`,
		want: errorMatching("Invalid SmartphoneKey Provider Setting: api_token", "SPKEY_API_TOKEN", "cannot be sent to the API",
			"control character (U+000A)", "No request was sent")},
	{badConfig: true, name: "api_token too short", provider: `api_token = "1"`,
		want: errorMatching("Invalid SmartphoneKey Provider Setting: api_token", "is 1 character(s) long, shorter than 8",
			"cannot be kept out of messages and logs", "No request was sent")},
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
	{name: "blank org_id", resource: `org_id = " "`, badConfig: true, want: errorMatching("Blank Value: org_id", `org_id is only white space (" ")`, "reject it only at apply")},
	{name: "lock_id too large", resource: `lock_id = 9223372036854775808`, badConfig: true, want: errorMatching("Invalid Lock ID", "lock_id: 9223372036854775808 is too large for a lock id")},

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
		want: errorMatching("lock 999999 does not exist (HTTP 404", `"The requested resource was not found"`, "Check lock_id, and check base_url")},
	{name: "404 from a proxy or a wrong path", faults: []spkeytest.Fault{{Kind: spkeytest.FaultBody, Status: 404, Op: "SetOrganization", Body: spkeytest.HTMLNotFoundPage}},
		want: errorMatching("Unable to Set Lock Organization", "the server answered HTTP 404", "does not look like the SmartphoneKey API: check base_url, its path prefix, and any proxy",
			"The change was not made")},
	{name: "404 from a proxy on refresh", refresh: true, faults: []spkeytest.Fault{{Kind: spkeytest.FaultBody, Status: 404, Op: "basic-info", Body: spkeytest.HTMLNotFoundPage}},
		want: errorMatching("Unable to Read Lock", "the server answered HTTP 404", "does not look like the SmartphoneKey API", "Nothing was read and state is unchanged")},
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
		want: errorMatching("no usable answer after 1 attempt", "connection refused", "not retried", "check the port in base_url")},
	{name: "plain http to a TLS port", server: tlsServerOverHTTP,
		want: errorMatching("no usable answer after 1 attempt", "base_url uses http:// but the server at", "speaks HTTPS: use https://")},
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
	{name: "answer about another lock", faults: setOrganizationAnswer(`{"success":true,"aggregateId":"999","version":7,"event":null}`),
		want: errorMatching("Unable to Set Lock Organization", "is about another lock", `aggregateId is "999", not 123`, "Nothing was recorded in state")},
	{name: "basic-info about another lock on refresh", refresh: true,
		faults: []spkeytest.Fault{{Kind: spkeytest.FaultBody, Op: "basic-info", Body: `{"id":"123","lockId":999,"uuid":"3f2504e0-4f89-41d3-9a0c-0305e82c3301","version":3,"r2Prefix":"locks/999/","doId":"ff"}`}},
		want:   errorMatching("Unable to Read Lock", "is about another lock", "999", "State is unchanged")},
	{name: "redirect", faults: []spkeytest.Fault{{Kind: spkeytest.FaultBody, Status: 301, Op: "SetOrganization", Body: "{}"}},
		want: errorMatching("the server at base_url answered HTTP 301, a redirect without a Location", "does not follow redirects", "Check base_url")},
	{name: "redirect to another host", server: redirectingServer("https://elsewhere.example/api"),
		want: errorMatching("the server at base_url answered HTTP 308, a redirect to", "elsewhere.example",
			"redirected to another host, elsewhere.example", "that would send the credentials there")},
	{name: "operation timeout", resource: `timeouts = { create = "1s" }`,
		faults: []spkeytest.Fault{{Kind: spkeytest.FaultLatency, Latency: 30e9, Op: "SetOrganization"}},
		want:   errorMatching("the operation's timeout elapsed before the API answered", `timeouts = { create = "10m" }`)},
	{name: "read timeout on refresh", refresh: true, resource: `timeouts = { read = "1s" }`,
		faults: []spkeytest.Fault{{Kind: spkeytest.FaultLatency, Latency: 30e9, Op: "basic-info"}},
		want:   errorMatching("Unable to Read Lock", "the operation's timeout elapsed before the API answered", `Raise the read timeout (for example timeouts = { read = "10m" })`)},
}

func TestAccBadInputCatalogue(t *testing.T) {
	t.Parallel()
	for _, tc := range badInputs {
		t.Run(tc.name, func(t *testing.T) {
			mock := newMock(t, 123)
			baseURL := mock.URL
			if tc.server != nil {
				baseURL = tc.server(t)
			}
			// One retry and a short attempt timeout keep the failing rows fast.
			providerLines := map[string]string{
				"base_url": fmt.Sprintf("%q", baseURL), "api_token": fmt.Sprintf("%q", testToken),
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

// tlsServerOverHTTP starts a TLS server and returns a plain http:// URL
// to its port.
func tlsServerOverHTTP(t *testing.T) string {
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	t.Cleanup(srv.Close)
	return "http://" + srv.Listener.Addr().String()
}

// redirectingServer returns a server that redirects every request to
// location plus the request's path, as a proxy in front of another host
// would.
func redirectingServer(location string) func(t *testing.T) string {
	return func(t *testing.T) string {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, location+r.URL.Path, http.StatusPermanentRedirect)

		}))
		t.Cleanup(srv.Close)
		return srv.URL
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
