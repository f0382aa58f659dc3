# Terraform 1.10+ (OpenTofu 1.11+): an ephemeral variable is never written
# to the saved plan or the state. Give it again when applying a saved
# plan, for example through TF_VAR_spkey_api_key.
variable "spkey_api_key" {
  type      = string
  sensitive = true
  ephemeral = true
}

provider "spkey" {
  api_key = var.spkey_api_key
}
