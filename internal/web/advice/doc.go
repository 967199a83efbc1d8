// Package advice is the web area of Guildhall's AI features: the front
// door's "Tell us what you need" (triage and quoted advice, for residents,
// working without JavaScript) and the officers' routing help for Member
// enquiries and cases. Every suggestion is logged with what the person then
// chose; nothing is applied without a person choosing it.
package advice
