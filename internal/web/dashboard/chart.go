package dashboard

import (
	"fmt"
	"strconv"

	"github.com/guildhall-platform/guildhall/internal/statistics"
)

// chart is a bar chart of received and closed cases, laid out here so the
// template only draws it. The two series differ in shape (a solid bar and
// an outlined, hatched one) and are named in the legend, so no meaning
// rests on colour; the same figures are in the table beside it.
type chart struct {
	ID, Title, Desc string
	Width, Height   int
	Bars            []bar
	Ticks           []tick
	Labels          []axisLabel
	Baseline        int
}

type bar struct {
	X, Y, W, H int
	Closed     bool
	Text       string // read by screen readers hovering the bar, and shown as a tooltip
}

type tick struct {
	Y    int
	Text string
}

type axisLabel struct {
	X    int
	Text string
}

const (
	chartWidth  = 640
	chartHeight = 260
	plotLeft    = 40
	plotTop     = 34
	plotBottom  = 220
)

func trendChart(d statistics.Dashboard) chart {
	c := chart{ID: "trend", Width: chartWidth, Height: chartHeight, Baseline: plotBottom}
	per := "month"
	if d.Trend == statistics.Weekly {
		per = "week"
	}
	c.Title = fmt.Sprintf("Cases received and closed each %s", per)
	top := 0
	busiest := statistics.Point{}
	for _, p := range d.Points {
		top = max(top, p.Received, p.Closed)
		if p.Received > busiest.Received {
			busiest = p
		}
	}
	if len(d.Points) > 0 {
		c.Desc = fmt.Sprintf("Bar chart from %s to %s. ", d.Points[0].Label, d.Points[len(d.Points)-1].Label)
	}
	if busiest.Received > 0 {
		c.Desc += fmt.Sprintf("The most received in one %s was %d, in %s. ", per, busiest.Received, busiest.Label)
	} else {
		c.Desc += "No cases were received. "
	}
	c.Desc += "The table after the chart gives every figure."
	scaleTop := niceCeiling(top)
	for i := 0; i <= 4; i++ {
		v := scaleTop * i / 4
		c.Ticks = append(c.Ticks, tick{Y: plotBottom - (plotBottom-plotTop)*i/4, Text: strconv.Itoa(v)})
	}
	if len(d.Points) == 0 {
		return c
	}
	group := (chartWidth - plotLeft - 10) / len(d.Points)
	barW := max(2, group*2/5)
	height := func(n int) int { return (plotBottom - plotTop) * n / scaleTop }
	for i, p := range d.Points {
		x := plotLeft + i*group + (group-2*barW)/2
		c.Bars = append(c.Bars,
			bar{X: x, Y: plotBottom - height(p.Received), W: barW, H: height(p.Received), Text: fmt.Sprintf("%s: %d received", p.Label, p.Received)},
			bar{X: x + barW, Y: plotBottom - height(p.Closed), W: barW, H: height(p.Closed), Closed: true, Text: fmt.Sprintf("%s: %d closed", p.Label, p.Closed)})
		if len(d.Points) <= 12 || i%2 == 0 {
			c.Labels = append(c.Labels, axisLabel{X: plotLeft + i*group + group/2, Text: shortLabel(p, d.Trend)})
		}
	}
	return c
}

func shortLabel(p statistics.Point, t statistics.Trend) string {
	if t == statistics.Weekly {
		return p.Start.Format("2 Jan")
	}
	return p.Start.Format("Jan")
}

// niceCeiling is the smallest of 4, 8, 20, 40, 80, 200 … (a multiple of 4
// so the four gridlines are whole numbers) at or above n.
func niceCeiling(n int) int {
	for base := 1; ; base *= 10 {
		for _, m := range []int{4, 8, 20} {
			if m*base >= n {
				return m * base
			}
		}
	}
}
