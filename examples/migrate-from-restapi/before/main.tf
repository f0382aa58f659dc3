# Before: one lock's organization and owner, managed with Mastercard's
# generic REST provider (restapi_object). This is the configuration that
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
