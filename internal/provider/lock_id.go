package provider

import (
	"context"
	"fmt"
	"math/big"
	"strconv"

	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/numberplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smartphonekey/terraform-provider-spkey/internal/lockids"
)

// The attributes that hold lock ids: lock_id of the per-lock resources and
// the data source, and the keys of the fleet's locks map.
var (
	lockIDPath = path.Root("lock_id")
	locksPath  = path.Root("locks")
)

// lockIDFormat is how every message describes a valid lock id.
const lockIDFormat = lockids.Format

// parseLockID reads a lock id as users write it in an import ID (see
// lockids.Parse, shared with the mock server).
func parseLockID(s string) (int64, error) { return lockids.Parse(s) }

// parseLockIDKey reads a key of spkey_organization_locks' locks map. It
// is parseLockID plus one rule: no leading zeros, because "0101" and "101"
// would be two keys for one lock.
func parseLockIDKey(s string) (int64, error) {
	id, err := parseLockID(s)
	if err != nil {
		return 0, err
	}
	if canonical := strconv.FormatInt(id, 10); canonical != s {
		return 0, fmt.Errorf("%q has leading zeros: write it as %q, so that one lock has one key", s, canonical)
	}
	return id, nil
}

// lockIDFromNumber converts a Terraform number to a lock id. lock_id is a
// Number rather than an Int64 attribute so that a typo such as 1.5 gets
// this message instead of the framework's internal conversion error.
func lockIDFromNumber(n *big.Float) (int64, error) {
	if n == nil {
		return 0, fmt.Errorf("the lock id is null; %s", lockIDFormat)
	}
	if !n.IsInt() {
		return 0, fmt.Errorf("%s is not a whole number; %s", n.Text('g', -1), lockIDFormat)
	}
	id, acc := n.Int64()
	if acc != big.Exact {
		return 0, fmt.Errorf("%s is too large for a lock id; %s", wholeNumberText(n), lockIDFormat)
	}
	if id < 1 {
		return 0, fmt.Errorf("%d is not a lock id: it must be at least 1; %s", id, lockIDFormat)
	}
	return id, nil
}

// wholeNumberText prints a whole number in digits, as the user wrote it
// (9223372036854775808, not 9.223372036854775808e+18); a number too long
// to read in digits keeps the exponent.
func wholeNumberText(n *big.Float) string {
	if n.MantExp(nil) > maxDigitsBits {
		return n.Text('g', -1)
	}
	return n.Text('f', 0)
}

// maxDigitsBits bounds wholeNumberText's digits to about 40.
const maxDigitsBits = 133

// lockIDAttribute is the schema of a resource's lock_id: a whole number
// of at least 1; changing it replaces the resource.
func lockIDAttribute(what string) schema.NumberAttribute {
	return schema.NumberAttribute{
		MarkdownDescription: "Numeric id of the lock" + what + ": a whole number of at least 1, such as `123` (a UUID is not a lock id). " +
			"Changing it replaces the resource.",
		Required:      true,
		Validators:    []validator.Number{lockIDValidator{}},
		PlanModifiers: []planmodifier.Number{numberplanmodifier.RequiresReplace()},
	}
}

// lockIDDataSourceAttribute is the schema of a data source's lock_id.
func lockIDDataSourceAttribute() dschema.NumberAttribute {
	return dschema.NumberAttribute{
		MarkdownDescription: "Numeric id of the lock: a whole number of at least 1, such as `123`.",
		Required:            true,
		Validators:          []validator.Number{lockIDValidator{}},
	}
}

// validLockID is the lock id of a lock_id the validator has accepted; 0,
// which makes the client refuse the call, if it somehow has not.
func validLockID(n types.Number) int64 {
	id, _ := lockIDFromNumber(n.ValueBigFloat())
	return id
}

func lockIDValue(id int64) types.Number {
	return types.NumberValue(new(big.Float).SetInt64(id))
}

// lockIDValidator checks a lock id in the configuration: a whole number
// from 1 up.
type lockIDValidator struct{}

var _ validator.Number = lockIDValidator{}

func (lockIDValidator) Description(context.Context) string {
	return "a whole number of at least 1"
}

func (v lockIDValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (lockIDValidator) ValidateNumber(_ context.Context, req validator.NumberRequest, resp *validator.NumberResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := lockIDFromNumber(req.ConfigValue.ValueBigFloat()); err != nil {
		resp.Diagnostics.Append(invalidLockIDDiag(req.Path, err))
	}
}

// lockIDKeyValidator checks a key of the locks map in the configuration.
type lockIDKeyValidator struct{}

var _ validator.String = lockIDKeyValidator{}

func (lockIDKeyValidator) Description(context.Context) string {
	return "a lock id in decimal, at least 1, without leading zeros"
}

func (v lockIDKeyValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (lockIDKeyValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := parseLockIDKey(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.Append(invalidLockIDDiag(req.Path, err))
	}
}
