#!/usr/bin/env bash
# Prints the path of a pinned tool, building it into the tool cache first
# when it is missing. CI starts from a clean clone, so the cache lives
# outside the repository ($TOOLS_CACHE, default ~/.cache/terraform-provider-spkey)
# and a warm run builds nothing.
#
# Every tool is pinned in a Go module of its own under tools/ (a `tool`
# directive, checksummed in go.sum, visible to dependabot); this script only
# reads the version from that go.mod and builds the tool from that module.
# The cached binary is named NAME-VERSION, so a version bump in go.mod
# builds the new one and never reuses the old.
#
#   scripts/tools.sh terraform        # terraform on PATH, else Terraform 1.5.7 (tools/terraform)
#   scripts/tools.sh terraform-1.5.7  # tools/terraform: the last MPL-licensed release
#   scripts/tools.sh terraform-1.14   # tools/terraform-1.14: for the tests only (BSL 1.1, never shipped)
#   scripts/tools.sh tofu             # tools/opentofu
#   scripts/tools.sh golangci-lint | tfplugindocs | goreleaser | actionlint
#   scripts/tools.sh restapi          # tools/restapi: Mastercard's REST provider, for the moved-block tests and bench
#   scripts/tools.sh version NAME     # the pinned version of NAME, building nothing
#   scripts/tools.sh path NAME        # where NAME's build is cached, building nothing
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${TOOLS_CACHE:-$HOME/.cache/terraform-provider-spkey}
bin=$cache/bin

# module_version DIR MODULE prints the version of MODULE that DIR/go.mod
# requires.
module_version() {
  local v
  v=$(awk -v m="$2" '{for (i = 1; i < NF; i++) if ($i == m) { print $(i + 1); exit }}' "$1/go.mod")
  [ -n "$v" ] || { echo "tools.sh: no version of $2 in $1/go.mod" >&2; exit 1; }
  echo "$v"
}

# The tool NAME: its module folder under tools/, the Go module that pins
# its version, the package to build, the -ldflags to build it with, and the
# variable (if any) that gets the version stamped in, as go install would.
describe() {
  ldflags='' stamp=''
  case $1 in
  terraform-1.5.7)
    dir=terraform module=github.com/hashicorp/terraform pkg=$module
    ldflags="-X github.com/hashicorp/terraform/version.dev=no" ;;
  terraform-1.14)
    dir=terraform-1.14 module=github.com/hashicorp/terraform pkg=$module
    ldflags="-X github.com/hashicorp/terraform/version.dev=no" ;;
  tofu)
    dir=opentofu module=github.com/opentofu/opentofu pkg=$module/cmd/tofu
    ldflags="-X github.com/opentofu/opentofu/version.dev=no" ;;
  golangci-lint)
    dir=golangci-lint module=github.com/golangci/golangci-lint/v2 pkg=$module/cmd/golangci-lint
    stamp=main.version ;;
  tfplugindocs)
    dir=tfplugindocs module=github.com/hashicorp/terraform-plugin-docs pkg=$module/cmd/tfplugindocs ;;
  goreleaser)
    dir=goreleaser module=github.com/goreleaser/goreleaser/v2 pkg=$module
    stamp=main.version ;;
  actionlint)
    dir=actionlint module=github.com/rhysd/actionlint pkg=$module/cmd/actionlint
    stamp=github.com/rhysd/actionlint.version ;;
  restapi)
    # terraform-provider-restapi, for the CLI tests' dev_overrides: they
    # look for a binary of that name in a folder, so it gets one of its own.
    dir=restapi module=github.com/Mastercard/terraform-provider-restapi pkg=$module ;;
  *)
    echo "tools.sh: unknown tool $1" >&2
    echo "usage: tools.sh terraform|terraform-1.5.7|terraform-1.14|tofu|golangci-lint|tfplugindocs|goreleaser|actionlint|restapi" >&2
    exit 2 ;;
  esac
  dir=$root/tools/$dir
  version=$(module_version "$dir" "$module")
  # The cache names Terraform's builds terraform-1.5.7, terraform-1.14.9;
  # the other tools NAME-vX.Y.Z.
  case $1 in
  terraform-*) out=$bin/terraform-${version#v} ;;
  restapi) out=$bin/restapi-$version/terraform-provider-restapi ;;
  *) out=$bin/$1-$version ;;
  esac
  [ -z "$stamp" ] || ldflags="${ldflags:+$ldflags }-X $stamp=$version"
}

tool=${1:?usage: tools.sh terraform|terraform-1.5.7|terraform-1.14|tofu|golangci-lint|tfplugindocs|goreleaser|actionlint|restapi}
case $tool in
version | path)
  # version NAME: the pinned version; path NAME: where the build is cached
  # (it may not exist yet). Neither builds anything.
  describe "${2:?usage: tools.sh $tool NAME}"
  if [ "$tool" = version ]; then echo "$version"; else echo "$out"; fi
  exit 0
  ;;
esac
if [ "$tool" = terraform ]; then
  if command -v terraform >/dev/null 2>&1; then
    command -v terraform
    exit 0
  fi
  tool=terraform-1.5.7
fi

describe "$tool"
if [ ! -x "$out" ]; then
  mkdir -p "$(dirname "$out")"
  echo "tools.sh: building $tool $version into $bin from tools/$(basename "$dir") (once; later runs reuse it)" >&2
  start=$SECONDS
  # A temporary name, so that an interrupted build never leaves a binary
  # that looks complete. Build output goes to stderr.
  (cd "$dir" && GOFLAGS='' go build -trimpath -ldflags "$ldflags" -o "$out.tmp.$$" "$pkg" >&2)
  mv "$out.tmp.$$" "$out"
  echo "tools.sh: built $(basename "$out") in $((SECONDS - start))s" >&2
fi
echo "$out"
