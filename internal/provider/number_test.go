package provider

import (
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestNumberValueKeepsTheAPIsDigits(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"7", "3.14", "0", "12345678901234567890", "0.1", "-2"} {
		v, err := numberValue(json.Number(in))
		if err != nil {
			t.Fatalf("numberValue(%s): %v", in, err)
		}
		if got := v.ValueBigFloat().Text('f', -1); got != in {
			t.Errorf("numberValue(%s) = %s", in, got)
		}
	}
	if _, err := numberValue(json.Number("seven")); err == nil {
		t.Error("numberValue(seven) did not fail")
	}
}

// num is a Terraform number for the unit tests.
func num(v int64) types.Number { return lockIDValue(v) }
