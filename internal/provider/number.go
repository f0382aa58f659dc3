package provider

import (
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// numberValue converts a JSON number from the API into a Terraform number
// without going through float64, so that 7 stays 7 and 3.14 stays 3.14.
// The precision matches the one Terraform uses to parse numbers.
func numberValue(n json.Number) (types.Number, error) {
	f, _, err := big.ParseFloat(string(n), 10, 512, big.ToNearestEven)
	if err != nil {
		return types.NumberNull(), fmt.Errorf("%q is not a number", string(n))
	}
	return types.NumberValue(f), nil
}
