package cases_test

import (
	"testing"
	"time"
)

func london(t *testing.T) *time.Location {
	l, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	return l
}
