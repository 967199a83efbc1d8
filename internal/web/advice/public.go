package advice

import "github.com/guildhall-platform/guildhall/internal/web"

// publicArea is the residents' part of the area ("Tell us what you need"
// and how the tools work): in the resident's language, as the front door
// is, with the front door's navigation and the link to ask.
var publicArea = web.Area{ServiceName: "Council services", ServiceURL: "/", Bilingual: true, LangSwitch: true,
	Nav: []web.NavItem{{Text: "Find a service", Href: "/"}, {Text: "Tell us what you need", Href: PathAsk},
		{Text: "Track a request", Href: "/track"}}}
