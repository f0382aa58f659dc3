# Before: one lock's organization and owner, a user's access to it and
# the same user on its doorbell list, managed with Mastercard's generic
# REST provider (restapi_object). This is the configuration that
# after/main.tf replaces; see the guide "Migrating from the generic REST
# provider".

terraform {
  required_providers {
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

provider "restapi" {
  uri = var.base_url
  headers = {
    Authorization = "Bearer ${var.api_token}"
    X-API-Key     = var.api_key
  }
}

# POST /locks/123/SetOrganization with {"orgId": "org_7f3a"}, read back
# from /locks/123/basic-info.
resource "restapi_object" "front_door_org" {
  path          = "/locks/{id}/SetOrganization"
  read_path     = "/locks/{id}/basic-info"
  update_path   = "/locks/{id}/SetOrganization"
  update_method = "POST"
  object_id     = "123"
  data          = jsonencode({ orgId = "org_7f3a" })
}

# POST /locks/123/SetOwner with {"userId": "..."}.
resource "restapi_object" "front_door_owner" {
  path          = "/locks/{id}/SetOwner"
  read_path     = "/locks/{id}/basic-info"
  update_path   = "/locks/{id}/SetOwner"
  update_method = "POST"
  object_id     = "123"
  data          = jsonencode({ userId = "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60" })
}

# POST /users/{id}/AddAccessibleLock: lock 123 in a user's app, read back
# from the user's accessible locks; destroy sends RemoveAccessibleLock,
# whose body names the lock again.
resource "restapi_object" "front_door_access" {
  path           = "/users/{id}/AddAccessibleLock"
  read_path      = "/users/{id}/accessible-locks"
  destroy_path   = "/users/{id}/RemoveAccessibleLock"
  destroy_method = "POST"
  object_id      = "9b2d7c1e-3f4a-4b5c-8d6e-7f8091a2b3c4"
  data = jsonencode({
    lockId      = "123"
    lockName    = "Front door"
    accessLevel = "USER"
    grantedBy   = "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60"
  })
  destroy_data = jsonencode({
    lockId    = "123"
    removedBy = "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60"
    reason    = "moved out"
  })
}

# POST /locks/{id}/AddResident: the same user on lock 123's doorbell list,
# by user id; destroy sends RemoveResident.
resource "restapi_object" "front_door_resident" {
  path           = "/locks/{id}/AddResident"
  read_path      = "/locks/{id}/residents"
  destroy_path   = "/locks/{id}/RemoveResident"
  destroy_method = "POST"
  object_id      = "123"
  data           = jsonencode({ userId = "9b2d7c1e-3f4a-4b5c-8d6e-7f8091a2b3c4", name = "Anna Nowak" })
  destroy_data   = jsonencode({ userId = "9b2d7c1e-3f4a-4b5c-8d6e-7f8091a2b3c4" })
}
