"""The safeguarding triage's backstop: strong risk words and short risk
phrases that flag a text when no meaning rule (`risk_rules`) did, unless the
words are a known idiom or innocent use.

The meaning rules find what they were written for, but on phrases nobody has
seen they found only 60 to 80% of disclosures. A person reads every comment
anyway, and a flag only makes it urgent and shows the crisis lines, so a
missed disclosure costs far more than a false flag: the backstop is there for
recall. It is written in the rules' notation (see `risk_rules`) and read with
the same spelling and text-speak reading.

`BACKSTOP_RULES` gives each word the category it most likely means ("die" is
`wanting_to_die`, "punch" is `harm_from_others`); the phrase staff see starts
with "backstop:" so they know it was a single word or short phrase, not a
meaning rule. `INNOCENT_USES` are idioms and ordinary uses: a backstop match
that overlaps one of them does not count ("dying to", "my phone died", "my
feet are killing me", "cut short", "a tablet for games").
"""

from __future__ import annotations

from portal.services.feedback.risk_rules import RiskKind

BACKSTOP_PREFIX = "backstop: "

BACKSTOP_SETS: dict[str, str] = {
    "devices": """phone phones battery batteries tablet ipad laptop computer charger screen
        car van line lines wifi signal app website link laptop kindle console remote""",
    "pets": "fish goldfish hamster dog cat rabbit pet guinea pig plant plants budgie tortoise",
    "pain": """back feet foot legs leg knees knee head neck shoulder shoulders teeth tooth
        hips arms wait waiting queue traffic heat commute journey shoes list""",
    "things": """dogs dark spiders spider heights needles needle injections injection jabs
        doctors dentist dentists water noise noises crowds loud lifts lift thunder bees wasps
        clowns balloons hoovers hoover fireworks hand dryers change flying birds buses dog cat
        cats horse horses""",
    "games": """chess cards scrabble monopoly uno game games football tennis pool darts quiz
        race mario fifa draughts bingo snooker golf cribbage dominoes bowling""",
    "services": """form forms ringing calling phoning asking emailing booking complaining
        appointment appointments letter letters meeting meetings review online app survey
        waiting chasing filling completing""",
}

RISK_WORDS_DIE = "die|dies|died|dying|dead|death|deaths"

BACKSTOP_RULES: dict[RiskKind, tuple[str, ...]] = {
    RiskKind.WANTING_TO_DIE: (
        RISK_WORDS_DIE,
        "disappear|disappeared|vanish",
        "want|wants|wanted|wish ..3 it|everything|this|things|all|life ..2 stop|over|end",
        "way out",
        "no point",
        "point anymore",
        "what is the point",
        "end|ending it",
        "give|giving|gave|given up on life|living|everything|myself",
        "hopeless|hopelessness",
        "trapped",
        "never|not wake up",
        "sleep ..2 never",
        "better off",
        "no reason to|for",
        "not ..2 worth it",
    ),
    RiskKind.NOT_BEING_MISSED: (
        "burden|worthless",
        "waste of space",
        "nobody loves|likes|wants|needs me|him|her",
        "hate myself|himself|herself",
    ),
    RiskKind.SELF_HARM: (
        "cut|cuts|cutting",
        "bleed|bleeds|bleeding|bled|blood",
        "harm|harming|harmed",
        "hurt|hurts|hurting",
        "razor|razors|blade|blades",
    ),
    RiskKind.OVERDOSE: (
        "overdose|overdosed|overdosing",
        "pills|pill|tablets|tablet|paracetamol",
    ),
    RiskKind.HARM_FROM_OTHERS: (
        "hit|hits|hitting|punch|punched|punches|punching|slap|slapped|slapping|slaps",
        "choke|choked|choking|chokes|strangle|strangled|strangling",
        "rape|raped|raping|molested",
        "beat|beats|beating|beaten|bruise|bruises|bruised",
        "touch|touched|touches|touching me|us|him|her",
        "kicked|kicks|kicking me|us|him|her",
    ),
    RiskKind.NEGLECT: (
        "hungry|starving|starved",
        "no food|heating|electric|electricity",
        "not ..1 eaten",
    ),
    RiskKind.EXPLOITATION: ("nudes|nude|naked",),
    RiskKind.HARM_TO_OTHERS: (
        "kill|kills|killed|killing",
        "stab|stabbed|stabbing|knife|knives|weapon|weapons",
    ),
    RiskKind.UNSAFE_AT_HOME: (
        "scared|afraid|frightened|terrified|frightening|terrifying",
        "unsafe|danger|dangerous",
        "not ..2 safe",
    ),
    RiskKind.FINAL_ACTS: (
        "goodbye",
        "last message",
        "sorry for everything",
    ),
    RiskKind.CRISIS: (
        "can not go on",
        "can not cope",
        "not coping",
        "cope ..2 anymore",
        "breaking point",
        "desperate",
        "help ..2 now|urgently|asap",
    ),
}

# Idioms and ordinary uses of the backstop's words. A backstop match that
# overlaps one of these is not counted. Only ordinary English: any of these
# could still hide a disclosure, so each is as narrow as it can be.
INNOCENT_USES: tuple[str, ...] = (
    "killing it $|at|in|on|this|today",
    "@kin died|passed ..4 ago|last|year|years|month|months|in|recently",
    "nearly|almost died ..2 when|laughing|of",
    "sick|bored|tired|scared|frightened to death",
    "documentary|film|book|programme|history|lesson ..3 about|on ..1 death|dying",
    "hate myself for ..2 forgetting|missing|losing|late|not",
    "road|roads|junction|crossing|park|traffic ..5 danger",
    "cut|cuts ..2 finger|thumb|knee|hand ..3 on|at|cooking|playing|tin|paper|accident",
    # Dying and death as figures of speech, and things that "die".
    "dying to|for",
    "dying|died|die ..2 of|from laughter|laughing|boredom|embarrassment|shame",
    "died|dying|dead laughing",
    "@devices|@pets ..3 died|dead|dies|die|dying",
    "dead ..1 @devices|@pets",
    "dead boring|easy|good|nice|funny|quiet|slow|lucky|proud|keen|chuffed|excited|happy"
    "|pleased|right|end|ends|heavy|on|set|serious|cute|loud|busy|posh|simple|handy",
    "death certificate|penalty|metal|star",
    # Killing, beating and hitting as figures of speech.
    "@pain ..3 killing|kill me",
    "kill|killed|killing ..1 time",
    "kill|killed|killing for a|an|some",
    "is|was|are|were|its killing me|us",
    "die|died for a|an|some",
    "killed|smashed|nailed it",
    "beat|beats|beating|beaten ..3 at|in ..2 @games",
    "beat|beats|beaten me|us|him|her|them to it",
    "beat ..1 the|a|his|her|my record|queue|traffic|rush|rest|system|odds|heat",
    "hit|hits me that|how|what",
    "hit|hits by how|what",
    "it hit|hits me",
    "hit|hits|hitting ..1 the|a|his|her|my road|ball|target|jackpot|button|nail|spot|roof"
    "|wall|ceiling|milestone|limit|books|shops|ground",
    "hit it off",
    "big|huge|massive hit",
    "hit|hits with",
    "punch|punched|punches ..1 the air",
    "punch ..1 line|bag|card|hole|holes",
    "fruit punch",
    "block|throw|throws|blocking ..1 a punch",
    # Cutting.
    "cutting|cut|cuts out|short|off|down|back|corners|costs|funding|queue|line",
    "cut|cuts|cutting ..2 hair|grass|nails|cake|paper|hedge|costs|budget|fringe|lawn",
    "cuts ..1 to|in ..2 funding|services|budget|budgets|staff|staffing",
    "paper cut",
    "cut|cuts|cutting ..3 support|hours|sessions|session|service|services|funding|budget|staff"
    "|visits|days|respite|money|benefits|bus|buses|short",
    "cut|cuts from",
    "cutting|cuts|cut in and out",
    # Hurt and harm that are not about harming.
    "not|never ..1 hurt|hurts to",
    "hurt ..2 to ask|try",
    "no harm done|meant|intended|in",
    "harm reduction",
    "injection|injections|jab|jabs|needle|vaccine|vaccination|test ..3 hurt|hurts",
    "hurt ..1 my|his|her|their|our feelings",
    "lights|light|noise|chair|chairs|shoes|bed|sun|music|sound|seat|seats|cold|heat ..2 hurt"
    "|hurts|hurting",
    # Blood and bleeding in health care.
    "blood test|tests|pressure|sugar|sugars|results|sample|samples|donor|donation|bank",
    "gums|nose ..1 bleed|bleeds|bleeding|bled",
    "nosebleed|nosebleeds",
    "stop|stopping ..1 bleeding",
    # Tablets as devices and tablets as everyday medicine.
    "tablet|tablets ..3 @devices|charge|charged|charging|games|game|apps|youtube|netflix",
    "@devices ..3 tablet|tablets",
    "on|a|the|his|her|my|new|old tablet ..1 $|to|for|and|with|at|in|is|was",
    "take|takes|taking|took|have|has|had ..3 pills|pill|tablets|tablet ..2 with|at|every"
    "|each|before|after|morning|night|breakfast|lunch|dinner|tea|daily|like|as",
    "wrong|new|repeat|right|different|prescription|prescribed|chemist|pharmacy|changed|gp"
    "|doctor|nurse ..2 pills"
    "|pill|tablets|tablet",
    "pills|pill|tablets|tablet ..3 review|prescription|pharmacy|chemist|gp|doctor|dose"
    "|changed|sorted|sorting|ordered|collected|delivered|reminder|reminders|alarm|app|chart"
    "|dispenser",
    "razor|razors scooter|scooters|burn",
    "knife|knives and|or fork|forks",
    "stab|stabbed|stabbing at ..1 her|his|my|the food|plate|dinner|peas",
    "no food|drink|drinks ..1 allowed|permitted",
    "hungry|starving after|before|by",
    "life and death",
    "slap|slapped|slaps|slapping on",
    "without ..1 saying|a goodbye",
    "choke|choked|choking|chokes on|up",
    # Fear of ordinary things, and "afraid" in politeness.
    "scared|afraid|frightened|terrified of ..2 @things",
    "scared|afraid|nervous ..3 first time",
    "scared|afraid|nervous at first",
    "afraid so|not $",
    "scared|afraid|frightened ..3 ghost|scary|film|films|ride|rides|rollercoaster|movie",
    # Danger of roads and places.
    "road|roads|traffic|crossing|parking|park|junction|pavement|stairs|ice ..4 danger"
    "|dangerous|unsafe",
    "danger|dangerous|unsafe ..3 road|roads|crossing|traffic|parking|junction|pavement",
    # Ordinary "way out", "no point", "end it", "better off", "no reason".
    "way out ..3 building|car|park|parking|contract|clinic|hospital|door|exit|lift|maze"
    "|station|room|tunnel|town",
    "no point ..5 @services",
    "end it ..1 early|with|there|sooner",
    "better off ..3 going|ringing|calling|asking|using|waiting|booking|getting|online|doing"
    "|having|seeing|meeting",
    "no reason ..2 given|why",
    "no reason for|to ..2 @services|delay|delays|wait|change",
    # Goodbye to workers, and trapped things.
    "said|say|saying|says goodbye to ..3 worker|keyworker|nurse|teacher|staff|team|school"
    "|class|everyone|friends|us|old|respite|service|centre|college|club|group",
    "trapped ..2 wind|nerve|finger|fingers|door|lift",
    "desperate for a|the|some|news|an|more",
    "no heating|electric|electricity ..3 hospital|clinic|waiting|room|building|school|office"
    "|centre",
)


# Backstop words long enough to be corrected when misspelled ("disapear",
# "terrifed"); shorter ones are not, or too many real words would be read as
# risk words ("depth" is not "death", a "dancer" is not "danger").
def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


SPELLED_WORDS = _word_set(
    """disappear disappeared overdose overdosed strangle strangled strangling frightened
    terrified paracetamol hopeless hopelessness worthless dangerous frightening
    terrifying desperate"""
)

# Real words near a risk word, read as themselves and never "corrected" into
# one ("chess" is not "chest", "short" is not "shoot", "cooking" is not
# "choking", a "killer" day).
KNOWN_WORDS = _word_set("chess short killer cooking cards")
