package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

var (
	_ provider.Provider                  = (*spkeyProvider)(nil)
	_ provider.ProviderWithFunctions     = (*spkeyProvider)(nil)
	_ provider.ProviderWithListResources = (*spkeyProvider)(nil)
)

// New returns a provider factory for the given version (set at release).
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &spkeyProvider{version: version}
	}
}

type spkeyProvider struct {
	version string
}

type providerModel struct {
	BaseURL              types.String  `tfsdk:"base_url"`
	APIToken             types.String  `tfsdk:"api_token"`
	APIKey               types.String  `tfsdk:"api_key"`
	MaxRetries           types.Int64   `tfsdk:"max_retries"`
	RequestTimeout       types.String  `tfsdk:"request_timeout"`
	MaxConcurrency       types.Int64   `tfsdk:"max_concurrency"`
	MaxRequestsPerSecond types.Float64 `tfsdk:"max_requests_per_second"`
	ActorID              types.String  `tfsdk:"actor_id"`
}

func (p *spkeyProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "spkey"
	resp.Version = p.version
}

func (p *spkeyProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The SmartphoneKey (spkey) provider assigns smart locks to organizations through the SmartphoneKey lock API. " +
			"Every attribute can also come from an environment variable; a value in the configuration wins.",
		Attributes: map[string]schema.Attribute{
			attrBaseURL: schema.StringAttribute{
				MarkdownDescription: "Base URL of the SmartphoneKey API. Defaults to `" + client.DefaultBaseURL + "` (production); " +
					"staging is `https://b2c-api.spk-stage.workers.dev`, development `https://b2c-api.spk-dev.workers.dev`, a local " +
					"server `http://localhost:8787`. Must be `https`, except for loopback hosts (`localhost`, `127.0.0.0/8`, `::1`) " +
					"where `http` is allowed. A trailing slash is fine. Environment variable: `SPKEY_BASE_URL`.",
				Optional:   true,
				Validators: []validator.String{baseURLValidator{}},
			},
			attrAPIToken: schema.StringAttribute{
				MarkdownDescription: "SmartphoneKey JWT, sent as `Authorization: Bearer <token>`. B2C clients authenticate with it. " +
					"Environment variable: `SPKEY_API_TOKEN`. At least one of `api_token` and `api_key` is required; both are sent when both are set. " +
					credentialNote,
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			attrAPIKey: schema.StringAttribute{
				MarkdownDescription: "B2B API key given at organization onboarding, sent as `X-API-Key`. B2B integrations authenticate with it. " +
					"Environment variable: `SPKEY_API_KEY`. At least one of `api_token` and `api_key` is required; both are sent when both are set. " +
					credentialNote,
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			attrMaxRetries: settingMaxRetries.schemaAttribute("How many times a request is retried after a connection error, a timeout or an HTTP 429, 502, 503 or 504, "+
				"with exponential backoff and jitter (or the API's `Retry-After`). ", " (no retries)"),
			attrRequestTimeout: schema.StringAttribute{
				MarkdownDescription: "Timeout of each single HTTP attempt, as a duration such as `\"30s\"` or `\"2m\"`. An attempt that takes longer " +
					"is abandoned and retried. " +
					fmt.Sprintf("From `\"%s\"` to `\"%s\"`; defaults to `\"%s\"`. ",
						durationText(minRequestTimeout), durationText(maxRequestTimeout), durationText(client.DefaultRequestTimeout)) +
					"Environment variable: `SPKEY_REQUEST_TIMEOUT`.",
				Optional:   true,
				Validators: []validator.String{durationValidator{}},
			},
			attrMaxConcurrency: settingMaxConcurrency.schemaAttribute("Maximum number of requests in flight (and of TCP connections) at once, shared by every "+
				"resource and data source of this provider configuration. ", ""),
			attrMaxRequestsPerSecond: schema.Float64Attribute{
				MarkdownDescription: "Maximum number of requests per second, shared by every resource and data source of this provider configuration. " +
					fmt.Sprintf("From `%g` to `%g`; unset means no cap (an HTTP 429 still slows every request down). ", minRequestsPerSecond, maxRequestsPerSecond) +
					"Environment variable: `SPKEY_MAX_REQUESTS_PER_SECOND`.",
				Optional:   true,
				Validators: []validator.Float64{float64validator.Between(minRequestsPerSecond, maxRequestsPerSecond)},
			},
			attrActorID: schema.StringAttribute{
				MarkdownDescription: "Id (a UUID) of the user the API records as having granted or removed access " +
					"(`grantedBy`, `removedBy`) when this configuration changes who may use a lock. " +
					"A resource's own `granted_by` wins; a resource that needs one fails at plan time when neither is set. " +
					"Environment variable: `SPKEY_ACTOR_ID`.",
				Optional:   true,
				Validators: []validator.String{userIDValidator{}},
			},
		},
	}
}

func (p *spkeyProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	clientCfg, diags := resolveConfig(cfg)
	resp.Diagnostics.Append(diags...)
	actor := resolveActor(cfg.ActorID, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	clientCfg.UserAgent = userAgent(p.version, req.TerraformVersion)
	clientCfg.Logger = newTflogLogger(clientCfg.Token, clientCfg.APIKey)

	ctx = tflog.MaskAllFieldValuesStrings(ctx, clientCfg.Token, clientCfg.APIKey)
	tflog.Debug(ctx, "Configuring the SmartphoneKey API client", map[string]any{
		"base_url":                clientCfg.BaseURL,
		"has_api_token":           clientCfg.Token != "",
		"has_api_key":             clientCfg.APIKey != "",
		"max_retries":             clientCfg.MaxRetries,
		"request_timeout":         clientCfg.RequestTimeout.String(),
		"max_concurrency":         clientCfg.MaxConcurrency,
		"max_requests_per_second": clientCfg.RequestsPerSecond,
		"actor_id":                actor,
	})

	c, err := client.New(clientCfg)
	if err != nil {
		resp.Diagnostics.Append(clientCreateDiag(err))
		return
	}
	data := &providerData{client: c, claims: newClaims(), actorID: actor}
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.ListResourceData = data
}

func (p *spkeyProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewLockOrganizationResource,
		NewLockOwnerResource,
		NewOrganizationLocksResource,
		NewLockAccessResource,
		NewLockResidentResource,
		NewLockResidentsExclusiveResource,
		NewLockKeyResource,
		NewLockTempKeyResource,
		NewUserAccessibleLocksResource,
	}
}

func (p *spkeyProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewLockDataSource,
		NewLockEventsDataSource,
		NewUserDataSource,
	}
}

// ListResources are for terraform query (Terraform 1.14+).
func (p *spkeyProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewLockOrganizationList,
		NewLockOwnerList,
		NewOrganizationLocksList,
		NewLockResidentList,
		NewLockAccessList,
	}
}

func (p *spkeyProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{
		NewLockIDsFunction,
	}
}

func userAgent(providerVersion, terraformVersion string) string {
	if terraformVersion == "" {
		terraformVersion = "unknown"
	}
	return "terraform-provider-spkey/" + providerVersion +
		" (+https://registry.terraform.io/providers/smartphonekey/spkey) Terraform/" + terraformVersion
}
