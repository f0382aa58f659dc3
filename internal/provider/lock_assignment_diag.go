package provider

// Messages of the per-lock assignment resources (spkey_lock_organization,
// spkey_lock_owner): drift, a value left in place, two resources that
// disagree, imports.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

func invalidImportIDDiag(resourceType string, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid Import ID",
		fmt.Sprintf("%v.\n\nImport a lock by its numeric lock id, for example:\n  terraform import %s.example 123\n"+
			"or an import block with id = \"123\" (or identity = { lock_id = 123 }).", capitalize(err.Error()), resourceType))
}

func lockGoneDiag(lockID int64) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Lock No Longer Exists",
		fmt.Sprintf("The SmartphoneKey API answered 404 for lock %d, so it was removed from Terraform state and the next plan "+
			"will propose to create it again. If the lock was decommissioned, remove it from the configuration.", lockID))
}

func orgLeftInPlaceDiag(lockID int64, orgID string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Lock Organization Left in Place",
		fmt.Sprintf("SmartphoneKey has no call that removes a lock from its organization, so destroying this resource only "+
			"removes it from Terraform state: lock %d keeps organization %s. To move the lock, assign it another "+
			"organization with spkey_lock_organization instead of destroying it.", lockID, serverText(orgID)))
}

// conflictingClaimsDiag warns that two resources assign the same locks to
// different organizations.
func conflictingClaimsDiag(by, orgID string, conflicts []conflict) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Locks Assigned to Two Organizations",
		fmt.Sprintf("Two resources of this configuration assign %d lock(s) to different organizations:\n  %s\n\n"+
			"Each apply would move these locks to one organization and the next refresh would show the other resource's "+
			"drift, so the two would fight forever. Manage each lock in exactly one resource.", len(conflicts), conflictLines(by, orgID, conflicts)))
}

// conflictLines lists the first few conflicting claims, one a line.
func conflictLines(by, value string, conflicts []conflict) string {
	var lines []string
	for i, c := range conflicts {
		if i == maxListed {
			lines = append(lines, fmt.Sprintf("... and %d more", len(conflicts)-maxListed))
			break
		}
		lines = append(lines, fmt.Sprintf("lock %d: %q by %s, %q by %s", c.lockID, value, by, c.value, c.other))
	}
	return strings.Join(lines, "\n  ")
}

func ownerLeftInPlaceDiag(lockID int64, userID string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Lock Owner Left in Place",
		fmt.Sprintf("SmartphoneKey has no call that removes a lock's owner, so destroying this resource only "+
			"removes it from Terraform state: lock %d keeps owner %s. To hand the lock to someone else, give it "+
			"another owner with spkey_lock_owner instead of destroying it.", lockID, serverText(userID)))
}

// conflictingOwnersDiag warns that two resources give the same lock
// different owners.
func conflictingOwnersDiag(by, userID string, conflicts []conflict) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Lock Given Two Owners",
		fmt.Sprintf("Two resources of this configuration give %d lock(s) different owners:\n  %s\n\n"+
			"Each apply would hand these locks to one owner and the next refresh would show the other resource's "+
			"drift, so the two would fight forever. Manage each lock's owner in exactly one resource.", len(conflicts), conflictLines(by, userID, conflicts)))
}

// assignmentDriftDiag warns that a lock's assigned value (organization,
// owner) changed outside Terraform, and says when if the event history
// said so. was is what state recorded, now what the lock has (nil: none),
// both already redacted: they may be a server's words.
func assignmentDriftDiag(noun, attr string, lockID int64, was string, now *string, when string) diag.Diagnostic {
	is := fmt.Sprintf("has no %s now", noun)
	keep := fmt.Sprintf("to leave the lock without %s %s, remove this resource from the configuration "+
		"(destroying it makes no API call)", article(noun), noun)
	if now != nil {
		is = fmt.Sprintf("has %s %s now", noun, serverText(*now))
		keep = fmt.Sprintf("to keep the change instead, set %s = %s in the configuration", attr, serverText(*now))
	}
	return diag.NewWarningDiagnostic(fmt.Sprintf("Lock %s Changed Outside Terraform", capitalize(noun)),
		fmt.Sprintf("Lock %d %s, not %s as Terraform recorded: it changed outside Terraform%s. The next apply sets it back to %s; %s.",
			lockID, is, serverText(was), when, serverText(was), keep))
}

// article is "an" before a noun that starts with a vowel, else "a".
func article(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an"
	}
	return "a"
}

// changedWhen completes "it changed outside Terraform..." from the lock's
// most recent event of the change's type: ev is nil when there is none,
// err when the history could not be read (the refresh goes on without).
func changedWhen(ev *client.Event, err error) string {
	switch {
	case err != nil:
		return whenUnknown(err)
	case ev == nil:
		return ""
	}
	return " at " + eventTime(*ev)
}

// whenUnknown says why a drift warning cannot say when the lock changed.
func whenUnknown(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Sprintf(" (when is unknown: the lock's event history did not answer within %s)", durationText(driftLookupTimeout))
	}
	return fmt.Sprintf(" (when is unknown: the lock's event history could not be read: %v)", err)
}

// eventTime says when an event happened and at which version; the
// server's timestamp and type go through serverWord (the version is a
// number the client checked).
func eventTime(ev client.Event) string {
	return fmt.Sprintf("%s (version %s, %s event)", serverWord(ev.Timestamp), ev.Version, serverWord(ev.Type))
}
