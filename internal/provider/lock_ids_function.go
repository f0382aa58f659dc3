package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smartphonekey/terraform-provider-spkey/internal/lockids"
)

var _ function.Function = (*lockIDsFunction)(nil)

// maxLockIDs bounds how many lock ids one list may name, in the lock_ids
// function and in a terraform query. It is ten times the largest fleet
// we know of, and a query that reads 10,000 locks at a cautious 20
// requests per second already takes more than eight minutes; a larger
// list is more likely a typo ("1-100000" for "1-1000") than a fleet.
const maxLockIDs = 10_000

// parseLockIDList reads a list of lock ids and ranges ("100-199,250") with
// the fleet import id's parser and wording, and bounds the total.
func parseLockIDList(list string) ([]int64, error) {
	if list == "" {
		return nil, errEmptyLockIDList
	}
	ids, err := lockids.ParseList(list)
	if err != nil {
		return nil, err
	}
	if len(ids) > maxLockIDs {
		return nil, tooManyLockIDsError(list, len(ids))
	}
	return ids, nil
}

// NewLockIDsFunction is provider::spkey::lock_ids.
func NewLockIDsFunction() function.Function { return &lockIDsFunction{} }

type lockIDsFunction struct{}

func (f *lockIDsFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "lock_ids"
}

func (f *lockIDsFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Lock ids from a list of ids and ranges",
		MarkdownDescription: "Reads lock ids and inclusive ranges separated by commas, such as `\"100-199,250\"`, the way the " +
			"`spkey_organization_locks` import id does, and returns the set of lock ids (numbers). " +
			fmt.Sprintf("One range spans at most %d ids and the whole list names at most %d. ", lockids.MaxRange, maxLockIDs) +
			"Requires Terraform 1.8 or later, or OpenTofu 1.7 or later.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "ids",
				MarkdownDescription: "Lock ids and ranges separated by commas, without spaces, such as `\"100-199,250\"`.",
			},
		},
		Return: function.SetReturn{ElementType: types.Int64Type},
	}
}

func (f *lockIDsFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var list string
	resp.Error = req.Arguments.Get(ctx, &list)
	if resp.Error != nil {
		return
	}
	ids, err := parseLockIDList(list)
	if err != nil {
		// Terraform writes it after `Invalid value for "ids" parameter: `
		// and ends it with a period.
		resp.Error = function.NewArgumentFuncError(0, err.Error())
		return
	}
	resp.Error = resp.Result.Set(ctx, ids)
}
