# Adopt a fleet of existing locks into Terraform without changing them:
# one import block per lock, generated with for_each (Terraform 1.7 or
# later, OpenTofu 1.7 or later). Run `terraform plan` to see the imports,
# `terraform apply` to record them; nothing is sent to SmartphoneKey but
# reads. With Terraform 1.5 or 1.6, write one import block per lock, or
# let `terraform plan -generate-config-out=generated.tf` write the
# resources for you.

terraform {
  required_version = ">= 1.7.0"
  required_providers {
    spkey = {
      source = "smartphonekey/spkey"
    }
  }
}

variable "locks" {
  description = "The locks to adopt, by name: the lock's numeric id."
  type        = map(number)
}

variable "org_id" {
  description = "The organization the locks belong to today."
  type        = string
  default     = "org_7f3a"
}

import {
  for_each = var.locks
  to       = spkey_lock_organization.adopted[each.key]
  id       = tostring(each.value)
}

resource "spkey_lock_organization" "adopted" {
  for_each = var.locks

  lock_id = each.value
  org_id  = var.org_id
}
