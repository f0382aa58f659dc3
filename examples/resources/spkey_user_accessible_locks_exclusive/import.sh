# The id is the user's id (a UUID). The import reads the user's whole list.
terraform import spkey_user_accessible_locks_exclusive.ada 6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60
