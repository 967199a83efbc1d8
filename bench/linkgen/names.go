package main

import "strings"

// Common UK given names, most frequent first (drawn from ONS baby-name and
// census tables, rounded into order only).
var maleNames = strings.Fields(`john david michael james robert paul peter william richard mark
andrew christopher stephen thomas daniel anthony ian kevin gary simon matthew brian alan
steven martin george edward joseph jonathan philip timothy colin graham keith neil nicholas
benjamin samuel oliver harry jack charles henry alexander patrick frederick raymond ronald
kenneth donald leonard gregory terence lawrence alfred gerald adam luke ryan jamie liam
connor callum kieran dylan ethan noah leo oscar archie muhammad jacob joshua lewis nathan
aaron sean craig ross dean lee wayne darren scott jason barry derek trevor roy norman dennis
stuart gordon malcolm duncan hamish rhys gareth owen dafydd aled emeka chidi tunde kwame
arjun rahul sanjay vikram imran tariq bilal hassan omar piotr tomasz krzysztof marek`)

var femaleNames = strings.Fields(`mary susan margaret elizabeth sarah patricia jennifer karen
helen linda julie catherine ann jane emma claire nicola rachel rebecca victoria laura lisa
deborah amanda samantha michelle joanne louise kate katherine jessica hannah lucy charlotte
sophie emily olivia amelia isla ava mia grace ella chloe megan lauren amy natalie abigail
jacqueline rosemary eleanor joan dorothy barbara pauline sandra christine carol janet
maureen shirley valerie brenda gillian fiona alison heather lorraine tracey sharon donna
kelly stacey leanne gemma kirsty zoe holly poppy freya evie ruby daisy phoebe niamh siobhan
aoife ngozi chioma funmilayo amara priya anjali sunita fatima aisha zainab agnieszka katarzyna`)

// Common British surnames, most frequent first.
var commonSurnames = strings.Fields(`smith jones williams taylor brown davies evans wilson
thomas johnson roberts robinson thompson wright walker white edwards hughes green hall lewis
harris clarke patel jackson wood turner martin cooper hill ward morris moore clark lee king
baker harrison morgan allen james scott phillips watson davis parker price bennett young
griffiths mitchell kelly cook carter richardson bailey collins bell shaw murphy miller cox
richards khan marshall anderson simpson ellis adams singh begum wilkinson foster chapman
powell webb rogers gray mason ali hunt hussain campbell matthews owen palmer holmes mills
barnes knight lloyd butler russell barker fisher stevens jenkins murray dixon harvey graham
pearson ahmed fletcher walsh kaur gibson howard andrews stewart elliott reynolds saunders
payne fox ford pearce day brooks west lawrence cole atkinson bradley spencer gill dawson
ball burton o'brien watts rose booth perry ryan grant wells armstrong francis rees hayes
hart hudson newman barrett webster hunter gregory carr lowe page marsh riley dunn woods
oyelaran okafor adeyemi nowak kowalski mensah chowdhury rahman mahmood iqbal`)

// Syllables for a long tail of plausible surnames, as in real data where
// most surnames are rare.
var (
	surnameHeads = strings.Fields(`ab al ash bar bel ber bran cal car col dal dun el fair far gil
glen ham har hol ken kin lang lay mar mel mor nor os pen pres rad ram red ros sal shel stan
thorn tre wal war wes whit win wood brad crom dray fen grim hart lock nether pol quen sum`)
	surnameMids  = []string{"", "ing", "er", "a", "el", "ow", "en", "i"}
	surnameTails = strings.Fields(`ton ley field worth by ford ham wood well cott stead more land
son ridge bury combe den hurst wick thorpe croft dale gate shaw`)
)

// Nicknames a duplicate may use instead of the formal name.
var nicknames = map[string][]string{
	"john": {"jon", "johnny", "jack"}, "william": {"bill", "will", "billy"}, "robert": {"rob", "bob", "bobby"},
	"richard": {"rick", "dick", "rich"}, "james": {"jim", "jimmy", "jamie"}, "michael": {"mike", "mick"},
	"thomas": {"tom", "tommy"}, "christopher": {"chris"}, "elizabeth": {"liz", "beth", "betty", "lizzie"},
	"margaret": {"maggie", "peggy", "meg"}, "katherine": {"kate", "katie", "kathy"}, "alexander": {"alex"},
	"edward": {"ed", "ted", "eddie"}, "anthony": {"tony"}, "daniel": {"dan", "danny"}, "david": {"dave"},
	"joseph": {"joe"}, "samuel": {"sam"}, "benjamin": {"ben"}, "matthew": {"matt"}, "nicholas": {"nick"},
	"andrew": {"andy"}, "peter": {"pete"}, "stephen": {"steve"}, "charles": {"charlie"}, "henry": {"harry"},
	"susan": {"sue"}, "jennifer": {"jenny"}, "rebecca": {"becky"}, "victoria": {"vicky"}, "deborah": {"debbie"},
	"patricia": {"pat", "trish"}, "frederick": {"fred"}, "timothy": {"tim"}, "samantha": {"sam"},
	"jacqueline": {"jackie"}, "abigail": {"abby"}, "kenneth": {"ken"}, "ronald": {"ron"}, "philip": {"phil"},
	"jessica": {"jess"}, "eleanor": {"ellie"}, "oliver": {"ollie"}, "amanda": {"mandy"}, "gregory": {"greg"},
}

var streetNames = strings.Fields(`acacia albert alexandra alma ash beech birch bridge broad
castle cedar chapel church clarence college coronation denmark derby elm fairfield forest
george gladstone grange green grove hazel high highfield hill holly jubilee kent king kings
lime linden manor maple market meadow mill moor newton north nelson oak orchard park
princes queen queens richmond rose school spring springfield st-johns station stanley
sycamore victoria walnut water well west westfield willow windsor york`)

var streetTypes = []string{"road", "street", "avenue", "lane", "close", "drive", "way", "gardens", "crescent", "place"}

// streetAbbrev is how a clerk might shorten a street type.
var streetAbbrev = map[string]string{"road": "rd", "street": "st", "avenue": "ave", "lane": "ln", "close": "cl",
	"drive": "dr", "gardens": "gdns", "crescent": "cres", "place": "pl"}

// Towns with their postcode areas.
var towns = []struct{ name, area string }{
	{"london", "SE"}, {"london", "N"}, {"london", "E"}, {"london", "SW"}, {"birmingham", "B"}, {"manchester", "M"},
	{"leeds", "LS"}, {"sheffield", "S"}, {"bristol", "BS"}, {"liverpool", "L"}, {"leicester", "LE"},
	{"nottingham", "NG"}, {"coventry", "CV"}, {"bradford", "BD"}, {"cardiff", "CF"}, {"glasgow", "G"},
	{"edinburgh", "EH"}, {"newcastle", "NE"}, {"hull", "HU"}, {"plymouth", "PL"}, {"stoke", "ST"},
	{"wolverhampton", "WV"}, {"derby", "DE"}, {"swansea", "SA"}, {"southampton", "SO"}, {"portsmouth", "PO"},
	{"york", "YO"}, {"oxford", "OX"}, {"cambridge", "CB"}, {"norwich", "NR"}, {"exeter", "EX"},
	{"reading", "RG"}, {"brighton", "BN"}, {"luton", "LU"}, {"milton keynes", "MK"}, {"preston", "PR"},
	{"blackpool", "FY"}, {"bolton", "BL"}, {"wigan", "WN"}, {"warrington", "WA"}, {"chester", "CH"},
	{"ipswich", "IP"}, {"peterborough", "PE"}, {"gloucester", "GL"}, {"worcester", "WR"}, {"lincoln", "LN"},
	{"sunderland", "SR"}, {"middlesbrough", "TS"}, {"huddersfield", "HD"}, {"wakefield", "WF"},
}

var emailDomains = []string{"gmail.com", "hotmail.co.uk", "outlook.com", "yahoo.co.uk", "btinternet.com", "icloud.com", "sky.com"}
