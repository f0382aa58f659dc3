package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

// clientFrom returns the API client the provider's Configure handed over.
// It is nil, with no error, before the provider is configured (during
// validation), so callers must only use it in CRUD methods.
func clientFrom(providerData any, what string) (*client.Client, diag.Diagnostics) {
	if providerData == nil {
		return nil, nil
	}
	c, ok := providerData.(*client.Client)
	if !ok {
		return nil, diag.Diagnostics{unexpectedProviderDataDiag(what, providerData)}
	}
	return c, nil
}
