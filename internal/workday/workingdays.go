package workday

import "fmt"

// check returns ErrOutOfRange (wrapped with the date) if d is not covered.
func (c *Calendar) check(d Date) error {
	if !c.Covers(d) {
		return fmt.Errorf("%w: %s (covered %d–%d)", ErrOutOfRange, d, c.first, c.last)
	}
	return nil
}

func (c *Calendar) checkRegion(r Region) error {
	if !r.Valid() {
		return errRegion(r)
	}
	return nil
}

// AddWorkingDays returns the nth working day after d in region r (the nth
// before d if n < 0; d itself if n is 0). AddWorkingDays(r, receipt, 20) is
// the FOI due date when the request has no pauses. It returns ErrOutOfRange
// if the walk leaves the covered years.
func (c *Calendar) AddWorkingDays(r Region, d Date, n int) (Date, error) {
	if err := c.checkRegion(r); err != nil {
		return Date{}, err
	}
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDays(step)
		if err := c.check(d); err != nil {
			return Date{}, err
		}
		if c.IsWorkingDay(r, d) {
			n--
		}
	}
	return d, nil
}

// WorkingDaysBetween counts the working days in region r after from, up to
// and including to: AddWorkingDays(r, from, n) == to gives n when to is a
// working day. It is negative when to is before from (counting the working
// days after to up to and including from), so "working days left" and
// "working days overdue" come from one call.
func (c *Calendar) WorkingDaysBetween(r Region, from, to Date) (int, error) {
	if err := c.checkRegion(r); err != nil {
		return 0, err
	}
	sign := 1
	if to.Before(from) {
		sign, from, to = -1, to, from
	}
	n := 0
	for d := from.AddDays(1); !d.After(to); d = d.AddDays(1) {
		if err := c.check(d); err != nil {
			return 0, err
		}
		if c.IsWorkingDay(r, d) {
			n++
		}
	}
	return sign * n, nil
}

// NextWorkingDay returns d if it is a working day in region r, otherwise the
// first working day after it.
func (c *Calendar) NextWorkingDay(r Region, d Date) (Date, error) {
	if err := c.checkRegion(r); err != nil {
		return Date{}, err
	}
	if err := c.check(d); err != nil {
		return Date{}, err
	}
	if c.IsWorkingDay(r, d) {
		return d, nil
	}
	return c.AddWorkingDays(r, d, 1)
}
