package provider

import (
	"math/big"
	"strings"
	"testing"
)

func TestParseLockID(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in      string
		want    int64
		wantErr string
	}{
		{in: "123", want: 123},
		{in: "1", want: 1},
		{in: "9223372036854775807", want: 9223372036854775807},
		{in: "", wantErr: "the lock id is empty"},
		{in: "abc", wantErr: `"abc" is not a lock id`},
		{in: "0", wantErr: `"0" is not a lock id: it must be at least 1`},
		{in: "-5", wantErr: `"-5" is not a lock id`},
		{in: "+5", wantErr: `"+5" is not a lock id`},
		{in: "1.5", wantErr: `"1.5" is not a lock id`},
		{in: "1e3", wantErr: `"1e3" is not a lock id`},
		{in: "12 3", wantErr: `"12 3" contains white space`},
		{in: " 123", wantErr: `" 123" contains white space`},
		{in: "123\n", wantErr: `"123\n" contains white space`},
		{in: "0x1F", wantErr: `"0x1F" is not a lock id`},
		{in: "9223372036854775808", wantErr: "is too large for a lock id"},
		{in: "3f2504e0-4f89-41d3-9a0c-0305e82c3301", wantErr: "is a UUID, not a lock id"},
		{in: "lock/123", wantErr: `"lock/123" is not a lock id`},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			got, err := parseLockID(tc.in)
			if tc.wantErr != "" {
				if err == nil {
					t.Fatalf("parseLockID(%q) = %d, want an error", tc.in, got)
				}
				if !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), lockIDFormat) {
					t.Fatalf("parseLockID(%q) error = %q, want it to contain %q and the expected format", tc.in, err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("parseLockID(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestParseLockIDKey(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{"1": 1, "123": 123, "9223372036854775807": 9223372036854775807} {
		if got, err := parseLockIDKey(in); err != nil || got != want {
			t.Errorf("parseLockIDKey(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for in, wantErr := range map[string]string{
		"0101": `"0101" has leading zeros: write it as "101"`,
		"00":   `"00" is not a lock id: it must be at least 1`,
		"":     "the lock id is empty",
		"door": `"door" is not a lock id`,
		"1.0":  `"1.0" is not a lock id`,
	} {
		if got, err := parseLockIDKey(in); err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("parseLockIDKey(%q) = %d, %v; want an error containing %q", in, got, err, wantErr)
		}
	}
}

// A lock id too large for int64 is printed in the digits the user wrote,
// not as 9.223372036854775808e+18.
func TestLockIDFromNumberTooLarge(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"9223372036854775808":  "9223372036854775808 is too large for a lock id",
		"18446744073709551617": "18446744073709551617 is too large for a lock id",
		"1e60":                 "1e+60 is too large for a lock id",
	} {
		n, _, err := big.ParseFloat(in, 10, 512, big.ToNearestEven)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := lockIDFromNumber(n); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("lockIDFromNumber(%s) = %v, want an error starting %q", in, err, want)
		}
	}
}
