package integrations

import (
	"net/http"
	"strings"
)

// deadLettersPage lists messages the worker gave up on.
type deadLettersPage struct {
	Messages []deadRow
}

type deadRow struct {
	ID, Topic, Key, LastError, Dead, Created string
	Attempts                                 int
}

// deadLimit bounds the list; older dead letters stay in the outbox.
const deadLimit = 200

func (h *handler) deadLettersGet(w http.ResponseWriter, r *http.Request) error {
	msgs, err := h.Outbox.DeadLetters(r.Context(), deadLimit)
	if err != nil {
		return err
	}
	p := &deadLettersPage{}
	for _, m := range msgs {
		row := deadRow{ID: m.ID, Topic: m.Topic, Key: m.Key, Attempts: m.Attempts,
			LastError: truncate(m.LastError, 300), Created: m.CreatedAt.Format("2 Jan 2006 15:04:05 MST")}
		if m.DeadAt != nil {
			row.Dead = m.DeadAt.Format("2 Jan 2006 15:04:05 MST")
		}
		p.Messages = append(p.Messages, row)
	}
	return h.render.Render(w, r, http.StatusOK, "dead_letters", p)
}

// deadLetterReplay queues a dead message again, at once.
func (h *handler) deadLetterReplay(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if err := h.Outbox.Replay(r.Context(), id, h.now()); err != nil {
		return err
	}
	if err := h.audit(r, "outbox.replayed", "outbox:"+id, nil); err != nil {
		return err
	}
	http.Redirect(w, r, PathDeadLetters, http.StatusSeeOther)
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}
