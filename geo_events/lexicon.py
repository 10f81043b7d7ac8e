"""Word lists the recogniser uses, written by us. Data, not logic: extend freely.

Sources of the entries: general English usage, AP style state abbreviations, and ISO country
codes. None is tuned to an evaluation document.
"""

from __future__ import annotations

# Adjective/demonym -> ISO country code: context for resolving, never a mention by itself.
DEMONYMS: dict[str, str] = {
    "iraqi": "IQ", "iraqis": "IQ", "syrian": "SY", "syrians": "SY", "american": "US",
    "americans": "US", "british": "GB", "briton": "GB", "britons": "GB",
    "english": "GB", "scottish": "GB", "welsh": "GB", "french": "FR", "german": "DE",
    "germans": "DE", "russian": "RU", "russians": "RU", "turkish": "TR", "turks": "TR",
    "iranian": "IR", "iranians": "IR", "afghan": "AF", "afghans": "AF", "pakistani": "PK",
    "israeli": "IL", "israelis": "IL", "palestinian": "PS", "palestinians": "PS",
    "lebanese": "LB", "libyan": "LY", "libyans": "LY", "egyptian": "EG", "egyptians": "EG",
    "saudi": "SA", "saudis": "SA", "yemeni": "YE", "jordanian": "JO", "kuwaiti": "KW",
    "qatari": "QA", "emirati": "AE", "omani": "OM", "bahraini": "BH", "chinese": "CN",
    "japanese": "JP", "korean": "KR", "indian": "IN", "indians": "IN", "bangladeshi": "BD",
    "mexican": "MX", "mexicans": "MX", "canadian": "CA", "canadians": "CA",
    "brazilian": "BR", "argentine": "AR", "colombian": "CO", "venezuelan": "VE",
    "peruvian": "PE", "chilean": "CL", "cuban": "CU", "haitian": "HT", "ukrainian": "UA",
    "ukrainians": "UA", "polish": "PL", "italian": "IT", "spanish": "ES", "portuguese": "PT",
    "dutch": "NL", "belgian": "BE", "swiss": "CH", "austrian": "AT", "swedish": "SE",
    "norwegian": "NO", "danish": "DK", "finnish": "FI", "greek": "GR", "irish": "IE",
    "nigerian": "NG", "somali": "SO", "kenyan": "KE", "ethiopian": "ET", "sudanese": "SD",
    "south sudanese": "SS", "congolese": "CD", "malian": "ML", "ugandan": "UG",
    "tanzanian": "TZ", "rwandan": "RW", "zimbabwean": "ZW", "south african": "ZA",
    "algerian": "DZ", "moroccan": "MA", "tunisian": "TN", "australian": "AU",
    "new zealander": "NZ", "new zealanders": "NZ", "cypriot": "CY", "cypriots": "CY",
    "sinhalese": "LK", "nepali": "NP", "laotian": "LA", "fijian": "FJ", "costa rican": "CR",
    "jamaican": "JM", "argentinian": "AR", "uruguayan": "UY", "paraguayan": "PY",
    "ivorian": "CI", "indonesian": "ID", "filipino": "PH", "philippine": "PH",
    "vietnamese": "VN", "thai": "TH", "burmese": "MM", "malaysian": "MY",
    "singaporean": "SG", "taiwanese": "TW", "sri lankan": "LK", "nepalese": "NP",
    "georgian": "GE", "armenian": "AM", "azerbaijani": "AZ", "kazakh": "KZ", "uzbek": "UZ",
    "serbian": "RS", "croatian": "HR", "bosnian": "BA", "hungarian": "HU", "czech": "CZ",
    "slovak": "SK", "romanian": "RO", "bulgarian": "BG", "belarusian": "BY",
    "liberian": "LR", "sierra leonean": "SL", "guinean": "GN", "ghanaian": "GH",
    "senegalese": "SN", "cameroonian": "CM", "angolan": "AO", "mozambican": "MZ",
    "haitians": "HT", "salvadoran": "SV", "guatemalan": "GT", "honduran": "HN",
    "nicaraguan": "NI", "panamanian": "PA", "ecuadorian": "EC", "bolivian": "BO",
    "afghani": "AF",
    "albanian": "AL",
    "burundian": "BI",
    "cambodian": "KH",
    "chadian": "TD",
    "djiboutian": "DJ",
    "eritrean": "ER",
    "estonian": "EE",
    "icelandic": "IS",
    "kosovan": "XK",
    "kyrgyz": "KG",
    "latvian": "LV",
    "lithuanian": "LT",
    "macedonian": "MK",
    "malawian": "MW",
    "mauritanian": "MR",
    "moldovan": "MD",
    "mongolian": "MN",
    "montenegrin": "ME",
    "namibian": "NA",
    "nigerien": "NE",
    "north korean": "KP",
    "slovakian": "SK",
    "slovenian": "SI",
    "south korean": "KR",
    "tajik": "TJ",
    "turkmen": "TM",
    "zambian": "ZM",
}

# Country abbreviations: mentions of the country both as a noun ("in the US") and as a
# modifier ("US advisers", as annotated corpora count them), and context for its country.
COUNTRY_ABBREVIATIONS: dict[str, str] = {"us": "US", "u s": "US", "usa": "US", "uk": "GB",
                                         "u k": "GB"}

# AP-style US state abbreviations and postal codes -> GeoNames admin1 key.
US_STATES: dict[str, str] = {
    "ala": "AL", "ariz": "AZ", "ark": "AR", "calif": "CA", "cal": "CA", "colo": "CO",
    "conn": "CT", "del": "DE", "fla": "FL", "ga": "GA", "ill": "IL", "ind": "IN",
    "kan": "KS", "kans": "KS", "ky": "KY", "la": "LA", "md": "MD", "mass": "MA",
    "mich": "MI", "minn": "MN", "miss": "MS", "mo": "MO", "mont": "MT", "neb": "NE",
    "nebr": "NE", "nev": "NV", "n h": "NH", "n j": "NJ", "n m": "NM", "n y": "NY",
    "n c": "NC", "n d": "ND", "okla": "OK", "ore": "OR", "pa": "PA", "r i": "RI",
    "s c": "SC", "s d": "SD", "tenn": "TN", "tex": "TX", "vt": "VT", "va": "VA",
    "wash": "WA", "w va": "WV", "wis": "WI", "wyo": "WY",
}
US_POSTAL = frozenset(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ "
    "NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC".split())

# Words that may precede a personal name: a following capitalised word is a person.
PERSON_TITLES = frozenset(
    "mr mrs ms miss dr sir lord lady president vice senator sen rep gov governor mayor "
    "secretary minister prime premier king queen prince princess general gen col colonel "
    "lt lieutenant capt captain sgt sergeant maj major adm admiral chancellor pope "
    "father rev reverend sheikh imam ayatollah judge justice chief officer spokesman "
    "spokeswoman spokesperson coach commissioner councilman councilwoman superintendent "
    "professor prof detective deputy sheriff trooper agent ambassador envoy emir "
    "sens reps govs gens drs messrs".split())

# Capitalised words that, right after a place name, make the chunk an organisation or a
# thing rather than a place ("Washington Post", "Texas Rangers", "Boston Marathon").
ORG_AFTER = frozenset(
    "day dinner award awards prize trophy lecture "
    "post times journal herald tribune gazette chronicle observer telegraph globe "
    "inquirer examiner dispatch courier sentinel bulletin register magazine "
    "rangers cowboys giants yankees lakers bulls raiders mets jets nets knicks celtics "
    "patriots packers steelers dolphins redskins braves cubs marlins padres pirates "
    "mariners orioles royals twins athletics angels dodgers warriors heat thunder "
    "times-picayune post-dispatch journal-constitution".split())

# Capitalised words that keep the place inside the chunk a place mention
# ("Anbar Province", "Baghdad Operations Command", "Kirkuk Provincial Council").
# Lower-case words that, hyphenated to a name, say where something is or comes from
# ("Baghdad-based", "Texas-born", "London-bound"): the name is a place mention.
LOCATIVE_SUFFIXES = frozenset("based born bred bound raised headquartered area region".split())

PLACE_AFTER = frozenset(
    "province governorate county district region state city town village municipality "
    "parish oblast prefecture canton borough township valley river lake airport airbase "
    "operations command provincial council police".split()) | LOCATIVE_SUFFIXES

# Capitalised words after a place name that make an institution named after the place: the
# place is still mentioned ("Ohio Department of Health", "Texas Supreme Court").
INSTITUTION_AFTER = frozenset(
    "department dept court supreme state university college school schools board "
    "association police sheriff sheriff's fire health hospital medical city county "
    "commission council district church diocese public community regional national "
    "general assembly legislature senate house office agency authority bureau guard "
    "highway patrol transit water power energy electric gas port airport library museum "
    "zoo park parks chamber tourism emergency management division center centre "
    "memorial high middle elementary area metropolitan volunteer senior boys girls "
    "rotary kiwanis lions rescue youth junior juniors little historical heritage arts "
    "art food farmers garden symphony theatre theater singers players rodeo fair "
    "festival".split())

# Cue words before a name that signal a place ("in", "near", "town of" ...).
PLACE_CUES_BEFORE = frozenset(
    "in near at from to into outside across toward towards around via through of "
    "province governorate town city village district county region capital "
    "north south east west northern southern eastern western central northeast northwest "
    "southeast southwest northeastern northwestern southeastern southwestern upstate "
    "downstate greater metro metropolitan rural suburban coastal downtown uptown".split())

# Connectors allowed inside multi-word names ("Bay of Pigs", "Rio de Janeiro").
CONNECTORS = frozenset("of de la le du del des da do dos das the and on upon sur am an im "
                       "al el ad ar as at az ash".split())

# Common capitalised words that are also small gazetteer entries but in news are almost
# never places on their own. Prominent places (capitals, countries) are not blocked by this.
STOP = frozenset(
    "i a an the it he she we they you this that these those there here then when where what "
    "who why how mr mrs ms dr st ap reuters afp bbc cnn monday tuesday wednesday thursday "
    "friday saturday sunday january february march april may june july august september "
    "october november december god lord christ jesus allah christmas easter ramadan eid "
    "republican republicans democrat democrats democratic congress senate house police army "
    "navy state city county university church school hospital government president "
    "mayor governor minister new old north south east west northern southern eastern "
    "western central upper lower great little big man woman people guard union liberty "
    "independence victory hope unity justice freedom peace providence commerce industry "
    "enterprise progress mission opportunity chance fortune luck star sun moon "
    "born said says told added according also however but and or for with without "
    "health education science business sports weather jan feb mar apr jun jul aug sep sept "
    "oct nov dec sen rep gov council board court county's hamas hezbollah hizbollah taliban "
    "nato isis isil daesh qaeda al-qaeda fatah reuters route pack passover northwest "
    "northeast southwest southeast arab center centre metro chamber gulf street the city "
    "college titan dow swat highway interstate avenue toyota honda nissan microsoft google "
    "aids hiv mrsa usda fao xinhua drug bureau royal village king pope commissioner patrol "
    "superior sgt cpl pvt boko artillery obama jewish muslim christian catholic islamic "
    "ismaili shia shiite sunni olympic".split()) | {"white house", "the city"}

# Common English given names: standing alone, or before another capitalised word, they are
# people far more often than the small places that share them.
FIRST_NAMES = frozenset(
    "aaron adam alan albert alex alexander alice allen amanda amy andrea andrew angela anna "
    "anne anthony arthur ashley barbara barry ben benjamin betty beverly bill billy bob bobby "
    "bonnie brad bradley brandon brenda brian bruce bryan carl carol caroline carolyn "
    "catherine charles charlie cheryl chris christina christine christopher cindy craig "
    "crystal cynthia dale daniel danny darlene dave david dawn dean deborah debra denise "
    "dennis diane dick dolores don donald donna doris dorothy doug douglas earl ed eddie "
    "edward elaine elizabeth ellen emily emma eric erica ethel eugene evelyn frances frank "
    "fred gary george gerald gladys glenn gloria grace greg gregory hailey harold harry "
    "heather helen henry holly howard jack jacob james jamie jane janet janice jason jean "
    "jeff jeffrey jennifer jeremy jerry jessica jim jimmy joan joe joel john johnny jon "
    "jonathan joseph josh joshua joyce juan judith judy julia julie justin karen katherine "
    "kathleen kathryn kathy keith kelly ken kenneth kevin kim kimberly kristina kyle larry "
    "laura lauren lawrence linda lisa lois lori louis louise marcus margaret maria marie "
    "marilyn mark martha martin mary matt matthew megan melissa michael michelle mike "
    "mildred nancy nathan nicholas nicole norma pamela pat patricia patrick paul paula peggy "
    "peter philip phillip rachel ralph randy ray raymond rebecca rick richard rita rob robert "
    "roger ron ronald rose roy russell ruth ryan sally sam samuel sandra sara sarah scott "
    "sean sharon shirley stephanie stephen steve steven susan tammy teresa terry theresa "
    "thomas tim timothy tina todd tom tony tracy vincent walter wanda "
    "wayne wendy william willie".split())

# Verbs of saying: a one-word name right before one is a speaker ("Jones said").
SPEECH_VERBS = frozenset("said says told added asked explained noted wrote claimed argued "
                         "replied stated testified announced".split())
