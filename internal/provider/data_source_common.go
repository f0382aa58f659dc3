package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

// What the data sources share: taking the provider's client and a read
// timeout; the per-lock ones (spkey_lock, spkey_lock_events) also the
// lock_id attribute and a Read that reads the lock id, bounds the call by
// the read timeout, calls, maps the answer and sets state.

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

// lockDataModel is what every per-lock data source's model embeds.
type lockDataModel struct {
	LockID   types.Number   `tfsdk:"lock_id"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

func (m *lockDataModel) lockData() *lockDataModel { return m }

// lockDataModelOf is the pointer to a per-lock data source's model M.
type lockDataModelOf[M any] interface {
	*M
	lockData() *lockDataModel
}

// lockDataAttributes adds lock_id and timeouts to a per-lock data
// source's own attributes; reads completes "How long reading ... may
// take".
func lockDataAttributes(ctx context.Context, reads string, own map[string]schema.Attribute) map[string]schema.Attribute {
	own["lock_id"] = lockIDDataSourceAttribute()
	own["timeouts"] = dataSourceTimeouts(ctx, reads)
	return own
}

// dataSourceTimeouts is a data source's timeouts attribute: read only;
// reads completes "How long reading ... may take".
func dataSourceTimeouts(ctx context.Context, reads string) schema.Attribute {
	return timeouts.AttributesWithOpts(ctx, timeouts.Opts{
		ReadDescription: "How long reading " + reads + ", retries included, may take, " + timeoutDefaultText(defaultReadTimeout),
	})
}

// readLockData is the Read of a per-lock data source with model M: it
// reads the configuration and its lock id, bounds ctx by the read timeout,
// calls fetch, and sets state to the model record filled from fetch's
// answer. A failed call is an error (op says what was being done); a lock
// that does not exist too: a data source must not silently return
// nothing.
func readLockData[M any, P lockDataModelOf[M], T any](ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse,
	c *client.Client, op operation, fetch func(context.Context, int64, P) (T, error), record func(P, int64, T) diag.Diagnostics,
) {
	var data M
	m := P(&data)
	resp.Diagnostics.Append(req.Config.Get(ctx, m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	lockID, err := lockIDFromNumber(m.lockData().LockID.ValueBigFloat())
	if err != nil {
		resp.Diagnostics.Append(invalidLockIDDiag(lockIDPath, err))
		return
	}
	ctx, cancel, diags := withTimeout(ctx, m.lockData().Timeouts.Read, defaultReadTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	answer, err := fetch(ctx, lockID, m)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag(op, lockSubject(lockID), c.BaseURL(), err))
		return
	}
	resp.Diagnostics.Append(record(m, lockID, answer)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
