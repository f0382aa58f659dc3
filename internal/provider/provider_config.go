package provider

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
	"github.com/smartphonekey/terraform-provider-spkey/internal/lockids"
)

// Provider attribute names and the environment variables behind them.
const (
	attrBaseURL              = "base_url"
	attrAPIToken             = "api_token"
	attrAPIKey               = "api_key"
	attrMaxRetries           = "max_retries"
	attrRequestTimeout       = "request_timeout"
	attrMaxConcurrency       = "max_concurrency"
	attrMaxRequestsPerSecond = "max_requests_per_second"
	attrActorID              = "actor_id"

	envBaseURL              = "SPKEY_BASE_URL"
	envAPIToken             = "SPKEY_API_TOKEN" //nolint:gosec // G101: the name of an environment variable, not a credential.
	envAPIKey               = "SPKEY_API_KEY"   //nolint:gosec // G101: the name of an environment variable, not a credential.
	envMaxRetries           = "SPKEY_MAX_RETRIES"
	envRequestTimeout       = "SPKEY_REQUEST_TIMEOUT"
	envMaxConcurrency       = "SPKEY_MAX_CONCURRENCY"
	envMaxRequestsPerSecond = "SPKEY_MAX_REQUESTS_PER_SECOND"
	envActorID              = "SPKEY_ACTOR_ID"
)

// Bounds of the numeric settings, shared by the schema validators (for the
// configuration) and resolveConfig (for environment variables).
var (
	settingMaxRetries     = intSetting{attrMaxRetries, envMaxRetries, 0, 10, client.DefaultMaxRetries}
	settingMaxConcurrency = intSetting{attrMaxConcurrency, envMaxConcurrency, 1, 64, client.DefaultMaxConcurrency}
)

const (
	minRequestTimeout    = time.Second
	maxRequestTimeout    = 10 * time.Minute
	minRequestsPerSecond = 0.1
	maxRequestsPerSecond = 10000.0
)

// resolveConfig merges the provider configuration with the environment
// (a configured value wins; an empty variable counts as unset) and checks
// every value.
func resolveConfig(cfg providerModel) (client.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	out := client.Config{}

	base, fromEnv := resolveString(cfg.BaseURL, attrBaseURL, envBaseURL, &diags)
	if base == "" {
		base = client.DefaultBaseURL
	}
	if u, err := client.ParseBaseURL(base); err != nil {
		diags.Append(invalidSettingDiag(attrBaseURL, envBaseURL, fromEnv, err))
	} else {
		out.BaseURL = u.String()
	}

	var tokenGiven, keyGiven bool
	out.Token, tokenGiven = resolveCredential(cfg.APIToken, attrAPIToken, envAPIToken, &diags)
	out.APIKey, keyGiven = resolveCredential(cfg.APIKey, attrAPIKey, envAPIKey, &diags)
	// A credential that was given but refused has its own error: "none
	// found" would be false.
	if !tokenGiven && !keyGiven && !cfg.APIToken.IsUnknown() && !cfg.APIKey.IsUnknown() {
		diags.Append(missingCredentialsDiag())
	}

	out.MaxRetries = int(settingMaxRetries.resolve(cfg.MaxRetries, &diags))
	out.MaxConcurrency = int(settingMaxConcurrency.resolve(cfg.MaxConcurrency, &diags))

	timeout, fromEnv := resolveString(cfg.RequestTimeout, attrRequestTimeout, envRequestTimeout, &diags)
	out.RequestTimeout = client.DefaultRequestTimeout
	if timeout != "" {
		d, err := parseRequestTimeout(timeout)
		if err != nil {
			diags.Append(invalidSettingDiag(attrRequestTimeout, envRequestTimeout, fromEnv, err))
		}
		out.RequestTimeout = d
	}

	out.RequestsPerSecond = resolveRate(cfg.MaxRequestsPerSecond, &diags)
	return out, diags
}

// resolveString returns the configured value, else the environment
// variable's. fromEnv says where a non-empty value came from.
func resolveString(v types.String, attr, env string, diags *diag.Diagnostics) (value string, fromEnv bool) {
	switch {
	case v.IsUnknown():
		diags.Append(unknownSettingDiag(attr, env))
		return "", false
	case !v.IsNull():
		return v.ValueString(), false
	}
	value = os.Getenv(env)
	return value, value != ""
}

// credentialNote ends the descriptions of api_token and api_key.
const credentialNote = "Surrounding white space (such as the trailing newline of `file(\"token\")`) is trimmed; a control character " +
	"inside the value is an error, and so is a value shorter than 8 characters (too short to be kept out of messages). Prefer the environment variable or an ephemeral variable to a literal: a literal is written to saved plan files."

// resolveCredential resolves api_token or api_key; given says whether a
// value was set at all, usable or not. Surrounding white space is trimmed
// (a token never contains it; a value read with file() keeps the file's
// trailing newline); a control character that remains means the value
// cannot be sent, and a value shorter than minCredentialLength cannot be
// kept secret: both are a configuration error now rather than requests
// that fail or leak. The value itself is never printed.
func resolveCredential(v types.String, attr, env string, diags *diag.Diagnostics) (value string, given bool) {
	raw, fromEnv := resolveString(v, attr, env, diags)
	value = strings.TrimSpace(raw)
	switch {
	case raw == "":
		return "", false
	case value == "":
		diags.Append(invalidCredentialDiag(attr, env, fromEnv, errors.New("it is only white space")))
	case client.CheckCredential(value) != nil:
		diags.Append(invalidCredentialDiag(attr, env, fromEnv, client.CheckCredential(value)))
		return "", true
	case utf8.RuneCountInString(value) < minCredentialLength:
		diags.Append(shortCredentialDiag(attr, env, fromEnv, utf8.RuneCountInString(value)))
		return "", true
	}
	return value, true
}

// minCredentialLength is the shortest api_token or api_key the provider
// accepts. Real ones are far longer (a JWT runs to hundreds of
// characters); one this short would occur in ordinary text, so redacting
// it from messages and logs would mangle them and, by the holes it left,
// give it away. The mock's default credentials, "mock-token" and
// "mock-key", are as short as it goes.
const minCredentialLength = 8

type intSetting struct {
	attr, env string
	min, max  int64
	def       int
}

// schemaAttribute is the setting's provider attribute: what it does, then
// its range (minNote explains the minimum), default and environment
// variable.
func (s intSetting) schemaAttribute(what, minNote string) schema.Int64Attribute {
	return schema.Int64Attribute{
		MarkdownDescription: what + fmt.Sprintf("From `%d`%s to `%d`; defaults to `%d`. ", s.min, minNote, s.max, s.def) +
			"Environment variable: `" + s.env + "`.",
		Optional:   true,
		Validators: []validator.Int64{int64validator.Between(s.min, s.max)},
	}
}

func (s intSetting) resolve(v types.Int64, diags *diag.Diagnostics) int64 {
	switch {
	case v.IsUnknown():
		diags.Append(unknownSettingDiag(s.attr, s.env))
		return int64(s.def)
	case !v.IsNull():
		if err := s.check(v.ValueInt64()); err != nil {
			diags.Append(invalidSettingDiag(s.attr, s.env, false, err))
		}
		return v.ValueInt64()
	}
	raw := strings.TrimSpace(os.Getenv(s.env))
	if raw == "" {
		return int64(s.def)
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		err = fmt.Errorf("%q is not a whole number; use a whole number from %d to %d", raw, s.min, s.max)
	} else {
		err = s.check(n)
	}
	if err != nil {
		diags.Append(invalidSettingDiag(s.attr, s.env, true, err))
		return int64(s.def)
	}
	return n
}

func (s intSetting) check(n int64) error {
	if n < s.min || n > s.max {
		return fmt.Errorf("%d is outside the allowed range; use a whole number from %d to %d", n, s.min, s.max)
	}
	return nil
}

func resolveRate(v types.Float64, diags *diag.Diagnostics) float64 {
	check := func(f float64) error {
		// NaN compares false with everything, so it would pass the range
		// check and mean "no cap"; NaN and Inf are named on their own.
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("%g is not a finite number; use a number from %g to %g, or leave it unset for no cap", f, minRequestsPerSecond, maxRequestsPerSecond)
		}
		if f < minRequestsPerSecond || f > maxRequestsPerSecond {
			return fmt.Errorf("%g is outside the allowed range; use a number from %g to %g, or leave it unset for no cap", f, minRequestsPerSecond, maxRequestsPerSecond)
		}
		return nil
	}
	switch {
	case v.IsUnknown():
		diags.Append(unknownSettingDiag(attrMaxRequestsPerSecond, envMaxRequestsPerSecond))
		return 0
	case !v.IsNull():
		if err := check(v.ValueFloat64()); err != nil {
			diags.Append(invalidSettingDiag(attrMaxRequestsPerSecond, envMaxRequestsPerSecond, false, err))
		}
		return v.ValueFloat64()
	}
	raw := strings.TrimSpace(os.Getenv(envMaxRequestsPerSecond))
	if raw == "" {
		return 0
	}
	f, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		err = fmt.Errorf("%q is not a number", raw)
	} else {
		err = check(f)
	}
	if err != nil {
		diags.Append(invalidSettingDiag(attrMaxRequestsPerSecond, envMaxRequestsPerSecond, true, err))
		return 0
	}
	return f
}

// resolveActor resolves actor_id: the user the API records as grantedBy
// and removedBy. It is a user id, so a UUID; "" when unset.
func resolveActor(v types.String, diags *diag.Diagnostics) string {
	raw, fromEnv := resolveString(v, attrActorID, envActorID, diags)
	value := strings.TrimSpace(raw)
	if value != "" && !lockids.LooksLikeUUID(value) {
		diags.Append(invalidSettingDiag(attrActorID, envActorID, fromEnv,
			fmt.Errorf("%q is not a user id: a SmartphoneKey user id is a UUID such as \"6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60\"", value)))
		return ""
	}
	return strings.ToLower(value)
}

func parseRequestTimeout(s string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration; write it like \"30s\" or \"2m\"", s)
	}
	if d < minRequestTimeout || d > maxRequestTimeout {
		return 0, fmt.Errorf("%q is outside the allowed range; use a duration from %s to %s", s, minRequestTimeout, maxRequestTimeout)
	}
	return d, nil
}

// baseURLValidator checks base_url in the configuration with the same
// rules the client applies.
type baseURLValidator struct{}

func (baseURLValidator) Description(context.Context) string {
	return "an absolute https URL (http only for loopback hosts)"
}

func (v baseURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (baseURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := client.ParseBaseURL(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.Append(invalidSettingDiag(attrBaseURL, envBaseURL, false, err))
	}
}

// durationValidator checks request_timeout in the configuration.
type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return fmt.Sprintf("a duration such as \"30s\", from %s to %s", minRequestTimeout, maxRequestTimeout)
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := parseRequestTimeout(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.Append(invalidSettingDiag(attrRequestTimeout, envRequestTimeout, false, err))
	}
}
