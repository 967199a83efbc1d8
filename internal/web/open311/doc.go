// Package open311 serves Open311 GeoReport v2 (with mySociety's service
// request updates extension) so that FixMyStreet and other Open311 clients can
// report into Guildhall and follow their reports.
//
// Which services appear is set in each service definition's open311: block
// (only public OFFICIAL services may have one). A POST becomes a case through
// cases.Service.Submit on the Open311 channel, with the caller's API token as
// the principal; every read goes through cases.Service too.
//
// Every path carries a format suffix, .xml (the spec's required format) or
// .json; errors are the spec's list of {code, description}.
package open311
