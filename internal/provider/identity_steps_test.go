package provider

import (
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// identityImportSteps creates the resource at address with config, checks
// its identity, then imports it with an import block naming that identity
// and checks that the import plans no change. The test case needs
// TerraformVersionChecks: identityVersions.
func identityImportSteps(config, address string, identity map[string]knownvalue.Check) []resource.TestStep {
	return []resource.TestStep{
		{
			Config:            config,
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(address, identity)},
		},
		{
			ResourceName:    address,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithResourceIdentity,
			ImportPlanChecks: resource.ImportPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionNoop)},
			},
		},
	}
}
