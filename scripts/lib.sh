# shellcheck shell=bash
# Shared by the scripts in this folder; source it, do not run it.

# write_dev_overrides_tfrc FILE BINDIR [RESTAPI_BINDIR] writes a
# Terraform/OpenTofu CLI configuration that takes the spkey provider from
# BINDIR (a binary named terraform-provider-spkey) instead of a registry,
# so that configurations run offline without `init`; with RESTAPI_BINDIR,
# also Mastercard's REST provider (scripts/tools.sh restapi), which
# examples/migrate-from-restapi uses. It replaces any TF_CLI_CONFIG_FILE
# from the environment, which may name a file that does not exist
# (OpenTofu then fails).
write_dev_overrides_tfrc() {
  local file=$1 bindir=$2 restapi=${3:-} more=''
  [ -z "$restapi" ] || more="
    \"registry.terraform.io/mastercard/restapi\" = \"$restapi\"
    \"registry.opentofu.org/mastercard/restapi\" = \"$restapi\""
  cat >"$file" <<CFG
provider_installation {
  dev_overrides {
    "registry.terraform.io/smartphonekey/spkey" = "$bindir"
    "registry.opentofu.org/smartphonekey/spkey" = "$bindir"$more
  }
  direct {}
}
CFG
}

# start_spkey_mock BIN DIR TOKEN KEY starts spkey-mock (the binary BIN) on a
# free loopback port with locks 1-1000, accepting TOKEN and KEY, logging to
# DIR/mock.log. It exports SPKEY_BASE_URL and sets SPKEY_MOCK_PID; the
# caller stops the mock with stop_spkey_mock, best from an EXIT trap.
start_spkey_mock() {
  local bin=$1 dir=$2 token=$3 key=$4
  rm -f "$dir/url"
  "$bin" -listen 127.0.0.1:0 -url-file "$dir/url" -token "$token" -key "$key" -locks 1-1000 >"$dir/mock.log" 2>&1 &
  SPKEY_MOCK_PID=$!
  for _ in $(seq 100); do
    [ -s "$dir/url" ] && break
    kill -0 "$SPKEY_MOCK_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [ ! -s "$dir/url" ]; then
    echo "spkey-mock did not start:" >&2
    cat "$dir/mock.log" >&2
    return 1
  fi
  SPKEY_BASE_URL=$(cat "$dir/url")
  export SPKEY_BASE_URL
}

# stop_spkey_mock stops the mock start_spkey_mock started, if any.
stop_spkey_mock() {
  if [ -n "${SPKEY_MOCK_PID:-}" ]; then
    kill "$SPKEY_MOCK_PID" 2>/dev/null || true
    wait "$SPKEY_MOCK_PID" 2>/dev/null || true
    SPKEY_MOCK_PID=
  fi
}
