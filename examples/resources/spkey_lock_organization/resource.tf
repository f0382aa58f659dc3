# Lock 123 belongs to organization org_7f3a.
resource "spkey_lock_organization" "front_door" {
  lock_id = 123
  org_id  = "org_7f3a"
}

# Several locks of one organization, with longer timeouts than the defaults.
resource "spkey_lock_organization" "office" {
  for_each = {
    reception   = 201
    server_room = 202
  }

  lock_id = each.value
  org_id  = "org_acme_hq"

  timeouts = {
    create = "10m"
    update = "10m"
    read   = "2m"
  }
}
