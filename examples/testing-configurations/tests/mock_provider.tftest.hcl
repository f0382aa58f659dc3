# Terraform 1.7+ (OpenTofu 1.8+). No API, no credentials, no network:
# mock_provider answers for the spkey provider with made-up values, so the
# tests check this configuration's own logic (its for_each, its variable
# validation, its outputs). Terraform still asks the real provider for its
# schema and validation, so a lock_id of 0 fails here too.
#
#   terraform test -filter=tests/mock_provider.tftest.hcl

mock_provider "spkey" {
  mock_resource "spkey_lock_organization" {
    # Computed values the provider would get from the API. Without this,
    # a mock number is 0 and a mock string is random.
    defaults = {
      version = 1
    }
  }
}

variables {
  org_id = "org_acme_hq"
  locks = {
    reception   = 201
    server_room = 202
  }
}

run "one_resource_per_lock" {
  command = plan

  assert {
    condition     = length(spkey_lock_organization.site) == 2
    error_message = "Want one spkey_lock_organization per lock in var.locks."
  }
  assert {
    condition     = spkey_lock_organization.site["server_room"].lock_id == 202 && spkey_lock_organization.site["server_room"].org_id == "org_acme_hq"
    error_message = "The server room's lock must be lock 202 in org_acme_hq."
  }
}

# An apply against the mock: nothing is sent anywhere.
run "versions_by_room" {
  assert {
    condition     = output.versions["reception"] == 1 && output.versions["server_room"] == 1
    error_message = "Want the version of every room's lock in output.versions."
  }
}

run "refuses_an_org_id_that_is_not_one" {
  command = plan

  variables {
    org_id = "Acme HQ"
  }

  expect_failures = [var.org_id]
}
