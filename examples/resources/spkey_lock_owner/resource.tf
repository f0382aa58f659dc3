# Lock 123 is owned by one user. user_id is the user's UUID, lock_id the
# lock's number.
resource "spkey_lock_owner" "front_door" {
  lock_id = 123
  user_id = "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60"
}

# One owner for several locks: for_each over the lock ids (there is no bulk
# owner resource; see "Many locks, one owner" below).
resource "spkey_lock_owner" "facility_manager" {
  for_each = toset(["201", "202", "203"])

  lock_id = tonumber(each.key)
  user_id = "0b9d7c3e-5a1f-4e2d-8c6b-7a8f9e0d1c2b"
}
