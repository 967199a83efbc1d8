package security

import (
	"errors"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// dollars rewrites ? placeholders as PostgreSQL's $1, $2 …
func dollars(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func microsTime(us int64) time.Time { return time.UnixMicro(us).UTC() }

func asExit(err error, target **exec.ExitError) bool { return errors.As(err, target) }
