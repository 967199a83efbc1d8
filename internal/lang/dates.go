package lang

import (
	"strings"
	"time"
)

// London is UK time: dates are written as residents read them, whatever
// zone a value carries.
var London = func() *time.Location {
	l, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.UTC
	}
	return l
}()

// The layouts in which dates are written to people.
const (
	// DateLayout is a day: "2 January 2026".
	DateLayout = "2 January 2006"
	// DayDateLayout names the weekday: "Friday 2 January 2026".
	DayDateLayout = "Monday 2 January 2006"
	// DateTimeLayout adds the time: "2 January 2026 at 3:04pm".
	DateTimeLayout = "2 January 2006 at 3:04pm"
	// TimeDayDateLayout is a deadline: "3:04pm on Friday 2 January 2026".
	TimeDayDateLayout = "3:04pm on Monday 2 January 2006"
)

// welshWords are the words of the layouts above in Welsh. Month and day
// names follow the Welsh Government's style; "yb" and "yp" are its
// a.m. and p.m.
var welshWords = map[string]string{
	"January": "Ionawr", "February": "Chwefror", "March": "Mawrth", "April": "Ebrill",
	"May": "Mai", "June": "Mehefin", "July": "Gorffennaf", "August": "Awst",
	"September": "Medi", "October": "Hydref", "November": "Tachwedd", "December": "Rhagfyr",
	"Monday": "Dydd Llun", "Tuesday": "Dydd Mawrth", "Wednesday": "Dydd Mercher",
	"Thursday": "Dydd Iau", "Friday": "Dydd Gwener", "Saturday": "Dydd Sadwrn", "Sunday": "Dydd Sul",
	"at": "am",
}

// Format writes t in UK time with one of the layouts above, in language l.
// A zero time is "".
func (l Tag) Format(t time.Time, layout string) string {
	if t.IsZero() {
		return ""
	}
	s := t.In(London).Format(layout)
	if l != Welsh {
		return s
	}
	var out []string
	words := strings.Fields(s)
	for i, w := range words {
		if w == "on" && i+1 < len(words) && strings.HasSuffix(words[i+1], "day") {
			// "on Friday" is "ddydd Gwener": the soft mutation of "dydd".
			words[i+1] = "dd" + strings.TrimPrefix(welshWords[words[i+1]], "D")
			continue
		}
		out = append(out, w)
		if cy, ok := welshWords[w]; ok {
			out[len(out)-1] = cy
			continue
		}
		if rest, ok := strings.CutSuffix(w, "am"); ok && strings.Contains(rest, ":") {
			out[len(out)-1] = rest + "yb"
		} else if rest, ok := strings.CutSuffix(w, "pm"); ok && strings.Contains(rest, ":") {
			out[len(out)-1] = rest + "yp"
		}
	}
	return strings.Join(out, " ")
}

// FormatDay writes a calendar day (held as midnight UTC, as a date answer
// or a due date is) without moving it into UK time.
func (l Tag) FormatDay(t time.Time, layout string) string {
	if t.IsZero() {
		return ""
	}
	return l.Format(time.Date(t.Year(), t.Month(), t.Day(), 12, 0, 0, 0, London), layout)
}
