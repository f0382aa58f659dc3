# Terraform 1.8+ (OpenTofu 1.10+): moved blocks between resource types.
# After: the same lock's organization and owner, the user's access to it
# and its resident, managed with spkey. The moved blocks hand each
# restapi_object's state over to the spkey resource without a single call
# to SmartphoneKey (Terraform 1.8 or later, OpenTofu 1.10 or later); the
# next refresh reads the lock, the user's accessible locks and the lock's
# residents back, as after an import. See the guide "Migrating from the
# generic REST provider" for older CLIs.

terraform {
  required_providers {
    spkey = {
      source = "smartphonekey/spkey"
    }
    # Still needed while a state holds the restapi_object resources: the
    # CLI loads the provider of every resource in state. Remove it, and
    # the moved blocks, once every workspace has applied the move.
    restapi = {
      source = "Mastercard/restapi"
    }
  }
}

variable "base_url" {
  description = "SmartphoneKey API base URL."
  type        = string
  default     = "https://api.spkey.co"
}

variable "api_token" {
  description = "Bearer token (a JWT) for the SmartphoneKey API."
  type        = string
  sensitive   = true
}

variable "api_key" {
  description = "API key (X-API-Key) for the SmartphoneKey API."
  type        = string
  sensitive   = true
}

provider "spkey" {
  base_url  = var.base_url
  api_token = var.api_token
  api_key   = var.api_key
}

moved {
  from = restapi_object.front_door_org
  to   = spkey_lock_organization.front_door
}

resource "spkey_lock_organization" "front_door" {
  lock_id = 123
  org_id  = "org_7f3a"
}

moved {
  from = restapi_object.front_door_owner
  to   = spkey_lock_owner.front_door
}

resource "spkey_lock_owner" "front_door" {
  lock_id = 123
  user_id = "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60"
}

moved {
  from = restapi_object.front_door_access
  to   = spkey_lock_access.front_door
}

resource "spkey_lock_access" "front_door" {
  user_id      = "9b2d7c1e-3f4a-4b5c-8d6e-7f8091a2b3c4"
  lock_id      = 123
  lock_name    = "Front door"
  access_level = "USER"
  granted_by   = "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60"
}

moved {
  from = restapi_object.front_door_resident
  to   = spkey_lock_resident.front_door
}

resource "spkey_lock_resident" "front_door" {
  lock_id = 123
  user_id = "9b2d7c1e-3f4a-4b5c-8d6e-7f8091a2b3c4"
  name    = "Anna Nowak"
}
