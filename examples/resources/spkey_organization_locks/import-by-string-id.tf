# Adopt the locks an organization already owns: <org_id>:<lock ids>, with
# ids and ranges separated by commas.
import {
  to = spkey_organization_locks.berlin
  id = "org_facilities_berlin:101-103,250"
}
