package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

// configuredProvider serves the provider over the plugin protocol, as
// Terraform does, configured against the mock with both credentials and
// the extra settings; tests that need more calls than a CLI run can make
// in reasonable time talk to it directly.
func configuredProvider(t *testing.T, mock *spkeytest.Server, extra map[string]tftypes.Value) (tfprotov6.ProviderServer, *tfprotov6.GetProviderSchemaResponse) {
	t.Helper()
	ctx := context.Background()
	srv, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	settings := map[string]tftypes.Value{
		"base_url":  tftypes.NewValue(tftypes.String, mock.URL),
		"api_token": tftypes.NewValue(tftypes.String, testToken),
		"api_key":   tftypes.NewValue(tftypes.String, testKey),
	}
	for k, v := range extra {
		settings[k] = v
	}
	cfg := dynamicValue(t, schemas.Provider.ValueType(), settings)
	conf, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.14.9", Config: cfg})
	if err != nil || len(conf.Diagnostics) > 0 {
		t.Fatalf("configure: %v %v", err, diagTexts(conf.Diagnostics))
	}
	return srv, schemas
}
