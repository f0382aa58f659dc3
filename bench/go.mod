module github.com/smartphonekey/terraform-provider-spkey/bench

go 1.25.8
