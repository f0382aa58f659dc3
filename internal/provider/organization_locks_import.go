package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// An import tells its Read through private state, which Terraform hands
// from ImportResourceState to the ReadResource that follows and keeps with
// the resource after it. The Read after an import judges the locks
// differently from a refresh: locks elsewhere are the import ID's mistake,
// not drift.
const importingKey = "importing"

// The framework's private state type is internal; these are the methods
// the marker needs.
type (
	privateGetter interface {
		GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	}
	privateSetter interface {
		SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
	}
)

// beginImport marks the state an import creates.
func beginImport(ctx context.Context, p privateSetter) diag.Diagnostics {
	return p.SetKey(ctx, importingKey, []byte("true"))
}

// endImport says whether this Read follows an import and removes the
// mark: whatever this Read finds, the next one is a refresh (an import
// whose Read fails stores nothing, mark included).
func endImport(ctx context.Context, req privateGetter, resp privateSetter) (bool, diag.Diagnostics) {
	v, diags := req.GetKey(ctx, importingKey)
	diags.Append(resp.SetKey(ctx, importingKey, nil)...)
	return len(v) > 0, diags
}
