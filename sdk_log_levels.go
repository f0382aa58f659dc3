package main

import (
	"os"
	"strings"
)

// sdkLogVariables are the log levels of terraform-plugin-go (TF_LOG_SDK,
// TF_LOG_SDK_PROTO), terraform-plugin-framework (TF_LOG_SDK_FRAMEWORK) and
// this provider's own tflog logger (TF_LOG_PROVIDER_SPKEY).
var sdkLogVariables = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_SPKEY"}

// quietLogLevels returns the SDK log level variables to set before serving:
// each one the user left unset gets the level at which Terraform shows
// provider logs (TF_LOG_PROVIDER, else TF_LOG), or "off" when it shows none.
//
// Unset, these loggers default to TRACE: the framework writes several log
// lines per element of every collection it handles, and Terraform parses each
// one only to throw it away unless TF_LOG asks for it. For a resource with
// 10,000 lock ids that was more than half of the provider's CPU time. The
// framework issues this works around: hashicorp/terraform-plugin-framework
// #1269 ("SDK Framework logs are produced even if not requested"), #721
// (trace and debug logging expensive for large resource diffs) and #1086
// (logging in MarkComputedNilsAsUnknown not disabled by default); OpenTofu
// asks the same of providers in opentofu/opentofu#2969.
func quietLogLevels(lookup func(string) (string, bool)) map[string]string {
	level, _ := lookup("TF_LOG_PROVIDER")
	if level == "" {
		level, _ = lookup("TF_LOG")
	}
	switch strings.ToLower(strings.TrimSpace(level)) {
	case "":
		level = "off"
	case "json":
		// TF_LOG=JSON means every level, written as JSON.
		level = "trace"
	}
	set := map[string]string{}
	for _, name := range sdkLogVariables {
		if _, ok := lookup(name); !ok {
			set[name] = level
		}
	}
	return set
}

// quietLogs applies quietLogLevels to this process's environment.
func quietLogs() {
	for name, level := range quietLogLevels(os.LookupEnv) {
		_ = os.Setenv(name, level)
	}
}
