package web

import "github.com/guildhall-platform/guildhall/internal/lang"

// residentMessages are the Welsh of the front door's other pages (saving
// and coming back, the resident's account, feedback, payment, add another,
// reports and following them, the map) and of the cookies, privacy and
// accessibility pages.
var residentMessages = lang.Catalogue{

	// A report's photos: adding one with an update, and seeing them.
	"Add a photo (optional)": "Ychwanegu llun (dewisol)",
	"A JPG or PNG photo, smaller than 10MB. Only the council will see it.":                                                                           "Llun JPG neu PNG, llai na 10MB. Dim ond y cyngor fydd yn ei weld.",
	"A JPG or PNG photo, smaller than 10MB. Anyone can see it on the report’s public page, without where or when it was taken, unless we remove it.": "Llun JPG neu PNG, llai na 10MB. Gall unrhyw un ei weld ar dudalen gyhoeddus yr adroddiad, heb ble na phryd y cafodd ei dynnu, oni bai ein bod yn ei dynnu i lawr.",
	"The selected file must be a JPG or PNG photo":                                                                                                   "Rhaid i’r ffeil a ddewiswyd fod yn llun JPG neu PNG",
	"The selected file must be smaller than 10MB":                                                                                                    "Rhaid i’r ffeil a ddewiswyd fod yn llai na 10MB",
	"The selected file contains a virus":                                                                                                             "Mae’r ffeil a ddewiswyd yn cynnwys feirws",
	"The selected file could not be checked for viruses – try again later":                                                                           "Nid oedd modd gwirio’r ffeil a ddewiswyd am feirysau – rhowch gynnig arall arni nes ymlaen",
	"Photos":                          "Lluniau",
	"Photo sent with report %s on %s": "Llun a anfonwyd gydag adroddiad %s ar %s",
	"Photo added to report %s on %s":  "Llun a ychwanegwyd at adroddiad %s ar %s",
	"Photo of report %s":              "Llun o adroddiad %s",
	// Saving and coming back.
	"Check your email":       "Gwiriwch eich e-bost",
	"We have sent a link to": "Rydym wedi anfon dolen at",
	"Open it on any device to carry on where you left off. It works once, until %s. After that your answers are deleted.": "Agorwch hi ar unrhyw ddyfais i barhau o’r man lle gwnaethoch adael. Mae’n gweithio unwaith, tan %s. Ar ôl hynny bydd eich atebion yn cael eu dileu.",
	"Asking for another link stops this one working.":                                                                     "Os byddwch yn gofyn am ddolen arall, bydd yr un hon yn stopio gweithio.",
	"Carry on now instead": "Parhau nawr yn lle hynny",
	"We will email you a link to carry on from where you stopped, on this or another device.":                                         "Byddwn yn anfon dolen atoch drwy e-bost i barhau o’r man lle gwnaethoch stopio, ar y ddyfais hon neu ar un arall.",
	"This link has expired or has been used":                                                                                          "Mae’r ddolen hon wedi dod i ben neu wedi cael ei defnyddio",
	"A link to saved answers works once, and only until the date in its email. Asking for a new link also stops the old one working.": "Mae dolen i atebion sydd wedi’u cadw yn gweithio unwaith, a dim ond tan y dyddiad yn ei he-bost. Mae gofyn am ddolen newydd hefyd yn atal yr hen un rhag gweithio.",
	"If you opened the link before, your answers are in the browser you used then.":                                                   "Os gwnaethoch agor y ddolen o’r blaen, mae eich atebion yn y porwr a ddefnyddiwyd gennych bryd hynny.",
	"Start again":                "Dechrau eto",
	"Carry on with your answers": "Parhau gyda’ch atebion",
	"Your saved answers will open in this browser. The link then stops working.": "Bydd eich atebion sydd wedi’u cadw yn agor yn y porwr hwn. Yna bydd y ddolen yn stopio gweithio.",

	// The resident's account.
	"Sign in to your account":        "Mewngofnodi i’ch cyfrif",
	"We have sent a sign-in link to": "Rydym wedi anfon dolen mewngofnodi at",
	"The link works once, for %d minutes. If it does not arrive, check your spam folder.":                                                                        "Mae’r ddolen yn gweithio unwaith, am %d munud. Os nad yw’n cyrraedd, gwiriwch eich ffolder sbam.",
	"You do not need an account to report something or track a request. Signing in lets you see all the requests you made with your email address in one place.": "Nid oes angen cyfrif arnoch i roi gwybod am rywbeth neu i olrhain cais. Mae mewngofnodi yn gadael i chi weld yr holl geisiadau a wnaethoch gyda’ch cyfeiriad e-bost mewn un lle.",
	"We will email you a link to sign in. If you have not signed in before, this makes your account.":                                                            "Byddwn yn anfon dolen atoch drwy e-bost i fewngofnodi. Os nad ydych wedi mewngofnodi o’r blaen, bydd hyn yn creu eich cyfrif.",
	"A sign-in link works once, and only for a short time.":                                                                                                      "Mae dolen fewngofnodi yn gweithio unwaith, a dim ond am gyfnod byr.",
	"Get a new sign-in link": "Cael dolen fewngofnodi newydd",
	"You will be signed in on this browser. The link then stops working.": "Byddwch yn cael eich mewngofnodi ar y porwr hwn. Yna bydd y ddolen yn stopio gweithio.",
	"Requests made with":     "Ceisiadau a wnaed gyda",
	", newest first.":        ", y diweddaraf yn gyntaf.",
	"Reference":              "Cyfeirnod",
	", sent %s":              ", anfonwyd %s",
	"Pages of your requests": "Tudalennau eich ceisiadau",
	"Newest requests":        "Ceisiadau diweddaraf",
	"Older requests":         "Ceisiadau hŷn",
	"You have not made any requests with this address yet.": "Nid ydych wedi gwneud unrhyw geisiadau gyda’r cyfeiriad hwn eto.",
	"Your account":                  "Eich cyfrif",
	"This deletes the account for":  "Mae hyn yn dileu’r cyfrif ar gyfer",
	"and the details it remembers.": "a’r manylion y mae’n eu cofio.",
	"Your requests are not deleted: the council still deals with them and keeps them as the law requires. You can still track them with their reference numbers.": "Ni fydd eich ceisiadau’n cael eu dileu: mae’r cyngor yn dal i ddelio â nhw ac yn eu cadw fel y mae’r gyfraith yn ei gwneud yn ofynnol. Gallwch barhau i’w holrhain gyda’u cyfeirnodau.",
	"Your account has been deleted": "Mae eich cyfrif wedi cael ei ddileu",
	"You have been signed out. You can sign in again with the same address at any time; that makes a new account.": "Rydych wedi cael eich allgofnodi. Gallwch fewngofnodi eto gyda’r un cyfeiriad ar unrhyw adeg; bydd hynny’n creu cyfrif newydd.",

	// Feedback.
	"How did we do?":              "Sut wnaethon ni?",
	"Thank you for your feedback": "Diolch am eich adborth",
	"You can tell us how we did once for each request. If you have already answered, thank you: your answer has been kept.": "Gallwch ddweud wrthym sut wnaethon ni unwaith ar gyfer pob cais. Os ydych wedi ateb yn barod, diolch: mae eich ateb wedi cael ei gadw.",
	"We read every answer and use them to improve %s.":                                                                      "Rydym yn darllen pob ateb ac yn eu defnyddio i wella %s.",
	"Find another council service": "Dod o hyd i wasanaeth cyngor arall",

	// Reports near the place chosen, and following them.
	"Has it already been reported?": "Oes rhywun wedi rhoi gwybod am hyn yn barod?",
	"This open report is near the place you chose. If one is your problem, follow it and we will tell you when it is fixed.":    "Mae’r adroddiad agored hwn yn agos at y lle a ddewisoch. Os mai dyma’ch problem chi, dilynwch ef a byddwn yn rhoi gwybod i chi pan fydd wedi’i datrys.",
	"These open reports are near the place you chose. If one is your problem, follow it and we will tell you when it is fixed.": "Mae’r adroddiadau agored hyn yn agos at y lle a ddewisoch. Os yw un ohonynt yn broblem i chi, dilynwch ef a byddwn yn rhoi gwybod i chi pan fydd wedi’i datrys.",
	"%s: report %s":              "%s: adroddiad %s",
	"about %d metres away":       "tua %d metr i ffwrdd",
	"Reported":                   "Dyddiad rhoi gwybod",
	"Reported %s":                "Rhoddwyd gwybod %s",
	"Is it a different problem?": "Ydy hi’n broblem wahanol?",
	"Where":                      "Ble",
	"Map point":                  "Pwynt ar y map",
	"Latitude %s, longitude %s":  "Lledred %s, hydred %s",
	"(rounded, so the exact spot is not published)": "(wedi’i dalgrynnu, fel nad yw’r union fan yn cael ei gyhoeddi)",
	"What has happened":                             "Beth sydd wedi digwydd",
	"Reports near you":                              "Adroddiadau yn agos atoch",
	"See the problems people have reported near a place, and what we are doing about them.": "Gweld y problemau y mae pobl wedi rhoi gwybod amdanynt yn agos at le, a beth rydym yn ei wneud amdanynt.",
	"Postcode or street":                                                "Cod post neu stryd",
	"Find reports":                                                      "Dod o hyd i adroddiadau",
	"Which place did you mean?":                                         "Pa le oeddech chi’n ei olygu?",
	"No reports within %d metres of %s":                                 "Dim adroddiadau o fewn %d metr i %s",
	"1 report within %d metres of %s":                                   "1 adroddiad o fewn %d metr i %s",
	"%d reports within %d metres of %s":                                 "%d adroddiad o fewn %d metr i %s",
	"Showing %d to %d of %d, nearest first":                             "Yn dangos %d i %d o %d, yr agosaf yn gyntaf",
	"We could not find that postcode or street. Check it and try again": "Ni allem ddod o hyd i’r cod post neu’r stryd honno. Gwiriwch ef a rhowch gynnig arall arni",
	"the place you chose":                                               "y lle a ddewisoch",
	"report %s":                                                         "adroddiad %s",
	"See what has been reported near a postcode or street":              "Gweld beth sydd wedi’i adrodd yn agos at god post neu stryd",
	"See other reports near here":                                       "Gweld adroddiadau eraill yn agos at yma",
	"Update from the council":                                           "Diweddariad gan y cyngor",
	"Is this the problem you wanted to report? Follow it instead of reporting it again.": "Ai dyma’r broblem roeddech am roi gwybod amdani? Dilynwch yr adroddiad hwn yn lle rhoi gwybod amdani eto.",
	"Did you make this report?":                        "Ai chi wnaeth yr adroddiad hwn?",
	"Track it with your email address or phone number": "Olrheiniwch ef gyda’ch cyfeiriad e-bost neu’ch rhif ffôn",
	"to see the messages we sent you.":                 "i weld y negeseuon a anfonwyd atoch.",
	"You are following report %s":                      "Rydych yn dilyn adroddiad %s",
	"We have sent you a message to confirm it. We will tell you each time the report is updated.": "Rydym wedi anfon neges atoch i gadarnhau hyn. Byddwn yn rhoi gwybod i chi bob tro y caiff yr adroddiad ei ddiweddaru.",
	"You do not need to report this problem again.":                                               "Nid oes angen i chi roi gwybod am y broblem hon eto.",
	"See the report": "Gweld yr adroddiad",

	// A place outside the council's area.
	"Report this to %s":              "Rhowch wybod i %s am hyn",
	"This place is outside our area": "Mae’r lle hwn y tu allan i’n hardal ni",
	"The place you chose is not in %s’s area. %s looks after it, so we cannot take this report.": "Nid yw’r lle a ddewisoch yn ardal %s. %s sy’n gofalu amdano, felly ni allwn dderbyn yr adroddiad hwn.",
	"Report it on %s’s website": "Rhowch wybod amdano ar wefan %s",
	"The place you chose is not in %s’s area, so we cannot take this report.": "Nid yw’r lle a ddewisoch yn ardal %s, felly ni allwn dderbyn yr adroddiad hwn.",
	"Find the council for that place on GOV.UK":                               "Dod o hyd i’r cyngor ar gyfer y lle hwnnw ar GOV.UK",
	"Choose a different place":                                                "Dewis lle gwahanol",

	// The map of a location question.
	"Choose the place on the map: drag or use the arrow keys to move it, the zoom buttons or the + and − keys to zoom, then select the place or press Enter to choose the middle.": "Dewiswch y lle ar y map: llusgwch neu defnyddiwch y bysellau saeth i’w symud, y botymau chwyddo neu’r bysellau + a − i chwyddo, yna dewiswch y lle neu pwyswch Enter i ddewis y canol.",
	"Map to choose the place":                "Map i ddewis y lle",
	"Zoom in":                                "Chwyddo i mewn",
	"Zoom out":                               "Chwyddo allan",
	"Use my location":                        "Defnyddio fy lleoliad",
	"Map: %s":                                "Map: %s",
	"You chose the place marked on the map.": "Rydych wedi dewis y lle sydd wedi’i farcio ar y map.",
	"Finding your location…":                 "Wrthi’n dod o hyd i’ch lleoliad…",
	"We could not find your location. Choose the place on the map or search for it.": "Ni allem ddod o hyd i’ch lleoliad. Dewiswch y lle ar y map neu chwiliwch amdano.",

	// The maps of reports.
	"The map shows where the reports listed below are. Drag or use the arrow keys to move it, and the zoom buttons or the + and − keys to zoom. Select a pin, or move one to the middle and press Enter, to open its report.": "Mae’r map yn dangos ble mae’r adroddiadau a restrir isod. Llusgwch neu defnyddiwch y bysellau saeth i’w symud, a’r botymau chwyddo neu’r bysellau + a − i chwyddo. Dewiswch bin, neu symudwch un i’r canol a phwyso Enter, i agor ei adroddiad.",
	"The map shows where the report is. Drag or use the arrow keys to move it, and the zoom buttons or the + and − keys to zoom.":                                                                                             "Mae’r map yn dangos ble mae’r adroddiad. Llusgwch neu defnyddiwch y bysellau saeth i’w symud, a’r botymau chwyddo neu’r bysellau + a − i chwyddo.",
	"Map of the reports listed": "Map o’r adroddiadau a restrir",
	"Map of the report":         "Map o’r adroddiad",

	// Add another.
	"Remove": "Dileu",

	// The accessibility statement.
	"This statement applies to the online services of %s run on Guildhall.":                       "Mae’r datganiad hwn yn berthnasol i wasanaethau ar-lein %s sy’n rhedeg ar Guildhall.",
	"We want as many people as possible to be able to use these services. You should be able to:": "Rydym eisiau i gymaint o bobl â phosibl allu defnyddio’r gwasanaethau hyn. Dylech allu:",
	"change colours, contrast levels and fonts using browser or device settings":                  "newid lliwiau, lefelau cyferbyniad a ffontiau gan ddefnyddio gosodiadau’r porwr neu’r ddyfais",
	"zoom in up to 400% without the text spilling off the screen":                                 "chwyddo hyd at 400% heb i’r testun ddiflannu oddi ar y sgrin",
	"navigate the whole service using just a keyboard or speech recognition software":             "llywio drwy’r gwasanaeth cyfan gan ddefnyddio bysellfwrdd neu feddalwedd adnabod lleferydd yn unig",
	"listen to the service using a screen reader":                                                 "gwrando ar y gwasanaeth gan ddefnyddio darllenydd sgrin",
	"use the service with JavaScript turned off":                                                  "defnyddio’r gwasanaeth gyda JavaScript wedi’i ddiffodd",
	"How accessible these services are":                                                           "Pa mor hygyrch yw’r gwasanaethau hyn",
	"The pages are built with the GOV.UK Design System and are tested in a real browser with automated accessibility checks against the Web Content Accessibility Guidelines (WCAG) version 2.2 AA standard on every change.": "Mae’r tudalennau wedi’u hadeiladu gyda System Ddylunio GOV.UK ac yn cael eu profi mewn porwr go iawn, gyda gwiriadau hygyrchedd awtomatig yn erbyn safon AA fersiwn 2.2 o Ganllawiau Hygyrchedd Cynnwys y We (WCAG), bob tro y bydd rhywbeth yn newid.",
	"If you need help": "Os oes angen help arnoch",
	"If you cannot use a service online, contact the council and an officer can fill it in for you.": "Os na allwch ddefnyddio gwasanaeth ar-lein, cysylltwch â’r cyngor a gall swyddog ei lenwi ar eich rhan.",
	"Enforcement procedure": "Y drefn orfodi",
	"The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support Service (EASS).": "Y Comisiwn Cydraddoldeb a Hawliau Dynol (EHRC) sy’n gyfrifol am orfodi Rheoliadau Hygyrchedd Cyrff y Sector Cyhoeddus (Gwefannau a Rhaglenni Symudol) (Rhif 2) 2018. Os nad ydych yn fodlon â’r ffordd rydym yn ymateb i’ch cwyn, cysylltwch â’r Gwasanaeth Cynghori a Chymorth Cydraddoldeb (EASS).",

	// Cookies.
	"Cookies are small files saved on your phone, tablet or computer when you visit a website.":                                                              "Ffeiliau bach yw cwcis sy’n cael eu cadw ar eich ffôn, eich llechen neu eich cyfrifiadur pan fyddwch yn ymweld â gwefan.",
	"We only use cookies that are essential to make these services work. We do not use analytics or advertising cookies, so we do not ask for your consent.": "Dim ond cwcis sy’n hanfodol i wneud i’r gwasanaethau hyn weithio rydym yn eu defnyddio. Nid ydym yn defnyddio cwcis dadansoddi na hysbysebu, felly nid ydym yn gofyn am eich caniatâd.",
	"Essential cookies": "Cwcis hanfodol",
	"Name":              "Enw",
	"Purpose":           "Diben",
	"Expires":           "Yn dod i ben",
	"Keeps your answers while you fill in a form":  "Yn cadw eich atebion tra byddwch yn llenwi ffurflen",
	"When you close your browser":                  "Pan fyddwch yn cau eich porwr",
	"Remembers whether you chose English or Welsh": "Yn cofio a wnaethoch ddewis Cymraeg neu Saesneg",
	"After 1 year": "Ar ôl 1 flwyddyn",
	"Protects forms from being sent by other websites": "Yn atal gwefannau eraill rhag anfon ffurflenni",
	"Keeps council staff signed in":                    "Yn cadw staff y cyngor wedi mewngofnodi",
	"When staff sign out":                              "Pan fydd staff yn allgofnodi",

	// The privacy notice.
	"%s is the data controller for the information you give in these services.": "%s yw’r rheolydd data ar gyfer yr wybodaeth rydych yn ei rhoi yn y gwasanaethau hyn.",
	"What we use your information for":                                          "Ar gyfer beth rydym yn defnyddio eich gwybodaeth",
	"We use it to deal with your request, to contact you about it and, where the law requires, to keep a record of it. Each service says what it asks for and why.": "Rydym yn ei defnyddio i ddelio â’ch cais, i gysylltu â chi amdano ac, os yw’r gyfraith yn gofyn am hynny, i gadw cofnod ohono. Mae pob gwasanaeth yn dweud beth mae’n gofyn amdano a pham.",
	"How long we keep it": "Am ba hyd rydym yn ei chadw",
	"Each kind of request has a retention period set by law or by the council's records policy. Answers you start but do not send are deleted 7 days after you last change them, and any files you uploaded with them the day after that.": "Mae gan bob math o gais gyfnod cadw sydd wedi’i bennu gan y gyfraith neu gan bolisi cofnodion y cyngor. Mae atebion rydych yn eu dechrau ond nad ydych yn eu hanfon yn cael eu dileu 7 diwrnod ar ôl i chi eu newid ddiwethaf, ac unrhyw ffeiliau a lanlwythwyd gennych gyda nhw y diwrnod ar ôl hynny.",
	"Your rights": "Eich hawliau",
	"You can ask for a copy of the information we hold about you by making a subject access request, and you can ask us to correct it. You can complain to the Information Commissioner's Office (ICO).": "Gallwch ofyn am gopi o’r wybodaeth sydd gennym amdanoch drwy wneud cais am fynediad at ddata gan y testun, a gallwch ofyn i ni ei chywiro. Gallwch gwyno i Swyddfa’r Comisiynydd Gwybodaeth (ICO).",

	// Add another.
	"You have added %s":                        "Rydych wedi ychwanegu %s",
	"Do you need to add another %s?":           "Oes angen i chi ychwanegu %s arall?",
	"Select yes if you need to add another %s": "Dewiswch ‘Ie’ os oes angen i chi ychwanegu %s arall",
	"You have added the most %s you can (%d).": "Rydych wedi ychwanegu’r nifer fwyaf o %[1]s y gallwch ei ychwanegu (%[2]d).",
	"Are you sure you want to remove %s?":      "Ydych chi’n siŵr eich bod am ddileu %s?",
	"Select yes if you want to remove %s":      "Dewiswch ‘Ie’ os ydych am ddileu %s",

	// Payment problems (GOV.UK Pay's own pages and emails are in the
	// language the payment is made in).
	"Your payment was declined":                          "Cafodd eich taliad ei wrthod",
	"Your payment session timed out":                     "Daeth eich sesiwn dalu i ben",
	"Your payment was cancelled":                         "Cafodd eich taliad ei ganslo",
	"Sorry, there is a problem with the payment service": "Mae’n ddrwg gennym, mae problem gyda’r gwasanaeth talu",
	"Your card has not been charged. Check your card details and try again, or use a different card.": "Nid oes arian wedi’i gymryd o’ch cerdyn. Gwiriwch fanylion eich cerdyn a rhowch gynnig arall arni, neu defnyddiwch gerdyn gwahanol.",
	"You have not been charged. Your answers have been kept, so you can try again now.":               "Nid ydych wedi talu dim. Mae eich atebion wedi’u cadw, felly gallwch roi cynnig arall arni nawr.",
	"You have not been charged. Your answers have been kept, so you can pay when you are ready.":      "Nid ydych wedi talu dim. Mae eich atebion wedi’u cadw, felly gallwch dalu pan fyddwch yn barod.",
	"You have not been charged. Your answers have been kept, so you can try again.":                   "Nid ydych wedi talu dim. Mae eich atebion wedi’u cadw, felly gallwch roi cynnig arall arni.",
	"You have not been charged. Your answers have been kept. Try again later.":                        "Nid ydych wedi talu dim. Mae eich atebion wedi’u cadw. Rhowch gynnig arall arni yn nes ymlaen.",

	// Email addresses, asked for by several pages.
	"Email address":            "Cyfeiriad e-bost",
	"Enter your email address": "Rhowch eich cyfeiriad e-bost",
	"Enter an email address in the correct format, like name@example.com":                            "Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.com",
	"We will send a link to this address. It does not contain your answers.":                         "Byddwn yn anfon dolen i’r cyfeiriad hwn. Nid yw’n cynnwys eich atebion.",
	"Use the address you gave when you made your requests.":                                          "Defnyddiwch y cyfeiriad a roesoch pan wnaethoch eich ceisiadau.",
	"We have sent %d links to this address in the last hour. Use the newest one, or try again later": "Rydym wedi anfon %d dolen i’r cyfeiriad hwn yn yr awr ddiwethaf. Defnyddiwch yr un ddiweddaraf, neu rhowch gynnig arall arni yn nes ymlaen",

	// Following a report.
	"Email address or mobile number":                                                       "Cyfeiriad e-bost neu rif ffôn symudol",
	"We will tell you each time the report is updated.":                                    "Byddwn yn rhoi gwybod i chi bob tro y caiff yr adroddiad ei ddiweddaru.",
	"Enter an email address or a UK mobile number, like name@example.com or 07700 900 982": "Rhowch gyfeiriad e-bost neu rif ffôn symudol yn y DU, fel enw@enghraifft.com neu 07700 900 982",
	"This report is closed, so it cannot be followed":                                      "Mae’r adroddiad hwn wedi’i gau, felly ni ellir ei ddilyn",

	// The feedback question.
	"Overall, how did you feel about the service you received?": "Yn gyffredinol, sut oeddech chi’n teimlo am y gwasanaeth a gawsoch?",
	"Very satisfied":                    "Bodlon iawn",
	"Satisfied":                         "Bodlon",
	"Neither satisfied or dissatisfied": "Ddim yn fodlon nac yn anfodlon",
	"Dissatisfied":                      "Anfodlon",
	"Very dissatisfied":                 "Anfodlon iawn",
	"How could we improve this service? (optional)":                                                                 "Sut gallem wella’r gwasanaeth hwn? (dewisol)",
	"Do not include personal or financial information, like your National Insurance number or credit card details.": "Peidiwch â chynnwys gwybodaeth bersonol neu ariannol, fel eich rhif Yswiriant Gwladol neu fanylion eich cerdyn credyd.",
	"Select how you feel about the service you received":                                                            "Dewiswch sut rydych yn teimlo am y gwasanaeth a gawsoch",
	"Your comment must be 1200 characters or fewer":                                                                 "Rhaid i’ch sylw fod yn 1200 o nodau neu lai",

	// Finding a place.
	"Search by postcode or street name": "Chwilio yn ôl cod post neu enw stryd",
	"Select the place":                  "Dewiswch y lle",

	// The emails the front door sends itself. A council's name follows
	// words that do not mutate it ("ar gyfer", a genitive), since it is a
	// value.
	"Your saved answers: %s": "Eich atebion sydd wedi’u cadw: %s",
	"You saved your answers to \"%s\".\n\nTo carry on, open this link on any device:\n%s\n\nThe link works once, until %s. After that your answers are deleted.\n\nIf you did not ask for this link, you can ignore this email.\n\n%s": "Rydych wedi cadw eich atebion i “%s”.\n\nI barhau, agorwch y ddolen hon ar unrhyw ddyfais:\n%s\n\nMae’r ddolen yn gweithio unwaith, tan %s. Ar ôl hynny bydd eich atebion yn cael eu dileu.\n\nOs na wnaethoch ofyn am y ddolen hon, gallwch anwybyddu’r e-bost hwn.\n\n%s",
	"Sign in to %s": "Eich dolen fewngofnodi ar gyfer %s",
	"Use this link to sign in to your %s account:\n%s\n\nThe link works once, until %s.\n\nIf you did not ask to sign in, you can ignore this email. Nobody can sign in without the link.\n\n%s": "Defnyddiwch y ddolen hon i fewngofnodi i’ch cyfrif %s:\n%s\n\nMae’r ddolen yn gweithio unwaith, tan %s.\n\nOs na wnaethoch ofyn am gael mewngofnodi, gallwch anwybyddu’r e-bost hwn. Ni all neb fewngofnodi heb y ddolen.\n\n%s",
	// The fee paid is not the fee of the answers now (frontdoor renderFeeChanged).
	"Your answers changed while you were paying":                            "Newidiodd eich atebion tra oeddech yn talu",
	"You paid %s, but you changed your answers while you were paying.":      "Gwnaethoch dalu %s, ond gwnaethoch newid eich atebion tra oeddech yn talu.",
	"The fee for your answers is now %s.":                                   "Y ffi am eich atebion nawr yw %s.",
	"Pay again to send your request. We will refund the %s you paid first.": "Talwch eto i anfon eich cais. Byddwn yn ad-dalu’r %s a daloch gyntaf.",
}
