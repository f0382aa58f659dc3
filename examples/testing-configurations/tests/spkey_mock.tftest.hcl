# Terraform 1.7+. Against spkey-mock, the provider's in-memory API server:
# real requests, retries and errors, and no real lock changes. Start it in
# another terminal first (`make build` puts it in bin/):
#
#   bin/spkey-mock -listen 127.0.0.1:8787 -locks 1-1000
#   terraform test -filter=tests/spkey_mock.tftest.hcl

provider "spkey" {
  base_url  = "http://127.0.0.1:8787"
  api_token = "mock-token" # the token spkey-mock accepts by default; not a secret
}

variables {
  org_id = "org_acme_hq"
  locks = {
    reception   = 201
    server_room = 202
  }
}

run "assigns_the_locks" {
  assert {
    condition     = spkey_lock_organization.site["reception"].aggregate_id == "201"
    error_message = "The API's answer for the reception lock must be about lock 201."
  }
  assert {
    condition     = output.versions["reception"] > 0 && output.versions["server_room"] > 0
    error_message = "Want the version SetOrganization returned for every lock."
  }
}

# Read the lock back through the API, with a small module of its own.
run "the_api_reports_the_organization" {
  command = plan

  module {
    source = "./tests/read"
  }

  variables {
    lock_id = 202
  }

  assert {
    condition     = data.spkey_lock.this.org_id == "org_acme_hq"
    error_message = "Lock 202 belongs to ${data.spkey_lock.this.org_id}, not org_acme_hq."
  }
}
