# A second configuration of the provider, for the staging server. Resources
# pick it with `provider = spkey.staging`; everything else uses the default
# configuration above.
provider "spkey" {
  alias    = "staging"
  base_url = "https://b2c-api.spk-stage.workers.dev"
  api_key  = var.spkey_staging_api_key
}

variable "spkey_staging_api_key" {
  description = "B2B API key issued by the staging server."
  type        = string
  sensitive   = true
}

resource "spkey_lock_organization" "test_bench" {
  provider = spkey.staging

  lock_id = 900
  org_id  = "org_qa"
}
