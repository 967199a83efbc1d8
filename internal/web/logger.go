package web

import "log/slog"

func logger(ri *reqInfo) *slog.Logger {
	if ri.server != nil {
		return ri.server.log
	}
	return slog.Default()
}
