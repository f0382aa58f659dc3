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
#   - `bash -n` on the shell examples (import.sh).
# Folders that declare no required_providers (the resource snippets the
# docs show) get one for smartphonekey/spkey in their scratch copy.
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
start_spkey_mock "$work/spkey-mock" "$work" examples-token examples-key
# The fleet's import example adopts locks 101-103 and 250 of
# org_facilities_berlin; an import of locks that belong to no one fails.
for id in 101 102 103 250; do
  curl -fsS -o /dev/null -X PUT "$SPKEY_BASE_URL/_mock/locks/$id?org=org_facilities_berlin"
done
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
export SPKEY_API_TOKEN=examples-token
# Who the access examples grant and remove as (a user of spkey-mock).
export SPKEY_ACTOR_ID=00000000-0000-4000-a000-000000000001
unset SPKEY_API_KEY SPKEY_MAX_RETRIES SPKEY_REQUEST_TIMEOUT SPKEY_MAX_CONCURRENCY SPKEY_MAX_REQUESTS_PER_SECOND
write_dev_overrides_tfrc "$work/cli.tfrc" "$work/bin"
export TF_CLI_CONFIG_FILE=$work/cli.tfrc
export CHECKPOINT_DISABLE=1
unset TF_WORKSPACE TF_DATA_DIR

# The CLI's minor version, for the examples that need a newer one.
cli_minor=$("$tf" version | sed -n '1s/^[A-Za-z]* v1\.\([0-9][0-9]*\).*/\1/p')
cli_minor=${cli_minor:-0}

echo "==> $tf fmt -check -recursive examples/"
"$tf" fmt -check -diff -recursive examples/

failed=0
n=0
while IFS= read -r dir; do
  n=$((n + 1))
  copy=$work/examples/$n
  mkdir -p "$copy"
  # The configuration and the files it reads (such as locks.txt), not
  # Terraform's working files from an earlier run.
  find "$dir" -maxdepth 1 -type f ! -name '.terraform.lock.hcl' ! -name '*.tfstate*' -exec cp {} "$copy/" \;
  # A file whose first line says "# Terraform 1.N+" needs that CLI (import
  # by identity needs 1.12): with an older one it is left out, and said so.
  for f in "$copy"/*.tf; do
    need=$(sed -n '1s/^# Terraform 1\.\([0-9][0-9]*\)+.*/\1/p' "$f")
    if [ -n "$need" ] && [ "$cli_minor" -lt "$need" ]; then
      echo "    skipped (needs Terraform 1.$need)  $dir/$(basename "$f")"
      rm "$f"
    fi
  done
  if ! grep -q required_providers "$copy"/*.tf; then
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
  if (cd "$copy" && "$tf" validate -no-color >"$work/check.log" 2>&1 &&
    { [ "$check" = validate ] || "$tf" plan -input=false -lock=false -no-color >"$work/check.log" 2>&1; }); then
    echo "    ok ($check)  $dir"
  else
    echo "    FAILED ($check)  $dir"
    sed 's/^/        /' "$work/check.log"
    failed=1
  fi
done < <(find examples -name '*.tf' -not -path '*/.terraform/*' -printf '%h\n' | sort -u)

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
echo "==> $n example folders are valid"
