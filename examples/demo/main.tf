# The demo configuration that `make demo` applies against spkey-mock.
# make demo sets SPKEY_BASE_URL and SPKEY_API_TOKEN; nothing here is secret.

terraform {
  required_version = ">= 1.5.0"
  required_providers {
    spkey = {
      source = "smartphonekey/spkey"
    }
  }
}

provider "spkey" {}

# One lock, as an infrastructure team would declare it.
resource "spkey_lock_organization" "front_door" {
  lock_id = 123
  org_id  = "org_7f3a"
}

# A few more, one resource instance per lock.
variable "office_locks" {
  description = "Office locks that belong to the headquarters organization, by name."
  type        = map(number)
  default = {
    reception   = 201
    server_room = 202
    storage     = 203
  }
}

resource "spkey_lock_organization" "office" {
  for_each = var.office_locks

  lock_id = each.value
  org_id  = "org_acme_hq"
}

output "front_door" {
  description = "The front door lock as SmartphoneKey recorded it."
  value = {
    lock_id      = spkey_lock_organization.front_door.lock_id
    org_id       = spkey_lock_organization.front_door.org_id
    aggregate_id = spkey_lock_organization.front_door.aggregate_id
    version      = spkey_lock_organization.front_door.version
  }
}

# Look a lock up: its UUID, owner and current organization.
data "spkey_lock" "front_door" {
  lock_id = spkey_lock_organization.front_door.lock_id
}

output "front_door_details" {
  description = "What SmartphoneKey reports about the front door lock."
  value = {
    uuid          = data.spkey_lock.front_door.uuid
    serial_number = data.spkey_lock.front_door.serial_number
    owner_id      = data.spkey_lock.front_door.owner_id
    org_id        = data.spkey_lock.front_door.org_id
    version       = data.spkey_lock.front_door.version
  }
}

output "office_versions" {
  description = "Aggregate version that SetOrganization returned for each office lock."
  value       = { for name, lock in spkey_lock_organization.office : name => lock.version }
}
