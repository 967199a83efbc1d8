package dashboard

import (
	"fmt"

	"github.com/guildhall-platform/guildhall/internal/statistics"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// trendChart is the received and closed cases of each week or month, with
// a description naming the range and the busiest period.
func trendChart(d statistics.Dashboard) web.BarChart {
	per := "month"
	if d.Trend == statistics.Weekly {
		per = "week"
	}
	busiest := statistics.Point{}
	points := make([]web.ChartPoint, len(d.Points))
	for i, p := range d.Points {
		if p.Received > busiest.Received {
			busiest = p
		}
		points[i] = web.ChartPoint{Short: shortLabel(p, d.Trend), Values: []web.ChartValue{
			{N: p.Received, Text: fmt.Sprintf("%s: %d received", p.Label, p.Received)},
			{N: p.Closed, Text: fmt.Sprintf("%s: %d closed", p.Label, p.Closed)},
		}}
	}
	desc := ""
	if len(d.Points) > 0 {
		desc = fmt.Sprintf("Bar chart from %s to %s. ", d.Points[0].Label, d.Points[len(d.Points)-1].Label)
	}
	if busiest.Received > 0 {
		desc += fmt.Sprintf("The most received in one %s was %d, in %s. ", per, busiest.Received, busiest.Label)
	} else {
		desc += "No cases were received. "
	}
	desc += "The table after the chart gives every figure."
	return web.NewBarChart("trend", fmt.Sprintf("Cases received and closed each %s", per), desc,
		[]string{"Received (solid bars)", "Closed (hatched bars)"}, points)
}

func shortLabel(p statistics.Point, t statistics.Trend) string {
	if t == statistics.Weekly {
		return p.Start.Format("2 Jan")
	}
	return p.Start.Format("Jan")
}
