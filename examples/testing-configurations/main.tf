# A configuration a pipeline applies: one site's locks, all in the site's
# organization. tests/ holds its `terraform test` files (Terraform 1.7+):
#
#   terraform test -filter=tests/mock_provider.tftest.hcl  # no API at all
#   terraform test -filter=tests/spkey_mock.tftest.hcl     # against spkey-mock
terraform {
  required_version = ">= 1.5.0"
  required_providers {
    spkey = {
      source = "smartphonekey/spkey"
    }
  }
}

variable "org_id" {
  description = "The site's organization, such as org_acme_hq."
  type        = string

  validation {
    condition     = can(regex("^org_[a-z0-9_]+$", var.org_id))
    error_message = "The org_id must look like org_acme_hq: \"org_\", then lower-case letters, digits and underscores."
  }
}

variable "locks" {
  description = "The site's locks: a room name and the lock's numeric id, such as { reception = 201 }."
  type        = map(number)
}

resource "spkey_lock_organization" "site" {
  for_each = var.locks

  lock_id = each.value
  org_id  = var.org_id
}

output "versions" {
  description = "The aggregate version SetOrganization returned, by room."
  value       = { for room, lock in spkey_lock_organization.site : room => lock.version }
}
