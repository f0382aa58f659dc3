package provider

// Messages about values in the configuration: lock ids, user ids, blank
// strings. Each validator words its error here.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

func invalidLockIDDiag(p path.Path, err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(p, "Invalid Lock ID",
		fmt.Sprintf("%s: %s.", p, capitalize(err.Error())))
}

func blankValueDiag(p path.Path, value string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(p, "Blank Value: "+p.String(),
		fmt.Sprintf("%s is only white space (%q): an id never is, so it names nothing and the API would reject it "+
			"only at apply. Give the id itself.", p, value))
}

// invalidUserIDDiag says that a user id must be a UUID, and what the value
// looks like instead: a lock id is the most common mix-up.
func invalidUserIDDiag(p path.Path, value string) diag.Diagnostic {
	looks := "it is not a UUID"
	if _, err := strconv.ParseFloat(strings.TrimSpace(value), 64); err == nil {
		looks = "it is a number, which looks like a lock id: lock ids are numbers, user ids are UUIDs"
	}
	return diag.NewAttributeErrorDiagnostic(p, "Invalid User ID",
		fmt.Sprintf("%s: %q is not a user id: %s. A SmartphoneKey user id is a UUID such as "+
			"\"6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60\"; put the lock's numeric id in lock_id.", p, value, looks))
}

// invalidEntryImportIDDiag fails an import whose id is not the resource's
// "<a>:<b>" form, and shows an example.
func invalidEntryImportIDDiag(resourceType, format, example string, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid Import ID",
		fmt.Sprintf("%s.\n\nImport a %s as %s, for example:\n  terraform import %s.example %s\nor an import block with id = %q.",
			capitalize(err.Error()), resourceType, format, resourceType, example, example))
}
