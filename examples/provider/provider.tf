terraform {
  required_providers {
    spkey = {
      source  = "smartphonekey/spkey"
      version = "~> 0.1"
    }
  }
}

# Every argument is optional and falls back to the environment variable named
# next to it; a value set here wins over the variable.
provider "spkey" {
  # SPKEY_BASE_URL. Production by default; see "Servers" for the others.
  base_url = "https://api.spkey.co"

  # Credentials: at least one of the two, both are sent when both are set.
  # B2B integrations use the API key, B2C clients the JWT. Keep them out of
  # the configuration: export SPKEY_API_KEY / SPKEY_API_TOKEN, or pass them
  # in through sensitive variables as here (null falls back to the variable).
  api_key   = var.spkey_api_key   # SPKEY_API_KEY
  api_token = var.spkey_api_token # SPKEY_API_TOKEN

  max_retries             = 4     # SPKEY_MAX_RETRIES (0-10)
  request_timeout         = "30s" # SPKEY_REQUEST_TIMEOUT (per HTTP attempt, 1s-10m)
  max_concurrency         = 8     # SPKEY_MAX_CONCURRENCY (1-64)
  max_requests_per_second = 20    # SPKEY_MAX_REQUESTS_PER_SECOND (unset: no cap)
}

variable "spkey_api_key" {
  description = "SmartphoneKey B2B API key; null to use SPKEY_API_KEY."
  type        = string
  sensitive   = true
  default     = null
}

variable "spkey_api_token" {
  description = "SmartphoneKey JWT; null to use SPKEY_API_TOKEN."
  type        = string
  sensitive   = true
  default     = null
}
