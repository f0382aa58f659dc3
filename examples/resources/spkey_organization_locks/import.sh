# Import an organization's locks as <org_id>:<lock ids>; ids and ranges
# are separated by commas.
terraform import spkey_organization_locks.berlin org_facilities_berlin:101-103,250
