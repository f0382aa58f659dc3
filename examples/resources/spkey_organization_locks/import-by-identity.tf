# Terraform 1.12+ and OpenTofu 1.12+: import by the resource identity, the
# organization and the fleet's locks as ranges (the two halves of the
# import id); terraform query writes these for you.
import {
  to       = spkey_organization_locks.fleet
  identity = { org_id = "org_fleet", lock_ids = "1001-1010" }
}
