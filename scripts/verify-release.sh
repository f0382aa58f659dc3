#!/usr/bin/env bash
# make verify-release: proves that .goreleaser.yml produces what the
# Terraform registry accepts, without a real key and for one platform:
#   1. creates a throwaway GPG key in a temporary GNUPGHOME;
#   2. runs `goreleaser release --snapshot` with signing on, from a copy of
#      .goreleaser.yml that builds only this machine's platform (goreleaser's
#      --single-target exists for `build`, not for `release`) into a
#      temporary dist folder;
#   3. checks that the SHA256SUMS signature verifies (gpg --verify), that a
#      tampered copy does not, that every file the sums list matches
#      (sha256sum -c), that the sums cover the zip and the registry
#      manifest (protocol 6.0), and that the zip holds the binary and the
#      LICENSE (the repository's, unchanged) and nothing else, the binary with
#      the registry's name, built with CGO_ENABLED=0 and -trimpath and with
#      the version stamped into main.version.
# It touches neither your keyring nor dist/, and removes everything it made.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
goreleaser=$(scripts/tools.sh goreleaser)
for cmd in gpg gpgconf sha256sum unzip; do
  command -v "$cmd" >/dev/null || {
    echo "verify-release: $cmd is required" >&2
    exit 1
  }
done

work=$(mktemp -d)
export GNUPGHOME=$work/gnupg
cleanup() {
  gpgconf --kill gpg-agent 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -m 700 "$GNUPGHOME"

fail() {
  echo "verify-release: $*" >&2
  exit 1
}

echo "==> Creating a throwaway signing key"
gpg --batch --quiet --passphrase '' --quick-gen-key 'spkey release check <release-check@example.invalid>' ed25519 sign 1d 2>/dev/null
GPG_FINGERPRINT=$(gpg --list-secret-keys --with-colons 2>/dev/null | awk -F: '$1 == "fpr" {print $10; exit}')
[ -n "$GPG_FINGERPRINT" ] || fail "no key was created"
export GPG_FINGERPRINT

# The release configuration, with goos/goarch/ignore (which must stay
# together, right before `binary:`) replaced by this machine's platform,
# and dist/ moved into the scratch folder.
target=$(go env GOOS)_$(go env GOARCH)
awk -v target="$target" '
  /^    goos:$/ { skip = 1; print "    targets: [" target "]"; next }
  skip && /^    binary:/ { skip = 0 }
  !skip { print }
' .goreleaser.yml >"$work/goreleaser.yml"
echo "dist: $work/dist" >>"$work/goreleaser.yml"
if ! grep -q "targets: \[$target\]" "$work/goreleaser.yml" || grep -qE '^    (goos|goarch|ignore):' "$work/goreleaser.yml"; then
  fail "could not narrow .goreleaser.yml to one target: keep goos, goarch and ignore together, right before binary"
fi

echo "==> goreleaser release --snapshot, signed, for $target only"
if ! "$goreleaser" release --snapshot --clean --config "$work/goreleaser.yml" >"$work/goreleaser.log" 2>&1; then
  cat "$work/goreleaser.log" >&2
  fail "goreleaser failed"
fi

dist=$work/dist
cd "$dist"
sums=$(find . -maxdepth 1 -name '*_SHA256SUMS' -printf '%f\n')
if [ -z "$sums" ] || [ "$(wc -l <<<"$sums")" != 1 ]; then
  fail "expected one *_SHA256SUMS in dist, found: ${sums:-none}"
fi
[ -f "$sums.sig" ] || fail "$sums.sig is missing: the checksum was not signed"
version=${sums#terraform-provider-spkey_}
version=${version%_SHA256SUMS}

echo "==> gpg --verify $sums.sig"
gpg --batch --verify "$sums.sig" "$sums" 2>"$work/gpg.log" || {
  cat "$work/gpg.log" >&2
  fail "the signature of $sums does not verify"
}
grep -q "Good signature" "$work/gpg.log" || fail "gpg did not report a good signature"
sed 's/^/    /' "$work/gpg.log"
cp "$sums" "$work/tampered"
echo "0000000000000000000000000000000000000000000000000000000000000000  extra.zip" >>"$work/tampered"
if gpg --batch --verify "$sums.sig" "$work/tampered" 2>/dev/null; then
  fail "a tampered $sums still verifies: the signature proves nothing"
fi

echo "==> Checking the files $sums lists"
manifest=terraform-provider-spkey_${version}_manifest.json
zip=terraform-provider-spkey_${version}_${target}.zip
expected=$(printf '%s\n' "$manifest" "$zip" | sort)
listed=$(awk '{print $2}' "$sums" | sort)
[ "$listed" = "$expected" ] || fail "$sums lists:
$listed
expected:
$expected"
# goreleaser only hashes the manifest; the release uploads it under this
# name (release.extra_files), which is what the registry downloads.
[ -f "$manifest" ] || cp "$root/terraform-registry-manifest.json" "$manifest"
sha256sum --check --strict "$sums" | sed 's/^/    /'
grep -q '"protocol_versions": \["6.0"\]' "$manifest" || fail "$manifest does not declare protocol 6.0"

echo "==> Checking the binary and the LICENSE in $zip"
binary=terraform-provider-spkey_v$version
unzip -q "$zip" -d "$work/unzipped"
[ -x "$work/unzipped/$binary" ] || fail "$zip does not hold $binary; it holds: $(ls "$work/unzipped")"
want_files=$(printf '%s\n' LICENSE "$binary" | sort)
[ "$(find "$work/unzipped" -mindepth 1 -printf '%f\n' | sort)" = "$want_files" ] || fail "$zip should hold exactly $binary and LICENSE; it holds: $(ls "$work/unzipped")"
cmp -s "$work/unzipped/LICENSE" "$root/LICENSE" || fail "the LICENSE in $zip differs from the repository's"
# go version -m lists CGO_ENABLED and -trimpath; with -trimpath it leaves
# -ldflags out, so look for the stamped version in the binary itself
# (unstamped, main.version is "dev").
info=$(go version -m "$work/unzipped/$binary")
tab=$'\t'
for want in "build${tab}CGO_ENABLED=0" "build${tab}-trimpath=true"; do
  grep -qF -- "$want" <<<"$info" || fail "$binary was not built with $want:
$info"
done
grep -qaF -- "$version" "$work/unzipped/$binary" || fail "$binary does not carry its version $version (-X main.version)"

echo "==> Release check passed: $zip, $manifest and $sums, signed and verified"
