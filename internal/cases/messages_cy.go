package cases

import "github.com/guildhall-platform/guildhall/internal/lang"

// messages is the Welsh of the platform's own messages to residents (a
// service's notifications carry their own, in its definition's cy: blocks).
// TestEveryResidentMessageHasWelsh fails for a message without its entry.
var messages = lang.Catalogue{
	"You are following report %s": "Rydych yn dilyn adroddiad %s",
	"You are following report %s (%s).\n\nIts status is: %s.\n\nWe will tell you when it is closed.": "Rydych yn dilyn adroddiad %s (%s).\n\nEi statws yw: %s.\n\nByddwn yn rhoi gwybod i chi pan fydd wedi’i gau.",
	"You are following report %s (%s). We will text you when it is closed.":                          "Rydych yn dilyn adroddiad %s (%s). Byddwn yn anfon neges destun atoch pan fydd wedi’i gau.",
	"Report %s is closed": "Mae adroddiad %s wedi’i gau",
	"Report %s (%s), which you follow, is closed.\n\nIts status is: %s.": "Mae adroddiad %s (%s), rydych yn ei ddilyn, wedi’i gau.\n\nEi statws yw: %s.",
	"Report %s (%s), which you follow, is closed: %s.":                   "Mae adroddiad %s (%s), rydych yn ei ddilyn, wedi’i gau: %s.",
	"\n\nSee the report: %s":                                             "\n\nGweld yr adroddiad: %s",
}
