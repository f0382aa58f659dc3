package main

import (
	"maps"
	"testing"
)

func TestQuietLogLevels(t *testing.T) {
	all := func(level string) map[string]string {
		return map[string]string{"TF_LOG_SDK": level, "TF_LOG_SDK_PROTO": level, "TF_LOG_SDK_FRAMEWORK": level, "TF_LOG_PROVIDER_SPKEY": level}
	}
	tests := []struct {
		name string
		env  map[string]string
		want map[string]string
	}{
		{"nothing set: Terraform shows no provider logs", nil, all("off")},
		{"TF_LOG", map[string]string{"TF_LOG": "DEBUG"}, all("DEBUG")},
		{"TF_LOG=JSON is trace", map[string]string{"TF_LOG": "JSON"}, all("trace")},
		{"TF_LOG_PROVIDER wins over TF_LOG", map[string]string{"TF_LOG": "TRACE", "TF_LOG_PROVIDER": "INFO"}, all("INFO")},
		{"TF_LOG_CORE alone shows no provider logs", map[string]string{"TF_LOG_CORE": "TRACE"}, all("off")},
		{"empty TF_LOG counts as unset", map[string]string{"TF_LOG": ""}, all("off")},
		{
			"the user's own levels stay",
			map[string]string{"TF_LOG": "TRACE", "TF_LOG_SDK_FRAMEWORK": "OFF", "TF_LOG_SDK": ""},
			map[string]string{"TF_LOG_SDK_PROTO": "TRACE", "TF_LOG_PROVIDER_SPKEY": "TRACE"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := quietLogLevels(func(name string) (string, bool) {
				v, ok := tt.env[name]
				return v, ok
			})
			if !maps.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
