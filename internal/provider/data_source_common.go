package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

// What the per-lock data sources (spkey_lock, spkey_lock_events) share:
// taking the provider's client, and reading a configuration whose lock_id
// names one lock.

// dataSourceClient returns the provider's client for data source
// typeName, or nil before the provider is configured (or on error).
func dataSourceClient(req datasource.ConfigureRequest, resp *datasource.ConfigureResponse, typeName string) *client.Client {
	data, diags := providerDataFrom(req.ProviderData, "data source "+typeName)
	resp.Diagnostics.Append(diags...)
	if data == nil {
		return nil
	}
	return data.client
}

// readLockConfig reads the configuration into data and returns the lock
// id it names (lockID picks lock_id out of the model); ok is false after
// an error.
func readLockConfig[M any](ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse, data *M, lockID func(*M) types.Number) (id int64, ok bool) {
	resp.Diagnostics.Append(req.Config.Get(ctx, data)...)
	if resp.Diagnostics.HasError() {
		return 0, false
	}
	id, err := lockIDFromNumber(lockID(data).ValueBigFloat())
	if err != nil {
		resp.Diagnostics.Append(invalidLockIDDiag(lockIDPath, err))
		return 0, false
	}
	return id, true
}
