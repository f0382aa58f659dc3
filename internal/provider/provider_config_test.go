package provider

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

// TestResolveConfig covers every row of the provider's settings: config
// value, environment variable, default, and the error that names the
// attribute (and the variable when the value came from it).
func TestResolveConfig(t *testing.T) {
	base := func() providerModel {
		return providerModel{
			BaseURL:              types.StringNull(),
			APIToken:             types.StringValue("tok-0123"),
			APIKey:               types.StringNull(),
			MaxRetries:           types.Int64Null(),
			RequestTimeout:       types.StringNull(),
			MaxConcurrency:       types.Int64Null(),
			MaxRequestsPerSecond: types.Float64Null(),
		}
	}
	cases := []struct {
		name    string
		env     map[string]string
		edit    func(*providerModel)
		check   func(*testing.T, client.Config)
		wantErr []string // substrings of one error's summary + detail
	}{
		{
			name: "defaults",
			check: func(t *testing.T, c client.Config) {
				if c.BaseURL != client.DefaultBaseURL || c.MaxRetries != 4 || c.RequestTimeout != 30*time.Second ||
					c.MaxConcurrency != 8 || c.RequestsPerSecond != 0 || c.Token != "tok-0123" || c.APIKey != "" {
					t.Errorf("got %+v", c)
				}
			},
		},
		{
			name: "environment fills what the configuration leaves unset",
			env: map[string]string{
				envBaseURL: "http://localhost:8787/", envAPIKey: "key-0123", envMaxRetries: "2",
				envRequestTimeout: "5s", envMaxConcurrency: "3", envMaxRequestsPerSecond: "12.5",
			},
			check: func(t *testing.T, c client.Config) {
				if c.BaseURL != "http://localhost:8787/" || c.APIKey != "key-0123" || c.MaxRetries != 2 ||
					c.RequestTimeout != 5*time.Second || c.MaxConcurrency != 3 || c.RequestsPerSecond != 12.5 {
					t.Errorf("got %+v", c)
				}
			},
		},
		{
			name: "configuration wins over the environment",
			env:  map[string]string{envAPIToken: "env-tok-0123", envMaxRetries: "9", envBaseURL: "https://env.example"}, //nolint:gosec // G101: a fake token.
			edit: func(m *providerModel) {
				m.MaxRetries = types.Int64Value(0)
				m.BaseURL = types.StringValue("https://b2c-api.spk-stage.workers.dev")
			},
			check: func(t *testing.T, c client.Config) {
				if c.Token != "tok-0123" || c.MaxRetries != 0 || c.BaseURL != "https://b2c-api.spk-stage.workers.dev" {
					t.Errorf("got %+v", c)
				}
			},
		},
		{
			name:    "empty environment variables count as unset",
			env:     map[string]string{envAPIToken: "", envAPIKey: "", envBaseURL: "", envMaxRetries: ""},
			edit:    func(m *providerModel) { m.APIToken = types.StringNull() },
			wantErr: []string{"Missing SmartphoneKey API Credentials", "SPKEY_API_TOKEN", "SPKEY_API_KEY"},
		},
		{
			name: "key alone is enough",
			env:  map[string]string{envAPIKey: "mock-key"},
			edit: func(m *providerModel) { m.APIToken = types.StringNull() },
			check: func(t *testing.T, c client.Config) {
				if c.Token != "" || c.APIKey != "mock-key" {
					t.Errorf("got %+v", c)
				}
			},
		},
		{name: "unknown token", edit: func(m *providerModel) { m.APIToken = types.StringUnknown() }, wantErr: []string{"Unknown SmartphoneKey Provider Setting: api_token", "SPKEY_API_TOKEN"}},
		{name: "unknown base_url", edit: func(m *providerModel) { m.BaseURL = types.StringUnknown() }, wantErr: []string{"Unknown SmartphoneKey Provider Setting: base_url", "SPKEY_BASE_URL"}},
		{name: "unknown max_retries", edit: func(m *providerModel) { m.MaxRetries = types.Int64Unknown() }, wantErr: []string{"Unknown SmartphoneKey Provider Setting: max_retries", "SPKEY_MAX_RETRIES"}},
		{name: "base_url from env is not a URL", env: map[string]string{envBaseURL: "api.spkey.co"}, wantErr: []string{"base_url (taken from the SPKEY_BASE_URL environment variable)", "not an absolute URL"}},
		{name: "base_url http to a remote host", edit: func(m *providerModel) { m.BaseURL = types.StringValue("http://api.spkey.co") }, wantErr: []string{"base_url", "not loopback"}},
		{name: "base_url ftp", edit: func(m *providerModel) { m.BaseURL = types.StringValue("ftp://localhost") }, wantErr: []string{"base_url", `scheme "ftp"`}},
		{name: "base_url http to 127.0.0.2 is fine", edit: func(m *providerModel) { m.BaseURL = types.StringValue("http://127.0.0.2:9000") }, check: func(t *testing.T, c client.Config) {
			if c.BaseURL != "http://127.0.0.2:9000" {
				t.Errorf("got %q", c.BaseURL)
			}
		}},
		{name: "base_url http to ::1 is fine", edit: func(m *providerModel) { m.BaseURL = types.StringValue("http://[::1]:8787") }},
		{name: "max_retries from env not a number", env: map[string]string{envMaxRetries: "four"}, wantErr: []string{"max_retries (taken from the SPKEY_MAX_RETRIES environment variable)", `"four" is not a whole number`}},
		{name: "max_retries from env negative", env: map[string]string{envMaxRetries: "-1"}, wantErr: []string{"SPKEY_MAX_RETRIES", "-1 is outside the allowed range", "0 to 10"}},
		{name: "max_retries huge", edit: func(m *providerModel) { m.MaxRetries = types.Int64Value(1000) }, wantErr: []string{"max_retries", "1000 is outside the allowed range"}},
		{name: "request_timeout unparsable", edit: func(m *providerModel) { m.RequestTimeout = types.StringValue("30 seconds") }, wantErr: []string{"request_timeout", `"30 seconds" is not a duration`}},
		{name: "request_timeout from env too short", env: map[string]string{envRequestTimeout: "10ms"}, wantErr: []string{"SPKEY_REQUEST_TIMEOUT", "outside the allowed range"}},
		{name: "max_concurrency zero", edit: func(m *providerModel) { m.MaxConcurrency = types.Int64Value(0) }, wantErr: []string{"max_concurrency", "1 to 64"}},
		{name: "max_requests_per_second from env NaN", env: map[string]string{envMaxRequestsPerSecond: "NaN"}, wantErr: []string{"SPKEY_MAX_REQUESTS_PER_SECOND", "NaN is not a finite number", "0.1 to 10000"}},
		{name: "max_requests_per_second from env Inf", env: map[string]string{envMaxRequestsPerSecond: "Inf"}, wantErr: []string{"SPKEY_MAX_REQUESTS_PER_SECOND", "+Inf is not a finite number"}},
		{name: "max_requests_per_second from env -Inf", env: map[string]string{envMaxRequestsPerSecond: "-inf"}, wantErr: []string{"SPKEY_MAX_REQUESTS_PER_SECOND", "-Inf is not a finite number"}},
		{name: "max_requests_per_second Inf", edit: func(m *providerModel) { m.MaxRequestsPerSecond = types.Float64Value(math.Inf(1)) }, wantErr: []string{"max_requests_per_second", "+Inf is not a finite number"}},
		{name: "api_token trimmed", edit: func(m *providerModel) { m.APIToken = types.StringValue(" tok-0123\r\n") }, check: func(t *testing.T, c client.Config) {
			if c.Token != "tok-0123" {
				t.Errorf("token %q, want it trimmed to %q", c.Token, "tok-0123")
			}
		}},
		{name: "api_key from env trimmed", env: map[string]string{envAPIKey: "key-0123\n"}, check: func(t *testing.T, c client.Config) {
			if c.APIKey != "key-0123" {
				t.Errorf("key %q, want it trimmed to %q", c.APIKey, "key-0123")
			}
		}},
		{name: "api_token with a newline inside", edit: func(m *providerModel) { m.APIToken = types.StringValue("a\nsecret-b") }, wantErr: []string{
			"Invalid SmartphoneKey Provider Setting: api_token", "api_token (set in the provider configuration; when unset, the SPKEY_API_TOKEN",
			"cannot be sent", "control character (U+000A)", "No request was sent"}},
		{name: "api_key from env with a tab inside", env: map[string]string{envAPIKey: "k\tsecret-b"}, wantErr: []string{
			"api_key (taken from the SPKEY_API_KEY environment variable)", "control character (U+0009)"}},
		{name: "api_token only white space", edit: func(m *providerModel) { m.APIToken = types.StringValue(" \n") }, wantErr: []string{"api_token", "only white space"}},
		// A credential too short to keep secret (issue 23 item 6): named, with
		// its variable, never quoted.
		{name: "api_token of one character", edit: func(m *providerModel) { m.APIToken = types.StringValue("1") }, wantErr: []string{
			"Invalid SmartphoneKey Provider Setting: api_token", "api_token (set in the provider configuration; when unset, the SPKEY_API_TOKEN",
			"is 1 character(s) long, shorter than 8", "cannot be kept out of messages and logs", "Set api_token (or SPKEY_API_TOKEN) to the whole credential",
			"No request was sent"}},
		{name: "api_key from env of four characters", env: map[string]string{envAPIKey: "true"}, edit: func(m *providerModel) { m.APIToken = types.StringNull() },
			wantErr: []string{"api_key (taken from the SPKEY_API_KEY environment variable) is 4 character(s) long"}},
		{name: "mock's default credentials", edit: func(m *providerModel) {
			m.APIToken, m.APIKey = types.StringValue("mock-token"), types.StringValue("mock-key")
		},
			check: func(t *testing.T, c client.Config) {
				if c.Token != "mock-token" || c.APIKey != "mock-key" {
					t.Errorf("got %+v", c)
				}
			}},
		{name: "max_requests_per_second from env not a number", env: map[string]string{envMaxRequestsPerSecond: "fast"}, wantErr: []string{"SPKEY_MAX_REQUESTS_PER_SECOND", `"fast" is not a number`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			m := base()
			if tc.edit != nil {
				tc.edit(&m)
			}
			cfg, diags := resolveConfig(m)
			for _, d := range diags {
				if strings.Contains(d.Detail(), "secret-b") {
					t.Errorf("the error prints the credential: %s", d.Detail())
				}
			}
			// A credential that was given but refused is not also "missing"
			// (issue 23 item 9).
			if len(tc.wantErr) > 0 && !strings.Contains(tc.wantErr[0], "Missing") && len(diags.Errors()) > 1 {
				t.Errorf("%d errors, want one: %v", len(diags.Errors()), diags.Errors())
			}
			if len(tc.wantErr) > 0 {
				if !diags.HasError() {
					t.Fatalf("no error; config %+v", cfg)
				}
				text := diags.Errors()[0].Summary() + " " + diags.Errors()[0].Detail()
				for _, w := range tc.wantErr {
					if !strings.Contains(text, w) {
						t.Errorf("error %q does not contain %q", text, w)
					}
				}
				return
			}
			if diags.HasError() {
				t.Fatalf("unexpected errors: %v", diags)
			}
			if tc.check != nil {
				tc.check(t, cfg)
			}
		})
	}
}

// A credential read with file() keeps the file's trailing newline: it is
// trimmed and works. A control character inside the value fails at
// configure time, naming the attribute, without a single request.
func TestAccProvider_credentialWhiteSpace(t *testing.T) {
	mock := newMock(t, 123)
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte(testToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	config := func(token string) string {
		return fmt.Sprintf(`
provider "spkey" {
  base_url  = %q
  api_token = %s
}
resource "spkey_lock_organization" "test" {
  lock_id = 123
  org_id  = "org_a"
}
`, mock.URL, token)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: config(fmt.Sprintf("%q", testToken+"\n")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("org_id"), knownvalue.StringExact("org_a")),
				},
				Check: checkMockOrg(mock, 123, "org_a"),
			},
			{
				Config:           config(fmt.Sprintf("file(%q)", tokenFile)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
	for _, r := range mock.Requests() {
		if r.Status == 401 {
			t.Errorf("a request was refused: %s %s", r.Method, r.Path)
		}
	}

	// A fresh mock: the broken credential must not send a single request.
	broken := newMock(t, 123)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "spkey" {
  base_url  = %q
  api_token = "a\nb"
}
resource "spkey_lock_organization" "test" {
  lock_id = 123
  org_id  = "org_a"
}
`, broken.URL),
			ExpectError: errorMatching("Invalid SmartphoneKey Provider Setting: api_token", "SPKEY_API_TOKEN", "control character (U+000A)", "No request was sent"),
		}},
	})
	if n := len(broken.Requests()); n != 0 {
		t.Errorf("the mock received %d requests for a credential that cannot be sent, want 0", n)
	}
}

// TestAccProvider_credentialInAnswers: a credential that also occurs in
// the API's answers changes no data (issue 23 item 6). The token
// "org-1234" is inside the organization "org-12345": redacting answers
// before decoding made that "[redacted]5", a drift on every plan. One too
// short to keep secret is refused at configure time, without a request.
func TestAccProvider_credentialInAnswers(t *testing.T) {
	const token = "org-1234"
	mock := spkeytest.NewTestServer(t, spkeytest.Options{Token: token, Locks: []int64{123}})
	config := func(token string) string {
		return fmt.Sprintf(`
provider "spkey" {
  base_url  = %q
  api_token = %q
}
resource "spkey_lock_organization" "test" {
  lock_id = 123
  org_id  = "org-12345"
}
data "spkey_lock" "test" {
  lock_id    = spkey_lock_organization.test.lock_id
  depends_on = [spkey_lock_organization.test]
}
`, mock.URL, token)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: config(token),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("org_id"), knownvalue.StringExact("org-12345")),
					statecheck.ExpectKnownValue("data.spkey_lock.test", tfjsonpath.New("org_id"), knownvalue.StringExact("org-12345")),
				},
				Check: checkMockOrg(mock, 123, "org-12345"),
			},
			{
				Config:           config(token),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})

	refused := spkeytest.NewTestServer(t, spkeytest.Options{Token: "1", Locks: []int64{123}})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: strings.Replace(config("1"), mock.URL, refused.URL, 1),
			ExpectError: errorMatching("Invalid SmartphoneKey Provider Setting: api_token", "is 1 character(s) long, shorter than 8",
				"cannot be kept out of messages", "No request was sent"),
		}},
	})
	if n := len(refused.Requests()); n != 0 {
		t.Errorf("the mock received %d requests for a credential too short to keep secret, want 0", n)
	}
}
