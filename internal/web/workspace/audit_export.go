package workspace

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/csvsafe"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

// exportPage is how many entries an export reads at a time.
const exportPage = 1000

// auditExport streams every entry the search matches, oldest first, as CSV or
// JSON lines, with the same columns as audit.Service.Export but redacted like
// the page (see redact). The export is itself audited.
func (h *handler) auditExport(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	if h.Audit == nil || !mayAudit(p) {
		return fault.New(fault.NotFound, "audit log")
	}
	q := parseAuditQuery(r.URL.Query())
	f, errs := q.filter()
	if len(errs) > 0 {
		return fault.New(fault.Invalid, "audit export: bad date")
	}
	format, ctype := audit.JSONLines, "application/jsonl; charset=utf-8"
	if r.URL.Query().Get("format") == string(audit.CSV) {
		format, ctype = audit.CSV, "text/csv; charset=utf-8"
	}
	err := h.Audit.Record(r.Context(), audit.Entry{
		Actor: p.UserID, Action: "audit.export", Subject: "audit-log",
		Detail: audit.Detail(map[string]any{"query": q.values().Encode(), "format": string(format)}),
	})
	if err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", ctype)
	hd.Set("Content-Disposition", `attachment; filename="audit-log.`+string(format)+`"`)
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	if err := h.writeExport(r, w, f, format); err != nil {
		// The status is sent: all that is left is to log and cut the body short.
		h.logger().ErrorContext(r.Context(), "audit export failed", "err", err)
	}
	return nil
}

func (h *handler) writeExport(r *http.Request, w io.Writer, f audit.Filter, format audit.Format) error {
	write, flush := exportWriter(w, format)
	f.Newest, f.Limit = false, exportPage
	for {
		page, err := h.Audit.Search(r.Context(), f)
		if err != nil {
			return err
		}
		for _, e := range redact(page, f.Subject != "") {
			if err := write(e); err != nil {
				return err
			}
		}
		if len(page) < exportPage {
			return flush()
		}
		f.AfterSeq = page[len(page)-1].Seq
	}
}

// auditColumns are audit.Service.Export's CSV columns.
var auditColumns = []string{"seq", "at", "actor", "action", "subject", "classification", "detail", "prev_hash", "hash"}

func exportWriter(w io.Writer, format audit.Format) (write func(audit.Entry) error, flush func() error) {
	if format != audit.CSV {
		enc := json.NewEncoder(w)
		return func(e audit.Entry) error { return enc.Encode(e) }, func() error { return nil }
	}
	cw := csvsafe.NewWriter(w)
	_ = cw.Write(auditColumns)
	write = func(e audit.Entry) error {
		return cw.Write([]string{strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(time.RFC3339Nano), e.Actor,
			e.Action, e.Subject, e.Classification, string(e.Detail), e.PrevHash, e.Hash})
	}
	return write, func() error { cw.Flush(); return cw.Error() }
}
