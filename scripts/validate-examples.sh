#!/usr/bin/env bash
# make validate-examples: checks every example under examples/ the way a
# reader will use it, offline and without a registry:
#   - `terraform fmt -check` on all of them;
#   - `terraform validate` of each example folder (one module per folder, so
#     an import block is checked together with the resource it imports)
#     against the provider built from this tree, through dev_overrides;
#   - `terraform plan` of each resource and data source folder against
#     spkey-mock (validate does not check that an import block's target
#     exists, and plan runs the import);
#   - `terraform query` of each list resource example (*.tfquery.hcl)
#     against spkey-mock, with Terraform 1.14 or later;
#   - `terraform test` of each folder with test files (*.tftest.hcl, in the
#     folder or its tests/), such as examples/testing-configurations: its
#     mock_provider tests need no API, its spkey-mock tests run against the
#     mock started here;
#   - `bash -n` on the shell examples (import.sh).
# Folders that declare no required_providers (the resource snippets the
# docs show, the list resource's query) get one for smartphonekey/spkey in
# their scratch copy.
#
# TF=tofu checks with OpenTofu; the default is scripts/tools.sh terraform.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"
cd "$root"
tf=${TF:-$(scripts/tools.sh terraform)}

work=$(mktemp -d)
trap 'stop_spkey_mock; rm -rf "$work"' EXIT

echo "==> Building the provider and spkey-mock"
go build -o "$work/bin/terraform-provider-spkey" .
go build -o "$work/spkey-mock" ./cmd/spkey-mock
# The credentials spkey-mock accepts by default, which the examples' test
# files use as a reader would.
start_spkey_mock "$work/spkey-mock" "$work" mock-token mock-key
# The fleet's import example adopts locks 101-103 and 250 of
# org_facilities_berlin; an import of locks that belong to no one fails.
for id in 101 102 103 250; do
  curl -fsS -o /dev/null -X PUT "$SPKEY_BASE_URL/_mock/locks/$id?org=org_facilities_berlin"
done
# Its identity import example adopts org_fleet's locks 1001-1010.
for id in $(seq 1001 1010); do
  curl -fsS -o /dev/null -X PUT "$SPKEY_BASE_URL/_mock/locks/$id?org=org_fleet"
done
# The list resources' queries look for org_123's locks among 100-199 and 250.
curl -fsS -o /dev/null -X PUT "$SPKEY_BASE_URL/_mock/locks/150?org=org_123"
# The owner query looks for this user's locks among the same ids.
curl -fsS -o /dev/null -X PUT "$SPKEY_BASE_URL/_mock/locks/150/owner?user=6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60"
# The access examples import grants of these users: they exist, with the
# grants the import blocks name.
ada=6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60 teammate=2c9d1b7e-5a3f-4e8b-9c0d-7e6f5a4b3c2d
for user in $ada $teammate; do
  curl -fsS -o /dev/null -X PUT "$SPKEY_BASE_URL/_mock/users/$user"
done
for grant in "$ada/accessible-locks/123?name=Front%20door&level=USER" "$ada/accessible-locks/201?name=Reception&level=GUEST" \
  "$teammate/accessible-locks/201?name=Office%20201&level=GUEST" "$teammate/accessible-locks/202?name=Office%20202&level=GUEST"; do
  curl -fsS -o /dev/null -X PUT "$SPKEY_BASE_URL/_mock/users/$grant"
done
# Who the access examples grant and remove as (a user of spkey-mock).
export SPKEY_ACTOR_ID=00000000-0000-4000-a000-000000000001
# The residents examples look up Ada by email and Grace by phone number,
# and import residents of locks 123 and 200: look-ups only search, and an
# import of a resident that is not there fails.
ada=a3c1e2f4-5b6d-4e7f-8a9b-0c1d2e3f4a5b desk=6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60
curl -fsS -o /dev/null -X PUT "$SPKEY_BASE_URL/_mock/users/$ada?email=ada@example.com"
curl -fsS -o /dev/null -X PUT "$SPKEY_BASE_URL/_mock/users/0b9d7c3e-5a1f-4e2d-8c6b-7a8f9e0d1c2b?phone=%2B48123456789"
curl -fsS -o /dev/null -X PUT "$SPKEY_BASE_URL/_mock/users/$desk?email=desk@example.com"
curl -fsS -o /dev/null -X PUT "$SPKEY_BASE_URL/_mock/locks/123/residents/$ada?name=Ada%20Lovelace"
curl -fsS -o /dev/null -X PUT "$SPKEY_BASE_URL/_mock/locks/200/residents/$desk?name=Front%20desk"
# The key examples import keys 0 and 1 of lock 123 (staff), a temporary key
# by its UUID (the variable) and by its temp_key_id (the hash of the same
# UUID); the guest's temporary key, imported by identity, looks the guest up
# by email.
for key in "0b5e7c1a-3f2d-4e8a-9c6b-7d1e2f3a4b5c?index=0" "4e2f9a8b-1c3d-4b5a-8e7f-6a9b0c1d2e3f?index=1"; do
  curl -fsS -o /dev/null -X PUT "$SPKEY_BASE_URL/_mock/locks/123/keys/$key"
done
export TF_VAR_plumber_key_uuid=7c4e9a2b-1d3f-4a5b-8c6d-9e0f1a2b3c4d
curl -fsS -o /dev/null -X POST -H "Authorization: Bearer mock-token" -H "Content-Type: application/json" \
  -d '{"tempKeyUuid":"'"$TF_VAR_plumber_key_uuid"'","accessMode":"public","validFrom":"2030-05-01T08:00:00Z","validUntil":"2030-05-01T12:00:00Z","maxUses":2,"description":"Plumber, boiler service"}' \
  "$SPKEY_BASE_URL/locks/123/create-temp-key"
guest=5e8f7a6b-4c3d-4e2f-9a1b-0c9d8e7f6a5b
curl -fsS -o /dev/null -X PUT "$SPKEY_BASE_URL/_mock/users/$guest?email=guest@example.com"
curl -fsS -o /dev/null -X POST -H "Authorization: Bearer mock-token" -H "Content-Type: application/json" \
  -d '{"tempKeyUuid":"2d8b6f4a-9c1e-4f3b-a5d7-6e8f9a0b1c2d","accessMode":"user-whitelist","allowedUserIds":["'"$guest"'"],"validFrom":"2030-06-01T00:00:00+02:00","validUntil":"2030-06-08T00:00:00+02:00"}' \
  "$SPKEY_BASE_URL/locks/123/create-temp-key"
export SPKEY_API_TOKEN=mock-token
unset SPKEY_API_KEY SPKEY_MAX_RETRIES SPKEY_REQUEST_TIMEOUT SPKEY_MAX_CONCURRENCY SPKEY_MAX_REQUESTS_PER_SECOND
# examples/migrate-from-restapi also uses Mastercard's REST provider
# (built once into the tool cache).
write_dev_overrides_tfrc "$work/cli.tfrc" "$work/bin" "$(dirname "$(scripts/tools.sh restapi)")"
export TF_CLI_CONFIG_FILE=$work/cli.tfrc
export CHECKPOINT_DISABLE=1
unset TF_WORKSPACE TF_DATA_DIR

# The CLI's minor version, for the examples that need a newer one.
cli_minor=$("$tf" version | sed -n '1s/^[A-Za-z]* v1\.\([0-9][0-9]*\).*/\1/p')
cli_minor=${cli_minor:-0}
cli_name=$("$tf" version | sed -n '1s/^\([A-Za-z]*\) v.*/\1/p')

echo "==> $tf fmt -check -recursive examples/"
"$tf" fmt -check -diff -recursive examples/

failed=0
n=0
skipped=0
while IFS= read -r dir; do
  n=$((n + 1))
  copy=$work/examples/$n
  mkdir -p "$copy"
  # The configuration and the files it reads (such as locks.txt), not
  # Terraform's working files from an earlier run.
  find "$dir" -maxdepth 1 -type f ! -name '.terraform.lock.hcl' ! -name '*.tfstate*' -exec cp {} "$copy/" \;
  [ ! -d "$dir/tests" ] || cp -R "$dir/tests" "$copy/tests"
  # A file whose first line says "# Terraform 1.N+" needs that CLI (import
  # by identity needs 1.12, terraform test's mock_provider 1.7): with an
  # older one it is left out, and said so.
  for f in "$copy"/*.tf "$copy"/*.tftest.hcl "$copy"/tests/*.tftest.hcl; do
    [ -e "$f" ] || continue
    need=$(sed -n '1s/^# Terraform 1\.\([0-9][0-9]*\)+.*/\1/p' "$f")
    if [ -n "$need" ] && [ "$cli_minor" -lt "$need" ]; then
      echo "    skipped (needs Terraform 1.$need)  $dir/${f#"$copy"/}"
      rm "$f"
    fi
  done
  if ! grep -qs required_providers "$copy"/*.tf; then
    cat >"$copy/zz_required_providers.tf" <<'TF'
terraform {
  required_providers {
    spkey = {
      source = "smartphonekey/spkey"
    }
  }
}
TF
  fi
  check=validate
  case $dir in
  examples/resources/* | examples/data-sources/*) check=plan ;;
  esac
  if compgen -G "$copy/*.tfquery.hcl" >/dev/null; then
    # List resources and terraform query: Terraform 1.14+, not OpenTofu.
    if [ "$cli_name" != Terraform ] || [ "$cli_minor" -lt 14 ]; then
      echo "    skipped (needs Terraform 1.14)  $dir"
      skipped=$((skipped + 1))
      continue
    fi
    check=query
  fi
  tests=$(find "$copy" -maxdepth 2 -name '*.tftest.hcl' | wc -l)
  if [ "$tests" -gt 0 ]; then
    check=test
    # The spkey-mock tests point base_url at http://127.0.0.1:8787, where the
    # guide starts the mock; this run's mock listens on a free port instead
    # (CI machines are shared).
    find "$copy" -name '*.tftest.hcl' -exec sed -i "s|http://127.0.0.1:8787|$SPKEY_BASE_URL|g" {} +
  fi
  # `get` installs the modules that test files' run blocks use (offline: they
  # are local); validate then checks the test files too.
  if (cd "$copy" && { [ "$check" != test ] || "$tf" get -no-color >"$work/check.log" 2>&1; } &&
    "$tf" validate $([ "$check" != query ] || echo -query) -no-color >"$work/check.log" 2>&1 &&
    case $check in
    plan) "$tf" plan -input=false -lock=false -no-color >"$work/check.log" 2>&1 ;;
    # The mock has one lock for it to find (150, above): a query that
    # finds nothing fails.
    query) "$tf" query -no-color >"$work/check.log" 2>&1 && grep -q '^list\.' "$work/check.log" ;;
    test) "$tf" test -no-color >"$work/check.log" 2>&1 ;;
    esac); then
    note=
    [ "$check" != test ] || note=" ($(sed -n 's/^Success! *\(.*\)\.$/\1/p' "$work/check.log"))"
    [ "$check" != query ] || note=" ($(grep -c '^list\.' "$work/check.log") found)"
    echo "    ok ($check)  $dir$note"
  else
    echo "    FAILED ($check)  $dir"
    sed 's/^/        /' "$work/check.log"
    failed=1
  fi
done < <(find examples \( -name '*.tf' -o -name '*.tfquery.hcl' \) -not -path '*/.terraform/*' -printf '%h\n' | sort -u)

while IFS= read -r sh; do
  if bash -n "$sh"; then
    echo "    ok (bash -n)  $sh"
  else
    echo "    FAILED (bash -n)  $sh"
    failed=1
  fi
done < <(find examples -name '*.sh' | sort)

if [ "$failed" -ne 0 ]; then
  echo "validate-examples: some examples are invalid (see above)" >&2
  exit 1
fi
echo "==> $((n - skipped)) example folders are valid$([ "$skipped" -eq 0 ] || echo " ($skipped skipped: they need a newer CLI)")"
