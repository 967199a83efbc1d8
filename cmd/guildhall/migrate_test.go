package main

import (
	"bytes"
	"context"
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
			var out, errb bytes.Buffer
			err := run(context.Background(), tt.args, env, &out, &errb)
			if !errors.Is(err, tt.wantErr) && err != tt.wantErr {
				t.Fatalf("err = %v, want %v (stderr %s)", err, tt.wantErr, errb.String())
			}
			if !strings.Contains(out.String(), tt.wantOut) {
				t.Errorf("stdout = %q, want %q", out.String(), tt.wantOut)
			}
		})
	}
	var out bytes.Buffer
	_ = run(context.Background(), []string{"migrate", "--status"}, func(k string) string {
		if k == "GUILDHALL_DATA" {
			return dir
		}
		return ""
	}, &out, &bytes.Buffer{})
	if strings.Contains(out.String(), "migration 0 of") || out.Len() == 0 {
		t.Errorf("GUILDHALL_DATA not used: %q", out.String())
	}
}
