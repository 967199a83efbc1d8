package web

import (
	"log/slog"
	"time"
)

// Short constructors keep the access log call readable.
func slogString(k, v string) slog.Attr      { return slog.String(k, v) }
func slogInt(k string, v int) slog.Attr     { return slog.Int(k, v) }
func slogInt64(k string, v int64) slog.Attr { return slog.Int64(k, v) }
func slogDuration(k string, v time.Duration) slog.Attr {
	return slog.Float64(k+"_ms", float64(v.Microseconds())/1000)
}

func levelFor(status int) slog.Level {
	if status >= 500 {
		return slog.LevelError
	}
	return slog.LevelInfo
}
