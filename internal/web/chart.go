package web

import "strconv"

// BarChart is a bar chart laid out in Go so that the "chart" partial
// (templates/partials/chart.html) only draws it: officers' dashboards and
// the public performance page share it. Series differ in shape (the first
// solid, the second outlined and hatched) and are named in the legend, so
// no meaning rests on colour; the figures are in a table beside every
// chart, and each bar carries its figure in words as its title.
type BarChart struct {
	ID, Title, Desc string
	Width, Height   int
	Legend          []ChartLegend
	Bars            []ChartBar
	Ticks           []ChartTick
	Labels          []ChartLabel
	Baseline        int
}

// ChartLegend names one series at X.
type ChartLegend struct {
	X       int
	Text    string
	Hatched bool
}

// ChartBar is one bar; a figure not published has no bar, only its Text.
type ChartBar struct {
	X, Y, W, H int
	Hatched    bool
	Text       string
}

// ChartTick is a gridline with its value.
type ChartTick struct {
	Y    int
	Text string
}

// ChartLabel names a group of bars on the horizontal axis.
type ChartLabel struct {
	X    int
	Text string
}

// ChartPoint is one group of bars: a week or a month, one value per series.
type ChartPoint struct {
	Short  string // the axis label
	Values []ChartValue
}

// ChartValue is one bar's figure; Hidden draws no bar (a count too small
// to publish), and Text says the figure in words either way.
type ChartValue struct {
	N      int
	Hidden bool
	Text   string
}

const (
	chartWidth  = 640
	chartHeight = 260
	plotLeft    = 40
	plotTop     = 34
	plotBottom  = 220
)

// NewBarChart lays out points with one bar per series in each, the series
// named in the legend as series (at most two: solid, then hatched).
func NewBarChart(id, title, desc string, series []string, points []ChartPoint) BarChart {
	c := BarChart{ID: id, Title: title, Desc: desc, Width: chartWidth, Height: chartHeight, Baseline: plotBottom}
	for i, s := range series {
		c.Legend = append(c.Legend, ChartLegend{X: plotLeft + 210*i, Text: s, Hatched: i == 1})
	}
	top := 0
	for _, p := range points {
		for _, v := range p.Values {
			top = max(top, v.N)
		}
	}
	scaleTop := niceCeiling(top)
	for i := 0; i <= 4; i++ {
		c.Ticks = append(c.Ticks, ChartTick{Y: plotBottom - (plotBottom-plotTop)*i/4, Text: strconv.Itoa(scaleTop * i / 4)})
	}
	if len(points) == 0 || len(series) == 0 {
		return c
	}
	group := (chartWidth - plotLeft - 10) / len(points)
	barW := max(2, group*2/(2*len(series)+1))
	height := func(n int) int { return (plotBottom - plotTop) * n / scaleTop }
	for i, p := range points {
		x := plotLeft + i*group + (group-len(series)*barW)/2
		for j, v := range p.Values {
			b := ChartBar{X: x + j*barW, Y: plotBottom, W: barW, Hatched: j == 1, Text: v.Text}
			if !v.Hidden {
				b.Y, b.H = plotBottom-height(v.N), height(v.N)
			}
			c.Bars = append(c.Bars, b)
		}
		if len(points) <= 12 || i%2 == 0 {
			c.Labels = append(c.Labels, ChartLabel{X: plotLeft + i*group + group/2, Text: p.Short})
		}
	}
	return c
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
