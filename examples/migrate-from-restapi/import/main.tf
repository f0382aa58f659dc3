# After, for CLIs without moved blocks between resource types (Terraform
# before 1.8, OpenTofu before 1.10): import the lock into the spkey
# resources, and forget the restapi_object resources without destroying
# anything (removed.tf, Terraform 1.7 or later; with Terraform 1.5 or 1.6
# run `terraform state rm restapi_object.front_door_org
# restapi_object.front_door_owner restapi_object.front_door_access
# restapi_object.front_door_resident` instead). The imports only read. See the guide "Migrating from the generic REST provider".

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

import {
  to = spkey_lock_access.front_door
  id = "9b2d7c1e-3f4a-4b5c-8d6e-7f8091a2b3c4:123"
}

resource "spkey_lock_access" "front_door" {
  user_id      = "9b2d7c1e-3f4a-4b5c-8d6e-7f8091a2b3c4"
  lock_id      = 123
  lock_name    = "Front door"
  access_level = "USER"
  granted_by   = "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60"
}

import {
  to = spkey_lock_resident.front_door
  id = "123:9b2d7c1e-3f4a-4b5c-8d6e-7f8091a2b3c4"
}

resource "spkey_lock_resident" "front_door" {
  lock_id = 123
  user_id = "9b2d7c1e-3f4a-4b5c-8d6e-7f8091a2b3c4"
  name    = "Anna Nowak"
}
