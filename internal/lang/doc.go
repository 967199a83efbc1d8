// Package lang holds the two languages Guildhall speaks to residents,
// English and Welsh: the language tag, the choice of language from a
// browser's Accept-Language header, the message catalogues that turn an
// English message into its Welsh translation, and the one place dates are
// written in words ("2 January 2026", "2 Ionawr 2026").
//
// A message's key is its English text (as gettext keys it): the code and
// templates stay readable in English, a missing translation falls back to
// English rather than to a key, and each package's tests check that every
// message it uses has a Welsh entry. Councils in Wales must offer services
// in Welsh (Welsh Language Standards); this is the standard library only,
// because two languages with simple plural needs do not earn
// golang.org/x/text.
//
// It is a pure library: it imports nothing else from Guildhall.
package lang
