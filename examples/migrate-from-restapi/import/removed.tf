# Terraform 1.7+ (OpenTofu 1.7+; before OpenTofu 1.10 leave out the
# lifecycle block: removed blocks always forget there). Forgets the
# restapi_object resources without destroying anything: restapi would
# otherwise send its DELETE.

removed {
  from = restapi_object.front_door_org
  lifecycle {
    destroy = false
  }
}

removed {
  from = restapi_object.front_door_owner
  lifecycle {
    destroy = false
  }
}

removed {
  from = restapi_object.front_door_access
  lifecycle {
    destroy = false
  }
}

removed {
  from = restapi_object.front_door_resident
  lifecycle {
    destroy = false
  }
}

# The CLI configures the provider of a removed resource, and OpenTofu
# refreshes each resource (one read of what its read_path names) before
# forgetting it.
provider "restapi" {
  uri = var.base_url
  headers = {
    Authorization = "Bearer ${var.api_token}"
    X-API-Key     = var.api_key
  }
}
