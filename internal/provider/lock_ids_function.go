package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smartphonekey/terraform-provider-spkey/internal/lockids"
)

var _ function.Function = (*lockIDsFunction)(nil)

// NewLockIDsFunction is provider::spkey::lock_ids.
func NewLockIDsFunction() function.Function { return &lockIDsFunction{} }

type lockIDsFunction struct{}

func (f *lockIDsFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "lock_ids"
}

// Definition returns a list, not a set: Terraform compares the elements of
// a set pairwise, so a set of 10,000 ids took 25 to 33 s to plan where the
// same list takes 1.5 to 2.5 s (bench/README.md). The list is sorted and
// names each id once, so it is already what a set would be.
func (f *lockIDsFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Lock ids from a list of ids and ranges",
		MarkdownDescription: "Reads lock ids and inclusive ranges separated by commas, such as `\"100-199,250\"`, the way the " +
			"`spkey_organization_locks` import id does, and returns the lock ids as a list of numbers, in ascending order, " +
			"each once. " +
			fmt.Sprintf("The whole list names at most %d ids; a longer one is refused before any id is built. ", lockids.MaxIDs) +
			"Requires Terraform 1.8 or later, or OpenTofu 1.7 or later.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "ids",
				MarkdownDescription: "Lock ids and ranges separated by commas, without spaces, such as `\"100-199,250\"`.",
			},
		},
		Return: function.ListReturn{ElementType: types.Int64Type},
	}
}

func (f *lockIDsFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var list string
	resp.Error = req.Arguments.Get(ctx, &list)
	if resp.Error != nil {
		return
	}
	ids, err := lockids.ParseList(list)
	if err != nil {
		// Terraform writes it after `Invalid value for "ids" parameter: `
		// and ends it with a period.
		resp.Error = function.NewArgumentFuncError(0, err.Error())
		return
	}
	resp.Error = resp.Result.Set(ctx, ids)
}
