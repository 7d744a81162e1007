"""Small word lists the English name extractor needs (written for this project, public facts).

* `ROLE_WORDS`: titles and roles that introduce a person ("Deputy Minister", "press
  secretary", "Spokeswoman", "Reporter").
* `NOT_NAME_WORDS`: capitalised words that are not parts of person names in news text:
  function words at sentence starts, months and days, countries, nationalities, cities and
  the vocabulary of organisations ("Ministry", "Department", "Security", "Lab").
* `ORGANISATION_WORDS`: words that turn the capitalised words before them into an
  organisation ("Kaspersky Lab", "Gazprom Bank").
* `ENGLISH_FIRST_NAMES`: common given names of English-speaking and other non-Russian
  people, which tell a person from a place and keep their spellings out of Russian checks.
* `ENGLISH_SHORT_FORMS`: English short forms that are not a prefix of their full name (Jake
  for Jacob, Bill for William): the name a person goes by, not another person's name.
"""

from __future__ import annotations


def _words(block: str) -> frozenset[str]:
    return frozenset(word.lower() for word in block.split())


ROLE_WORDS = _words(
    """
    mr mrs ms miss dr prof sir dame lord lady madam mister
    president vice prime premier minister deputy secretary acting foreign defence defense
    interior finance economy justice health education communications press spokesman
    spokeswoman spokesperson representative reporter correspondent journalist editor
    columnist commentator analyst expert economist historian writer author poet novelist
    ambassador envoy consul diplomat chancellor governor mayor senator sen rep congressman
    counsellor counselor administrator
    congresswoman lawmaker deputy mp speaker chairman chairwoman chair chief head director
    executive ceo cfo founder co-founder owner manager leader commander general gen admiral
    colonel col major maj captain capt lieutenant lt sergeant sgt officer agent detective
    inspector marshal judge justice prosecutor attorney lawyer counsel adviser advisor aide
    official officials assistant professor lecturer researcher scientist doctor surgeon
    pope patriarch metropolitan bishop archbishop cardinal father rabbi imam sheikh
    king queen prince princess emperor empress tsar czar
    coach player striker goalkeeper midfielder defender forward winger champion captain actor
    actress singer director producer
    businessman businesswoman billionaire oligarch tycoon activist dissident opposition
    candidate colleague partner wife husband son daughter brother sister mother
    spokesmen spokeswomen ministers presidents reporters secretaries said says told
    """
)

# Role words that, lower-cased before a capitalised run, introduce a person ("press
# secretary Dmitry Peskov", "minister Nikolai Nikiforov", "said Maria Zakharova").
ROLE_BEFORE = ROLE_WORDS - _words("said says told chief head general major father son")

ORGANISATION_WORDS = _words(
    """
    lab labs laboratory group bank inc corp corporation co ltd llc plc company holding
    holdings fund foundation agency service services ministry department office committee
    council commission university institute academy school college hospital airlines airways
    airport party union federation association society club team news times post journal
    herald tribune gazette daily magazine television tv radio channel network press media
    systems technologies technology software security solutions industries motors energy
    oil gas petroleum telecom mobile online market exchange court parliament duma senate
    assembly congress government administration embassy consulate army navy forces
    guard police centre center museum theatre theater church cathedral street avenue square
    station bridge river lake mountain island peninsula region district province republic
    oblast krai city town village kremlin house palace hall tower building
    bureau command headquarters
    """
)

NOT_NAME_WORDS = (
    _words(
        """
    a an the this that these those there here it its he she they we i you his her their our
    my your him them us who whom whose which what when where why how while whereas
    and or but nor so yet for if then than because although though unless until since as
    at by in into on onto of off out over under up down from to with without within about
    above after against along among around before behind below beneath beside besides
    between beyond despite during except inside near outside past per through throughout
    toward towards upon via amid
    however moreover meanwhile furthermore nevertheless nonetheless therefore thus also
    still even only just already again indeed instead otherwise perhaps maybe yes no not
    all any both each every few many most much more less other others some such several
    one two three four five six seven eight nine ten first second third last next new old
    according earlier later today yesterday tomorrow now recently currently finally
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    mr mrs ms dr st
    is are was were be been being has have had do does did will would shall should can
    could might must let
    said says told asked added noted stated according reported
    god lord allah christmas easter ramadan
    russia russian russians ukraine ukrainian ukrainians belarus belarusian america american
    americans usa us u.s uk u.k britain british england english scotland scottish wales
    welsh ireland irish france french germany german germans italy italian spain spanish
    portugal portuguese china chinese japan japanese korea korean india indian pakistan
    iran iranian iraq iraqi syria syrian israel israeli turkey turkish egypt egyptian
    europe european europeans asia asian africa african canada canadian mexico mexican
    brazil brazilian australia australian poland polish georgia georgian armenia armenian
    azerbaijan kazakhstan uzbekistan latvia lithuania estonia finland finnish sweden
    swedish norway norwegian denmark danish netherlands dutch belgium swiss switzerland
    austria austrian greece greek czech hungary hungarian romania serbia croatia crimea
    qatar saudi arabia arab arabic emirates soviet union western eastern northern southern
    west east north south central global international national federal state states
    united nations world
    moscow kremlin petersburg st. kiev kyiv minsk washington london paris berlin beijing
    tokyo brussels geneva vienna rome madrid warsaw new york ankara tehran damascus
    jerusalem cairo delhi sochi kazan novosibirsk vladivostok crimea donbas donetsk luhansk
    kaliningrad siberia caucasus chechnya ural volga baltic black sea pacific atlantic
    ministry department government administration agency office committee council
    commission parliament duma senate congress court embassy kremlin white house
    homeland security defence defense foreign affairs interior justice finance economy
    trade industry communications mass media information health education energy
    culture sport sports affairs relations development emergency emergencies
    president minister secretary spokesman spokeswoman reporter deputy acting prime premier
    chairman director general chief head leader ambassador governor mayor
    company companies firm corporation lab laboratory group bank party
    news agency press service times post journal daily television tv radio channel
    internet online software cybersecurity security cyber data digital technology
    article report statement interview opinion editorial comment analysis perspective
    special issue edition section page photo video source sources update breaking
    earphone earphones headset headphones bluetooth wireless waterproof outdoor bone
    conduction innovation technology co ltd inc
    covid coronavirus nato opec brics fbi cia kgb fsb nsa eu un who imf wto
    republic republican republicans democrat democrats democratic conservative labour
    liberal communist socialist
    east-west north-south
    i ii iii iv v vi
    margin origin cabin basin coffin violin protein toxin vitamin insulin robin cousin raisin
    latin within begin dolphin pumpkin muffin napkin goblin assassin bulletin javelin heroin
    penicillin aspirin kremlin berlin dublin austin wisconsin michigan
    china vagina ballerina retina stamina angina semolina concertina argentina carolina messina
    whisky husky risky pesky frisky
    rich which sandwich ostrich munich zurich norwich greenwich ipswich dulwich
    glasgow meadow window shadow follow hollow tomorrow yellow pillow widow arrow narrow sorrow
    borrow below elbow rainbow
    certain curtain captain mountain fountain britain bahrain spain
    krais krai oblast practitioners practitioner sciences science
    """
    )
    | ROLE_WORDS
    | ORGANISATION_WORDS
)

# Words inside a name that are written in lower case ("Ludwig van Beethoven").
NAME_PARTICLES = _words("van von der den de del della di da dos du le la bin ibn al el ben")

ENGLISH_FIRST_NAMES = _words(
    """
    aaron adam adrian alan albert alex alexander alexandra alice alicia alison amanda amber
    amy andrea andrew angela angelina anna anne annie anthony antony antonio arnold arthur
    ashley audrey austin barbara barry ben benjamin bernard bernie betty beverly bill billy
    bob bobby boris brad bradley brandon brenda brian bruce bryan carl carlos carol caroline
    carolyn catherine charles charlie charlotte cheryl chris christian christina christine
    christopher cindy claire colin connor craig cynthia daniel danielle david dean deborah
    debra denis dennis derek diana diane donald donna doris dorothy douglas dylan earl
    edward eileen elaine eleanor elizabeth ellen emily emma emmanuel eric erica ethan eugene
    evelyn frances francis frank fred frederick gary george gerald gloria gordon grace
    greg gregory hannah harold harry heather helen henry howard ian isabel jack jacob
    jacqueline james jane janet janice jason jean jeff jeffrey jennifer jeremy jerry jesse
    jessica jill jim jimmy joan joe joel john johnny jonathan jose joseph joshua joyce
    judith judy julia julian julie justin karen katherine kathleen kathryn kathy keith
    kelly kenneth kevin kim kimberly kyle larry laura lauren lawrence leonard linda lisa
    lois louis louise lucy luis madison margaret maria marie marilyn mark martha martin
    mary matthew megan melissa michael michelle mike nancy natalie nathan neil nicholas
    nicole noah norma olivia oscar pamela patricia patrick paul paula peter philip phillip
    rachel ralph randy raymond rebecca richard rick robert roger ronald rose roy russell
    ruth ryan samantha samuel sandra sara sarah scott sean sharon shirley simon sophia
    stephanie stephen steve steven susan teresa terry theresa thomas timothy tina todd tom
    tony tyler victoria vincent virginia walter wayne william willie
    angela emmanuel olaf rishi keir joe kamala hillary barack donald mike nancy mitch
    jens ursula charles josep recep benjamin justin jacinda narendra xi li wang zhang
    hans karl klaus jurgen wolfgang helmut gerhard pierre jacques francois nicolas
    giuseppe giovanni marco luca matteo silvio sergio pedro juan manuel
    ahmed mohammed muhammad ali hassan hussein omar abdullah bashar recep
    oliver harry jack george leo freddie archie henry theo arthur alfie charlie finley
    amelia isla ava mia ivy lily florence evie ella poppy grace willow rosie sienna
    wendy gary graham nigel trevor clive neil stuart ross duncan fiona morag kirsty
    hugh rupert giles piers tristan jeremy boris liz rishi theresa gordon tony
    jake luke adam max sam ben tom dan nick rob chris matt josh will alex andy
    bruno lucas mateo hugo enzo louis jules leon felix emil jonas lukas
    oleksandr oleksiy oleksii volodymyr petro vadym mykola mykhailo mykhaylo yuriy andriy serhiy
    serhii vitaliy vitalii dmytro taras bohdan oleh ihor vasyl pavlo yevhen hennadiy anatoliy
    hryhoriy kostiantyn denys maksym artem yaroslav vyacheslav olena oksana iryna kateryna
    tetiana tetyana nataliya nataliia halyna viktoriya liudmyla lyudmyla svitlana
    """
)

# Endings of Latin spellings of Russian (and other ex-Soviet) surnames, including the
# German and French-style -ow / -off that a Russian surname can be misspelled with.
RUSSIAN_SURNAME_ENDINGS = (
    "ov",
    "ova",
    "ev",
    "eva",
    "yov",
    "yova",
    "ёв",
    "in",
    "ina",
    "yn",
    "yna",
    "sky",
    "skiy",
    "skii",
    "ski",
    "skaya",
    "tsky",
    "tskiy",
    "tskaya",
    "enko",
    "chuk",
    "yuk",
    "uk",
    "ich",
    "vich",
    "vna",
    "ykh",
    "ikh",
    "yan",
    "shvili",
    "dze",
    "aya",
    "off",
    "ow",
    "iy",
    "oy",
)


def _short_forms(block: str) -> dict[str, frozenset[str]]:
    """'jake: jacob' lines -> {"jake": {"jacob"}}, and each full name to its short forms."""
    out: dict[str, set[str]] = {}
    for line in block.strip().splitlines():
        short, _, full = line.partition(":")
        for name in full.split():
            out.setdefault(short.strip(), set()).add(name)
            out.setdefault(name, set()).add(short.strip())
    return {key: frozenset(value) for key, value in out.items()}


ENGLISH_SHORT_FORMS = _short_forms(
    """
    jake: jacob
    bill: william
    billy: william
    will: william
    bob: robert
    bobby: robert
    rob: robert
    dick: richard
    rick: richard
    jim: james
    jimmy: james
    jack: john
    johnny: john
    ted: edward theodore
    ned: edward
    tony: anthony antony
    chuck: charles
    hank: henry
    harry: henry harold
    larry: lawrence
    peggy: margaret
    maggie: margaret
    meg: margaret
    betty: elizabeth
    beth: elizabeth
    liz: elizabeth
    kate: katherine catherine kathryn
    kathy: katherine catherine kathryn
    sandy: alexander alexandra sandra
    mike: michael
    mick: michael
    nick: nicholas
    steve: stephen steven
    peg: margaret
    polly: mary
    molly: mary
    sally: sarah
    sue: susan
    becky: rebecca
    jenny: jennifer
    ben: benjamin
    joe: joseph
    josh: joshua
    matt: matthew
    andy: andrew
    dan: daniel
    dave: david
    tom: thomas
    tim: timothy
    sam: samuel samantha
    """
)
