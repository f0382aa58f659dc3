// Command terraform-provider-spkey is the Terraform and OpenTofu provider
// for the SmartphoneKey lock API.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/smartphonekey/terraform-provider-spkey/internal/provider"
)

// version is set by goreleaser at release time.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	if !debug {
		// Run by Terraform, whose TF_LOG decides which logs anyone sees.
		quietLogs()
	}

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/smartphonekey/spkey",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
