# After, for CLIs without moved blocks between resource types (Terraform
# before 1.8, OpenTofu before 1.10): import the lock into the spkey
# resources, and forget the restapi_object resources without destroying
# anything (removed.tf, Terraform 1.7 or later; with Terraform 1.5 or 1.6
# run `terraform state rm restapi_object.front_door_org
# restapi_object.front_door_owner` instead). The import only reads the
# lock. See the guide "Migrating from the generic REST provider".

terraform {
  required_providers {
    spkey = {
      source = "smartphonekey/spkey"
    }
    # Still needed while a state holds the restapi_object resources.
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

import {
  to = spkey_lock_organization.front_door
  id = "123"
}

resource "spkey_lock_organization" "front_door" {
  lock_id = 123
  org_id  = "org_7f3a"
}

import {
  to = spkey_lock_owner.front_door
  id = "123"
}

resource "spkey_lock_owner" "front_door" {
  lock_id = 123
  user_id = "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60"
}
