# Used by tests/spkey_mock.tftest.hcl: reads one lock back through the API.
terraform {
  required_providers {
    spkey = {
      source = "smartphonekey/spkey"
    }
  }
}

variable "lock_id" {
  description = "The lock to read."
  type        = number
}

data "spkey_lock" "this" {
  lock_id = var.lock_id
}
