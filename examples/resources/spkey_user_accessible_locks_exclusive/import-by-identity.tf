# Terraform 1.12+ and OpenTofu 1.12+: import by the resource identity, here
# a team member's list into its instance of the for_each above.
import {
  to = spkey_user_accessible_locks_exclusive.team["2c9d1b7e-5a3f-4e8b-9c0d-7e6f5a4b3c2d"]
  identity = {
    user_id = "2c9d1b7e-5a3f-4e8b-9c0d-7e6f5a4b3c2d"
  }
}
