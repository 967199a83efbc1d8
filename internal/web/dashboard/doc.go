// Package dashboard serves the officers' statistics in the workspace:
// dashboards per service, team and for the council, each chart an
// accessible server-rendered SVG beside its data table and a CSV download,
// and the quarterly return of each statutory service. What a reader may
// count is decided by internal/statistics.
package dashboard
