// Package statistics gives officers and managers the figures of their
// services: received, open, overdue, time to first action, time to close,
// statutory timeliness from the recorded clock outcomes, by service,
// category, team and channel, with weekly or monthly trends; and the
// quarterly return of a statutory service (FOI/EIR) in the shape councils
// report it. The store aggregates in SQL; this package decides which cases
// a reader may count (access.Decide, once per service, team and
// classification) and turns the store's counts into figures.
// docs/statistics.md defines every figure.
package statistics
