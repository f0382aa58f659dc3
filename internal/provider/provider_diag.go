package provider

// Messages about the provider's own settings and set-up.

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// Provider configuration.

func unknownSettingDiag(attr, env string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root(attr),
		"Unknown SmartphoneKey Provider Setting: "+attr,
		fmt.Sprintf("The provider cannot create the SmartphoneKey API client because %s is unknown when the provider is configured: "+
			"it depends on a value that is only known after apply. Set %s to a literal or a variable, "+
			"or remove it and set the %s environment variable.", attr, attr, env))
}

func invalidSettingDiag(attr, env string, fromEnv bool, err error) diag.Diagnostic {
	source := attr
	if fromEnv {
		source = fmt.Sprintf("%s (taken from the %s environment variable)", attr, env)
	}
	return diag.NewAttributeErrorDiagnostic(path.Root(attr),
		"Invalid SmartphoneKey Provider Setting: "+attr,
		fmt.Sprintf("The value of %s is not usable: %v.", source, err))
}

// invalidCredentialDiag names the credential and its environment variable
// but never prints the value.
func invalidCredentialDiag(attr, env string, fromEnv bool, err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root(attr),
		"Invalid SmartphoneKey Provider Setting: "+attr,
		fmt.Sprintf("The value of %s cannot be sent to the API: %v. Surrounding white space, such as the trailing newline "+
			"of a file read with file(), is trimmed; anything else must be removed from the value itself. "+
			"No request was sent.", credentialSource(attr, env, fromEnv), err))
}

// credentialSource names where a credential came from, for its errors.
func credentialSource(attr, env string, fromEnv bool) string {
	if fromEnv {
		return fmt.Sprintf("%s (taken from the %s environment variable)", attr, env)
	}
	return fmt.Sprintf("%s (set in the provider configuration; when unset, the %s environment variable is used)", attr, env)
}

// shortCredentialDiag refuses a credential too short to keep secret; it
// says how long it is, never what it is.
func shortCredentialDiag(attr, env string, fromEnv bool, length int) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root(attr),
		"Invalid SmartphoneKey Provider Setting: "+attr,
		fmt.Sprintf("The value of %s is %d character(s) long, shorter than %d: a SmartphoneKey JWT or B2B API key is far longer, "+
			"so this is most likely a placeholder or a cut-off value. The provider refuses it because a credential this short "+
			"cannot be kept out of messages and logs: it occurs in ordinary text, and hiding every occurrence would give it away. "+
			"Set %s (or %s) to the whole credential. No request was sent.",
			credentialSource(attr, env, fromEnv), length, minCredentialLength, attr, env))
}

func missingCredentialsDiag() diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root(attrAPIToken),
		"Missing SmartphoneKey API Credentials",
		"The provider needs at least one credential and found none. Set api_token (or the SPKEY_API_TOKEN "+
			"environment variable) to a SmartphoneKey JWT, used by B2C clients, or api_key (or SPKEY_API_KEY) "+
			"to the B2B API key given at organization onboarding. Empty environment variables count as unset.")
}

func clientCreateDiag(err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Unable to Create SmartphoneKey API Client",
		"The provider settings were accepted but the API client could not be created: "+err.Error())
}

func unexpectedProviderDataDiag(what string, data any) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Unexpected Provider Data",
		fmt.Sprintf("The %s expected the provider's data, got %T. This is a bug in the provider; please report it.", what, data))
}

func listNotConfiguredDiag(typeName string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Provider Not Configured",
		fmt.Sprintf("The %s list resource was asked for results before the provider was configured. "+
			"This is a bug in the provider or in Terraform; please report it.", typeName))
}
