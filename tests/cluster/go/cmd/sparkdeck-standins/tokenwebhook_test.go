package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"testing"
	"time"
)

// TestEKSTokenFromAWSCLI checks eksTokenValid against a token the real AWS CLI presigns
// (offline, fake keys); skipped where `aws` is not installed.
func TestEKSTokenFromAWSCLI(t *testing.T) {
	if _, err := exec.LookPath("aws"); err != nil {
		t.Skip("aws is not installed")
	}
	cmd := exec.Command("aws", "--region", "eu-west-1", "eks", "get-token", "--cluster-name", "demo")
	cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=AKIASPARKDECKTEST01", "AWS_SECRET_ACCESS_KEY=test/secret+key",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_SESSION_TOKEN=")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("aws eks get-token: %v", err)
	}
	var cred struct {
		Status struct{ Token string } `json:"status"`
	}
	if err := json.Unmarshal(out, &cred); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	for _, c := range []struct {
		spec string
		want bool
	}{
		{"demo:AKIASPARKDECKTEST01:test/secret+key", true},
		{"other:AKIASPARKDECKTEST01:test/secret+key", false},
		{"demo:AKIASPARKDECKTEST01:wrong", false},
		{"demo:AKIAOTHER:test/secret+key", false},
	} {
		if got := eksTokenValid(cred.Status.Token, c.spec, now); got != c.want {
			t.Errorf("eksTokenValid(%q) = %v, want %v", c.spec, got, c.want)
		}
	}
	if eksTokenValid(cred.Status.Token, "demo:AKIASPARKDECKTEST01:test/secret+key", now.Add(16*time.Minute)) {
		t.Error("a token older than 15 minutes was accepted")
	}
}
