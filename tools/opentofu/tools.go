//go:build tools

// Package opentofu pins the OpenTofu CLI that the acceptance test matrix
// runs against. `go install` cannot build OpenTofu directly (its go.mod has
// a replace directive), so scripts/tools.sh builds it from this module:
//
//	go build -ldflags "-X github.com/opentofu/opentofu/version.dev=no" -o tofu github.com/opentofu/opentofu/cmd/tofu
package opentofu

import _ "github.com/opentofu/opentofu/cmd/tofu"
