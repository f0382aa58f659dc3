#!/usr/bin/env bash
# Checks that .ci/run and the GitHub workflow (.github/workflows/test.yml)
# run the same make targets in the same order (run by make test-scripts).
# The two differ only where the workflow's acceptance matrix stands for
# several steps of .ci/run:
#   .ci/run                                    workflow
#   make test (unit and acceptance)            make build, make testunit (build job)
#   make testacc-terraform-1.5.7, -tofu,       make testacc-cli (one matrix job per CLI)
#     -terraform-1.14
#   make test-readme (Terraform and OpenTofu)  make test-readme (one matrix job per CLI)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
ci=${1:-$root/.ci/run}
workflow=${2:-$root/.github/workflows/test.yml}

# The make targets each one runs, in order, one a line.
ci_targets=$(sed -n 's/^make \([A-Za-z0-9_.-]*\).*/\1/p' "$ci")
wf_targets=$(sed -n 's/^ *\(- \)\{0,1\}run: make \([A-Za-z0-9_.-]*\).*/\2/p' "$workflow")

# The steps the matrix stands for, on either side, left out of the
# comparison; what remains must be the same list.
ci_only='^(test|test-readme|testacc-terraform-1\.5\.7|testacc-tofu|testacc-terraform-1\.14)$'
wf_only='^(build|testunit|testacc-cli|test-readme)$'
ci_common=$(grep -Ev "$ci_only" <<<"$ci_targets" || true)
wf_common=$(grep -Ev "$wf_only" <<<"$wf_targets" || true)

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
[ -n "$ci_common" ] || fail "found no make targets in $ci"
if [ "$ci_common" != "$wf_common" ]; then
  fail "$ci and $workflow run different make targets:
$(diff <(echo "$ci_common") <(echo "$wf_common") | sed -n 's/^</  only in .ci\/run:  /p; s/^>/  only in the workflow:  /p')
  (or the same ones in another order; .ci/run: $(echo $ci_common); workflow: $(echo $wf_common))"
fi
# The matrix's stand-ins are there too.
for t in test testacc-terraform-1.5.7 testacc-tofu testacc-terraform-1.14 test-readme; do
  grep -qx "$t" <<<"$ci_targets" || fail "$ci does not run make $t"
done
for t in build testunit testacc-cli test-readme; do
  grep -qx "$t" <<<"$wf_targets" || fail "$workflow does not run make $t"
done

if [ "$failures" -gt 0 ]; then
  echo "ci_test: $failures failure(s)" >&2
  exit 1
fi
echo "ci_test: ok ($(echo $ci_common | wc -w) make targets in both, in the same order)"
