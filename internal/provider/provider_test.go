package provider

import (
	"strings"
	"testing"
)

func TestUserAgent(t *testing.T) {
	got := userAgent("1.2.3", "1.9.0")
	want := "terraform-provider-spkey/1.2.3 (+https://registry.terraform.io/providers/smartphonekey/spkey) Terraform/1.9.0"
	if got != want {
		t.Errorf("userAgent = %q, want %q", got, want)
	}
	if got := userAgent("dev", ""); !strings.HasSuffix(got, "Terraform/unknown") {
		t.Errorf("userAgent without a Terraform version = %q", got)
	}
}
