package main

import (
	"errors"
	"strings"
	"testing"
)

func TestMigrateCommand(t *testing.T) {
	dir := t.TempDir()
	env := func(string) string { return "" }
	tests := []struct {
		name     string
		args     []string
		wantErr  error
		wantOut  string
		checkErr func(error) bool
	}{
		{"status before", []string{"migrate", "--status", "--data", dir}, exitError(1), "at migration 0 of", nil},
		{"apply", []string{"migrate", "--data", dir}, nil, "sqlite database at migration", nil},
		{"again", []string{"migrate", "--data", dir}, nil, "sqlite database at migration", nil},
		{"status after", []string{"migrate", "--status", "--data", dir}, nil, "sqlite database at migration", nil},
		{"help", []string{"migrate", "--help"}, exitError(0), "", nil},
		{"bad flag", []string{"migrate", "--nope"}, errUsage, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, err := runSub(run, env, tt.args...)
			if !errors.Is(err, tt.wantErr) && err != tt.wantErr {
				t.Fatalf("err = %v, want %v (stderr %s)", err, tt.wantErr, errs)
			}
			if !strings.Contains(out, tt.wantOut) {
				t.Errorf("stdout = %q, want %q", out, tt.wantOut)
			}
		})
	}
	out, _, _ := runSub(run, dataIn(dir), "migrate", "--status")
	if strings.Contains(out, "migration 0 of") || out == "" {
		t.Errorf("GUILDHALL_DATA not used: %q", out)
	}
}
