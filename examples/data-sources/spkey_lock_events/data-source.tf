# Who changed lock 123's organization or owner, and when: its five most
# recent OrganizationSet and OwnerSet events, newest first.
resource "spkey_lock_organization" "front_door" {
  lock_id = 123
  org_id  = "org_7f3a"
}

data "spkey_lock_events" "front_door" {
  # The lock id from the resource, not the literal 123: an apply that
  # changes the lock then reads the events after its own change, and the
  # next plan reads the same history. Read before the change (lock_id =
  # 123), every plan after such an apply would show the outputs changing.
  lock_id = spkey_lock_organization.front_door.lock_id
  types   = ["OrganizationSet", "OwnerSet"]
  limit   = 5
}

output "front_door_last_change" {
  value = try({
    type      = data.spkey_lock_events.front_door.events[0].type
    timestamp = data.spkey_lock_events.front_door.events[0].timestamp
    version   = data.spkey_lock_events.front_door.events[0].version
    # data is the event's payload as JSON.
    user_id = try(jsondecode(data.spkey_lock_events.front_door.events[0].data).userId, null)
  }, null)
}
