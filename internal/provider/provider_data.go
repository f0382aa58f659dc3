package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

// providerData is what the provider's Configure hands to every resource
// and data source of one provider configuration: one API client (one
// connection pool, one rate limit) and one register of planned lock
// assignments.
type providerData struct {
	client *client.Client
	claims *claims
	// actorID is the user recorded as grantedBy and removedBy when a
	// resource sets none; "" when actor_id is unset.
	actorID string
}

// providerDataFrom returns the provider data. It is nil, with no error,
// before the provider is configured (during validation), so callers must
// only use it in plan and CRUD methods.
func providerDataFrom(data any, what string) (*providerData, diag.Diagnostics) {
	if data == nil {
		return nil, nil
	}
	pd, ok := data.(*providerData)
	if !ok {
		return nil, diag.Diagnostics{unexpectedProviderDataDiag(what, data)}
	}
	return pd, nil
}
