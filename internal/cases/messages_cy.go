package cases

import "github.com/guildhall-platform/guildhall/internal/lang"

// messages is the Welsh of the platform's own messages to residents (a
// service's notifications carry their own, in its definition's cy: blocks).
// TestEveryResidentMessageHasWelsh fails for a message without its entry.
var messages = lang.Catalogue{
	"You are following report %s": "Rydych yn dilyn adroddiad %s",
	"You are following report %s (%s).\n\nIts status is: %s.\n\nWe will tell you each time it is updated.": "Rydych yn dilyn adroddiad %s (%s).\n\nEi statws yw: %s.\n\nByddwn yn rhoi gwybod i chi bob tro y caiff ei ddiweddaru.",
	"You are following report %s (%s). We will text you each time it is updated.":                          "Rydych yn dilyn adroddiad %s (%s). Byddwn yn anfon neges destun atoch bob tro y caiff ei ddiweddaru.",
	"Report %s is closed":                                               "Mae adroddiad %s wedi’i gau",
	"Report %s (%s) is closed.\n\nIts status is: %s.":                   "Mae adroddiad %s (%s) wedi’i gau.\n\nEi statws yw: %s.",
	"Report %s (%s) is closed: %s.":                                     "Mae adroddiad %s (%s) wedi’i gau: %s.",
	"Report %s is now: %s":                                              "Statws adroddiad %s bellach yw: %s",
	"Report %s (%s) has a new status: %s.":                              "Mae gan adroddiad %s (%s) statws newydd: %s.",
	"An update on report %s":                                            "Diweddariad ar adroddiad %s",
	"There is an update on report %s (%s):\n\n%s\n\nIts status is: %s.": "Mae diweddariad ar adroddiad %s (%s):\n\n%s\n\nEi statws yw: %s.",
	"Update on report %s (%s): %s":                                      "Diweddariad ar adroddiad %s (%s): %s",
	"\n\nSee the report: %s":                                            "\n\nGweld yr adroddiad: %s",
	"Your report %[1]s is being dealt with as report %[2]s":             "Mae eich adroddiad %[1]s yn cael ei drin fel adroddiad %[2]s",
	"Someone else reported the same problem as your report %[1]s (%[3]s), so we have closed yours as a duplicate of report %[2]s and will deal with it there.\n\nYou now follow report %[2]s. We will tell you when it is closed.": "Mae rhywun arall wedi rhoi gwybod am yr un broblem â’ch adroddiad %[1]s (%[3]s), felly rydym wedi cau eich adroddiad chi fel dyblyg o adroddiad %[2]s a byddwn yn delio â’r broblem yno.\n\nRydych bellach yn dilyn adroddiad %[2]s. Byddwn yn rhoi gwybod i chi pan fydd wedi’i gau.",
	"Your report %[1]s (%[3]s) is a duplicate of report %[2]s, which we will deal with. We will text you when it is closed.":                                                                                                       "Mae eich adroddiad %[1]s (%[3]s) yn ddyblyg o adroddiad %[2]s, a byddwn yn delio â hwnnw. Byddwn yn anfon neges destun atoch pan fydd wedi’i gau.",
	"Report %[1]s is being dealt with as report %[2]s": "Mae adroddiad %[1]s yn cael ei drin fel adroddiad %[2]s",
	"Report %[1]s (%[3]s), which you follow, was a duplicate of report %[2]s, so we have closed it and will deal with report %[2]s.\n\nYou now follow report %[2]s instead. We will tell you when it is closed.": "Roedd adroddiad %[1]s (%[3]s), rydych yn ei ddilyn, yn ddyblyg o adroddiad %[2]s, felly rydym wedi’i gau a byddwn yn delio ag adroddiad %[2]s.\n\nRydych bellach yn dilyn adroddiad %[2]s yn lle hynny. Byddwn yn rhoi gwybod i chi pan fydd wedi’i gau.",
	"Report %[1]s (%[3]s), which you follow, is a duplicate of report %[2]s. You now follow %[2]s and we will text you when it is closed.":                                                                       "Mae adroddiad %[1]s (%[3]s), rydych yn ei ddilyn, yn ddyblyg o adroddiad %[2]s. Rydych bellach yn dilyn %[2]s a byddwn yn anfon neges destun atoch pan fydd wedi’i gau.",
}
