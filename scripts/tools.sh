#!/usr/bin/env bash
# Prints the path of a pinned tool, building it into the tool cache first
# when it is missing. CI starts from a clean clone, so the cache lives
# outside the repository ($TOOLS_CACHE, default ~/.cache/terraform-provider-spkey)
# and a warm run builds nothing.
#
#   scripts/tools.sh terraform      # terraform on PATH, else Terraform 1.5.7 built with go install
#   scripts/tools.sh terraform-1.5.7
#   scripts/tools.sh tofu           # OpenTofu, built from tools/opentofu
#   scripts/tools.sh golangci-lint | goreleaser | tfplugindocs
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${TOOLS_CACHE:-$HOME/.cache/terraform-provider-spkey}
bin=$cache/bin
mkdir -p "$bin"

# Pinned versions. Terraform 1.5.7 is the last MPL-licensed release and the
# oldest with import blocks; never build a later one from source.
TERRAFORM_VERSION=1.5.7
GOLANGCI_LINT_VERSION=v2.15.0
GORELEASER_VERSION=v2.16.0
TFPLUGINDOCS_VERSION=v0.25.0

# build NAME OUTPUT COMMAND...: runs COMMAND with GOBIN pointing at a
# scratch folder, then moves NAME to OUTPUT. Build logs go to stderr.
build() {
  local name=$1 out=$2
  shift 2
  local tmp
  tmp=$(mktemp -d)
  echo "tools.sh: building $(basename "$out") into $bin (once; later runs reuse it)" >&2
  (cd "$tmp" && GOBIN="$tmp/bin" GOFLAGS= "$@" >&2)
  mv "$tmp/bin/$name" "$out"
  rm -rf "$tmp"
}

case ${1:?usage: tools.sh terraform|terraform-1.5.7|tofu|golangci-lint|goreleaser|tfplugindocs} in
terraform)
  if command -v terraform >/dev/null 2>&1; then
    command -v terraform
  else
    exec "$0" "terraform-$TERRAFORM_VERSION"
  fi
  ;;
terraform-$TERRAFORM_VERSION)
  out=$bin/terraform-$TERRAFORM_VERSION
  [ -x "$out" ] || build terraform "$out" go install "github.com/hashicorp/terraform@v$TERRAFORM_VERSION"
  echo "$out"
  ;;
tofu)
  mod=$root/tools/opentofu
  version=$(awk '{for (i = 1; i < NF; i++) if ($i == "github.com/opentofu/opentofu") print $(i + 1)}' "$mod/go.mod" | head -n 1)
  [ -n "$version" ] || { echo "tools.sh: no OpenTofu version in $mod/go.mod" >&2; exit 1; }
  out=$bin/tofu-$version
  if [ ! -x "$out" ]; then
    echo "tools.sh: building OpenTofu $version into $bin (about 3 minutes, once)" >&2
    (cd "$mod" && GOFLAGS= go build -ldflags "-X github.com/opentofu/opentofu/version.dev=no" -o "$out" github.com/opentofu/opentofu/cmd/tofu >&2)
  fi
  echo "$out"
  ;;
golangci-lint)
  out=$bin/golangci-lint-$GOLANGCI_LINT_VERSION
  [ -x "$out" ] || build golangci-lint "$out" go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$GOLANGCI_LINT_VERSION"
  echo "$out"
  ;;
goreleaser)
  out=$bin/goreleaser-$GORELEASER_VERSION
  [ -x "$out" ] || build goreleaser "$out" go install "github.com/goreleaser/goreleaser/v2@$GORELEASER_VERSION"
  echo "$out"
  ;;
tfplugindocs)
  out=$bin/tfplugindocs-$TFPLUGINDOCS_VERSION
  [ -x "$out" ] || build tfplugindocs "$out" go install "github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs@$TFPLUGINDOCS_VERSION"
  echo "$out"
  ;;
*)
  echo "tools.sh: unknown tool $1" >&2
  exit 2
  ;;
esac
