"""openai-kit's own word lists, the raw material of the mock's generated text and values.

Plain English words and names, US states, countries, colours (the CSS names)
and currency codes (ISO 4217), written out here so the mock server needs no
text-generation package: nothing extra is installed with the ``mock`` extra,
and the lists, hence every seeded answer, are the same wherever it runs.
"""

from __future__ import annotations

__all__ = [
    "ADJECTIVES",
    "CITY_PREFIXES",
    "CITY_SUFFIXES",
    "COLORS",
    "COMPANY_SUFFIXES",
    "COUNTRIES",
    "CURRENCIES",
    "FIRST_NAMES",
    "JOBS",
    "LAST_NAMES",
    "STATES",
    "STREET_SUFFIXES",
    "WORDS",
]


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


WORDS = _split(
    """
    a able about above accept across act action add address admit adult affect after again
    against age agency agent ago agree ahead air all allow almost alone along already also
    although always among amount analysis and animal another answer any anyone appear apply
    approach area argue arm around arrive art article artist as ask assume at attack attention
    audience author authority available avoid away baby back bad bag ball bank bar base be beat
    beautiful because become bed before begin behavior behind believe benefit best better between
    beyond big bill bit black blood blue board body book born both box boy break bring brother
    budget build building business but buy by call camera campaign can capital car card care
    career carry case catch cause cell center central century certain chair challenge chance
    change character charge check child choice choose church citizen city civil claim class
    clear clearly close coach cold collection college color come common community company
    compare computer concern condition conference consider consumer contain continue control
    cost could country couple course court cover create crime cultural culture cup current
    customer cut dark data daughter day dead deal death debate decade decide decision deep
    defense degree democratic describe design despite detail determine develop difference
    different difficult dinner direction director discover discuss disease do doctor dog door
    down draw dream drive drop during each early east easy eat economic economy edge education
    effect effort eight either election else employee end energy enjoy enough enter entire
    environment especially establish even evening event ever every evidence exactly example
    executive exist expect experience expert explain eye face fact factor fail fall family far
    fast father fear federal feel feeling few field fight figure fill film final finally
    financial find fine finger finish fire firm first fish five floor fly focus follow food
    foot for force foreign forget form former forward four free friend from front full fund
    future game garden gas general generation get girl give glass go goal good government great
    green ground group grow growth guess gun guy hair half hand hang happen happy hard have he
    head health hear heart heat heavy help her here herself high him himself his history hit
    hold home hope hospital hot hotel hour house how however huge human hundred husband idea
    identify if image imagine impact important improve in include including increase indeed
    indicate individual industry information inside instead institution interest interesting
    international interview into investment involve issue it item its itself job join just keep
    key kid kill kind kitchen know knowledge land language large last late later laugh law
    lawyer lay lead leader learn least leave left leg legal less let letter level lie life light
    like likely line list listen little live local long look lose loss lot love low machine
    magazine main maintain major majority make man manage management manager many market
    marriage material matter may maybe me mean measure media medical meet meeting member memory
    mention message method middle might military million mind minute miss mission model modern
    moment money month more morning most mother mouth move movement movie much music must my
    myself name nation national natural nature near nearly necessary need network never new news
    newspaper next nice night no none nor north not note nothing notice now number occur of off
    offer office officer official often oil ok old on once one only onto open operation
    opportunity option or order organization other others our out outside over own owner page
    pain painting paper parent part participant particular particularly partner party pass past
    patient pattern pay peace people per perform performance perhaps period person personal
    phone physical pick picture piece place plan plant play player point police policy political
    politics poor popular population position positive possible power practice prepare present
    president pressure pretty prevent price private probably problem process produce product
    production professional professor program project property protect prove provide public
    pull purpose push put quality question quickly quite race radio raise range rate rather
    reach read ready real reality realize really reason receive recent recently recognize record
    red reduce reflect region relate relationship religious remain remember remove report
    represent republican require research resource respond response responsibility rest result
    return reveal rich right rise risk road rock role room rule run safe same save say scene
    school science scientist score sea season seat second section security see seek seem sell
    send senior sense series serious serve service set seven several shake share she shoot short
    shot should shoulder show side sign significant similar simple simply since sing single
    sister sit site situation six size skill skin small smile so social society soldier some
    somebody someone something sometimes son song soon sort sound source south southern space
    speak special specific speech spend sport spring staff stage stand standard star start state
    statement station stay step still stock stop store story strategy street strong structure
    student study stuff style subject success successful such suddenly suffer suggest summer
    support sure surface system table take talk task tax teach teacher team technology
    television tell ten tend term test than thank that the their them themselves then theory
    there these they thing think third this those though thought thousand threat three through
    throughout throw thus time to today together tonight too top total tough toward town trade
    traditional training travel treat treatment tree trial trip trouble true truth try turn two
    type under understand unit until up upon us use usually value various very victim view
    violence visit voice vote wait walk wall want war watch water way we weapon wear week weight
    well west western what whatever when where whether which while white who whole whom whose
    why wide wife will win wind window wish with within without woman wonder word work worker
    world worry would write writer wrong yard yeah year yes yet you young your yourself
    """
)

FIRST_NAMES = _split(
    """
    Aaron Abigail Adam Adrian Aisha Alan Albert Alexa Alice Alicia Amanda Amir Amy Andre Andrea
    Angela Anna Anthony Ariana Arthur Ashley Audrey Austin Barbara Beatriz Benjamin Bianca Brandon
    Brenda Brian Bruno Caleb Camila Carla Carlos Carmen Caroline Catherine Cecilia Charles
    Chloe Christopher Claire Clara Daniel Daniela David Deborah Diana Diego Dominic Dorothy
    Dylan Edward Elena Elijah Elizabeth Ella Emily Emma Eric Esther Ethan Eva Felix Fiona Frances
    Gabriel Grace Hannah Harold Hassan Hazel Helen Henry Hugo Ian Irene Isaac Isabel Ivan Jack
    Jacob James Jasmine Jason Javier Jennifer Jessica Joan John Jonathan Jose Joseph Joshua Julia
    Julian Justin Karen Katherine Keith Kevin Laura Lauren Leah Leo Liam Lily Linda Lisa Lucas
    Lucy Luis Maria Marcus Margaret Mark Martha Martin Mary Maya Megan Melissa Mia Michael Miguel
    Naomi Natalie Nathan Nicole Noah Nora Oliver Olivia Omar Oscar Patricia Paul Peter Priya
    Rachel Rafael Rebecca Richard Robert Rosa Ruth Ryan Samuel Sara Sarah Sean Sofia Sophie
    Stephen Susan Thomas Timothy Tyler Valentina Victor Victoria Vincent William Yusuf Zoe
    """
)

LAST_NAMES = _split(
    """
    Adams Alexander Allen Alvarez Anderson Bailey Baker Barnes Bell Bennett Brooks Brown Bryant
    Butler Campbell Carter Castillo Chavez Chen Clark Cole Coleman Collins Cook Cooper Cox Cruz
    Davis Diaz Edwards Evans Fisher Flores Ford Foster Garcia Gibson Gomez Gonzalez Gordon Graham
    Gray Green Griffin Hall Hamilton Harris Hayes Henderson Hernandez Hill Howard Hughes Jackson
    James Jenkins Johnson Jones Jordan Kelly Kennedy Kim King Lee Lewis Long Lopez Martin Martinez
    Mason Miller Mitchell Moore Morales Morgan Morris Murphy Murray Myers Nelson Nguyen Ortiz Owens
    Parker Patel Perez Perry Peterson Phillips Powell Price Ramirez Reed Reyes Reynolds Richardson
    Rivera Roberts Robinson Rodriguez Rogers Ross Russell Sanchez Sanders Scott Shaw Simmons Smith
    Stewart Sullivan Taylor Thomas Thompson Torres Turner Walker Wallace Ward Washington Watson
    Wells West White Williams Wilson Wood Wright Young
    """
)

CITY_PREFIXES = ("North", "South", "East", "West", "New", "Lake", "Port", "Fort", "Mount")
CITY_SUFFIXES = ("ville", "ton", "burg", "field", "port", "view", "haven", "mouth", "side", "land")

STATES = (
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
    "Delaware", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas",
    "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota",
    "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey",
    "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon",
    "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah",
    "Vermont", "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming",
)  # fmt: skip

COUNTRIES = (
    "Argentina", "Australia", "Austria", "Bangladesh", "Belgium", "Bolivia", "Brazil", "Bulgaria",
    "Canada", "Chile", "China", "Colombia", "Costa Rica", "Croatia", "Czechia", "Denmark", "Ecuador",
    "Egypt", "Estonia", "Ethiopia", "Finland", "France", "Germany", "Ghana", "Greece", "Hungary",
    "Iceland", "India", "Indonesia", "Ireland", "Israel", "Italy", "Japan", "Jordan", "Kenya",
    "Latvia", "Lithuania", "Luxembourg", "Malaysia", "Mexico", "Morocco", "Nepal", "Netherlands",
    "New Zealand", "Nigeria", "Norway", "Pakistan", "Peru", "Philippines", "Poland", "Portugal",
    "Romania", "Senegal", "Singapore", "Slovakia", "Slovenia", "South Africa", "South Korea",
    "Spain", "Sri Lanka", "Sweden", "Switzerland", "Tanzania", "Thailand", "Tunisia", "Turkey",
    "Uganda", "Ukraine", "United Kingdom", "United States", "Uruguay", "Vietnam", "Zambia",
)  # fmt: skip

STREET_SUFFIXES = (
    "Street", "Avenue", "Road", "Lane", "Drive", "Court", "Place", "Way", "Boulevard", "Terrace",
    "Square", "Crossing", "Parkway", "Trail", "Circle",
)  # fmt: skip

ADJECTIVES = (
    "Blue", "Bright", "Clear", "Golden", "Green", "Silver", "Summit", "United", "Northern",
    "Pacific", "Atlantic", "Modern", "Global", "Prime", "Pioneer", "Harbor", "Cedar", "Granite",
)  # fmt: skip
COMPANY_SUFFIXES = ("Inc", "LLC", "Group", "Ltd", "and Sons", "Partners", "Labs", "Systems")

JOBS = (
    "Accountant", "Architect", "Biologist", "Carpenter", "Chemist", "Civil engineer",
    "Data analyst", "Dentist", "Designer", "Economist", "Editor", "Electrician", "Farmer",
    "Firefighter", "Geologist", "Graphic designer", "Historian", "Journalist", "Lawyer",
    "Librarian", "Mechanic", "Midwife", "Musician", "Nurse", "Nutritionist", "Optician",
    "Paramedic", "Pharmacist", "Photographer", "Physicist", "Physiotherapist", "Pilot",
    "Plumber", "Police officer", "Product manager", "Psychologist", "Radiographer",
    "Sales manager", "Software engineer", "Statistician", "Surveyor", "Teacher", "Translator",
    "Veterinarian", "Web developer", "Writer",
)  # fmt: skip

COLORS = (
    "AliceBlue", "AntiqueWhite", "Aqua", "Aquamarine", "Azure", "Beige", "Bisque", "Black",
    "BlanchedAlmond", "Blue", "BlueViolet", "Brown", "BurlyWood", "CadetBlue", "Chartreuse",
    "Chocolate", "Coral", "CornflowerBlue", "Cornsilk", "Crimson", "Cyan", "DarkBlue", "DarkCyan",
    "DarkGoldenRod", "DarkGray", "DarkGreen", "DarkKhaki", "DarkMagenta", "DarkOliveGreen",
    "DarkOrange", "DarkOrchid", "DarkRed", "DarkSalmon", "DarkSeaGreen", "DarkSlateBlue",
    "DarkTurquoise", "DarkViolet", "DeepPink", "DeepSkyBlue", "DimGray", "DodgerBlue",
    "FireBrick", "FloralWhite", "ForestGreen", "Fuchsia", "Gainsboro", "GhostWhite", "Gold",
    "GoldenRod", "Gray", "Green", "GreenYellow", "HoneyDew", "HotPink", "IndianRed", "Indigo",
    "Ivory", "Khaki", "Lavender", "LavenderBlush", "LawnGreen", "LemonChiffon", "LightBlue",
    "LightCoral", "LightCyan", "LightGreen", "LightPink", "LightSalmon", "LightSeaGreen",
    "LightSkyBlue", "LightSlateGray", "LightSteelBlue", "LightYellow", "Lime", "LimeGreen",
    "Linen", "Magenta", "Maroon", "MediumBlue", "MediumOrchid", "MediumPurple", "MidnightBlue",
    "MintCream", "MistyRose", "Moccasin", "NavajoWhite", "Navy", "OldLace", "Olive", "OliveDrab",
    "Orange", "OrangeRed", "Orchid", "PaleGreen", "PaleTurquoise", "PapayaWhip", "PeachPuff",
    "Peru", "Pink", "Plum", "PowderBlue", "Purple", "Red", "RosyBrown", "RoyalBlue", "SaddleBrown",
    "Salmon", "SandyBrown", "SeaGreen", "SeaShell", "Sienna", "Silver", "SkyBlue", "SlateBlue",
    "SlateGray", "Snow", "SpringGreen", "SteelBlue", "Tan", "Teal", "Thistle", "Tomato",
    "Turquoise", "Violet", "Wheat", "White", "WhiteSmoke", "Yellow", "YellowGreen",
)  # fmt: skip

CURRENCIES = (
    "AED", "ARS", "AUD", "BDT", "BGN", "BRL", "CAD", "CHF", "CLP", "CNY", "COP", "CZK", "DKK",
    "EGP", "EUR", "GBP", "GHS", "HKD", "HUF", "IDR", "ILS", "INR", "ISK", "JOD", "JPY", "KES",
    "KRW", "LKR", "MAD", "MXN", "MYR", "NGN", "NOK", "NPR", "NZD", "PEN", "PHP", "PKR", "PLN",
    "RON", "SEK", "SGD", "THB", "TND", "TRY", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "VND",
    "ZAR", "ZMW",
)  # fmt: skip
