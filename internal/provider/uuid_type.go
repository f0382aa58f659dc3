package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// uuidType is the type of attributes that hold a user id (or another
// UUID): a string whose case does not matter. The API stores UUIDs in
// lower case; with semantic equality, "6F1C..." in the configuration and
// "6f1c..." read back are the same value, so the plan shows no change and
// nothing is sent again (an owner set in upper case used to re-send
// SetOwner on every apply). The value in state stays as the configuration
// wrote it.
type uuidType struct {
	basetypes.StringType
}

var (
	_ basetypes.StringTypable                    = uuidType{}
	_ basetypes.StringValuableWithSemanticEquals = uuidValue{}
)

func (t uuidType) String() string { return "uuidType" }

func (t uuidType) Equal(o attr.Type) bool {
	_, ok := o.(uuidType)
	return ok
}

func (t uuidType) ValueType(context.Context) attr.Value { return uuidValue{} }

func (t uuidType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return uuidValue{StringValue: in}, nil
}

func (t uuidType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return uuidValue{StringValue: s}, nil
}

// uuidValue is a value of uuidType.
type uuidValue struct {
	basetypes.StringValue
}

func (v uuidValue) Type(context.Context) attr.Type { return uuidType{} }

func (v uuidValue) Equal(o attr.Value) bool {
	other, ok := o.(uuidValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals reports whether two UUIDs differ only in case.
func (v uuidValue) StringSemanticEquals(_ context.Context, o basetypes.StringValuable) (bool, diag.Diagnostics) {
	other, ok := o.(uuidValue)
	if !ok {
		return false, nil
	}
	return strings.EqualFold(v.ValueString(), other.ValueString()), nil
}

func uuidValueOf(s string) uuidValue { return uuidValue{StringValue: basetypes.NewStringValue(s)} }

// sameUUID compares two user ids as the API does: without regard to case.
func sameUUID(a, b string) bool { return strings.EqualFold(a, b) }

func uuidPointerValue(s *string) uuidValue {
	return uuidValue{StringValue: basetypes.NewStringPointerValue(s)}
}
