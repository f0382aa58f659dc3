package provider

// What the list resources share (terraform query, Terraform 1.14+): the
// query names where to look (lock_ids, the fleet import's ranges syntax)
// and the list resource asks the API about each lock, concurrently, in
// batches, returning results in lock id order and stopping at the query's
// limit.

import (
	"context"
	"fmt"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
	"github.com/smartphonekey/terraform-provider-spkey/internal/lockids"
)

// listBatch is how many ids are read before their matches are returned:
// results come in id order, and a query's limit stops the reading after
// the batch that reached it.
const listBatch = 256

// queryLockIDs reads a list block's lock_ids ("100-199,250").
func queryLockIDs(ctx context.Context, req list.ListRequest) ([]int64, diag.Diagnostics) {
	var raw types.String
	diags := req.Config.GetAttribute(ctx, lockIDsPath, &raw)
	if diags.HasError() {
		return nil, diags
	}
	ids, err := lockids.ParseList(raw.ValueString())
	if err != nil {
		diags.Append(invalidLockIDDiag(lockIDsPath, err))
	}
	return ids, diags
}

var lockIDsPath = path.Root("lock_ids")

// lockIDsQueryAttribute is the schema of a list block's lock_ids.
func lockIDsQueryAttribute() listschema.StringAttribute {
	return listschema.StringAttribute{
		MarkdownDescription: fmt.Sprintf("Lock ids and inclusive ranges separated by commas, such as `\"100-199,250\"` "+
			"(the `spkey_organization_locks` import id's syntax), at most %d ids in all. Each id costs one request, "+
			"until the query's `limit` is reached.", lockids.MaxIDs),
		Required: true,
	}
}

// listPerLock streams the results of a query over ids: read asks the API
// about one lock (client.ErrNotFound skips it), results turns an answer
// into the lock's results (none, one or many). limit, when above 0, stops
// after that many results.
func listPerLock[T any](ctx context.Context, c *client.Client, op operation, ids []int64, limit int64,
	read func(context.Context, int64) (T, error), results func(int64, T) []list.ListResult) iter.Seq[list.ListResult] {
	return func(push func(list.ListResult) bool) {
		var pushed int64
		for start := 0; start < len(ids); start += listBatch {
			batch := ids[start:min(start+listBatch, len(ids))]
			found, diags := readPerLock(ctx, c, op, batch, read)
			if diags.HasError() {
				push(list.ListResult{Diagnostics: diags})
				return
			}
			for _, id := range batch {
				v, ok := found[id]
				if !ok {
					continue
				}
				for _, res := range results(id, v) {
					if !push(res) {
						return
					}
					if pushed++; limit > 0 && pushed >= limit {
						return
					}
				}
			}
		}
	}
}

// readPerLock asks the API about the ids concurrently (readEach: any
// failure but not-found stops the query) and words the failure of the
// lowest lock that failed.
func readPerLock[T any](ctx context.Context, c *client.Client, op operation, ids []int64,
	read func(context.Context, int64) (T, error)) (map[int64]T, diag.Diagnostics) {
	found, first, err := readEach(ctx, c, ids, read)
	if err != nil {
		// A list resource has no timeouts attribute to advise raising.
		return nil, diag.Diagnostics{apiErrorDiag(op.during(noTimeouts), lockSubject(first), c.BaseURL(), err)}
	}
	return found, nil
}
