"""Frames for what the phrase rules missed on unseen text: low mood and
hopelessness on their own, crisis metaphors, being a burden, final acts,
methods near the person, and the signs of exploitation, neglect and fear at
home that are told without a risk word.

Each frame is a rule in the rules' notation (`risk_rules`) built on word
sets rather than fixed phrases: "@subject ..2 @feel ..2 @low" is "I feel so
low", "she is completely numb", "we have been desperate"; "@metaphor" is
drowning, sinking, going under, the end of a rope or tether, rock bottom,
running on empty. A frame match does not count when it overlaps one of
`FRAME_INNOCENT_USES` or the backstop's innocent uses ("drowning in
paperwork", "low on credit", "at the end of my tether with the council",
"gave his old clothes away to charity").
"""

from __future__ import annotations

from portal.services.feedback.risk_rules import RiskKind

FRAME_PREFIX = "frame: "

MOOD_SETS: dict[str, str] = {
    "subject": "i he she we they",
    "feel": """feel feels feeling felt am is are was were been be get gets getting got become
        becoming seem seems""",
    # Low mood that is never about a thing.
    "low": """depressed depression hopeless worthless broken numb empty miserable suicidal
        helpless trapped desperate lonely overwhelmed""",
    "mild": "low down alone sad awful terrible horrible rubbish crap shit",
    "always": "time everyday constantly weeks months ages always anymore inside days",
    "very": "so really very completely totally utterly just too",
    "unable": "cope manage function breathe handle bear face",
    "everything": "anymore this it any life everything $ things all",
    "burden": "burden burdens waste failure disappointment",
    "spoil": "ruin ruins ruined ruining spoil spoils spoilt spoiling",
    "goods": "things stuff belongings possessions games clothes xbox console",
    "kin": "mum mam dad family brother sister nan grandad everyone friends",
    "poison": "bleach poison antifreeze weedkiller",
    "drinkverb": "drank drink drinking drunk swallowed swallow swallowing took",
    "rage": "angry drunk mad violent aggressive shouting kicks starts",
    "fights": "shouting screaming fighting arguing violence rows",
    "carry": "take carry deliver drop hold sell move hide keep",
    "parcels": "parcels parcel packages package bags bag stuff drugs things phones",
    "older": "boy boys man men lad lads guy guys",
    "lure": "money gifts presents pics lifts drugs vapes alcohol weed cash",
    "whose": "my his her their our",
    "meal": "tea dinner food breakfast eating lunch meal meals",
    "longtime": "days nights night weekend weekends hours week all",
}

FRAME_RULES: dict[RiskKind, tuple[str, ...]] = {
    RiskKind.WANTING_TO_DIE: (
        "not see ..3 future",
        "no future ..2 for me|$",
        "see no future|point|way",
        "no reason ..3 keep|carry ..1 going|on",
        "not see ..2 reason ..3 keep|carry|live|living",
    ),
    RiskKind.NOT_BEING_MISSED: (
        "i ..2 @spoil ..2 everything|everyones|everyone",
        "i ..2 make|makes|making ..2 everything|things ..1 worse",
        "i ..2 not matter",
        "i ..3 a @burden",
        "happier|better ..3 without me|him|her $|around|here|there",
        "everyone|everybody ..1 hates|hate me",
        "not matter to ..1 anyone|anybody|nobody",
    ),
    RiskKind.SELF_HARM: (
        "bangs|headbang|headbanging|headbangs|banging|banged|bang ..3 head",
        "marks|scars|cuts|burns|bruises|scratches on ..1 @whose @body",
        "i deserve ..2 pain|hurt|punished|punishment",
        "i deserve to ..1 die|hurt|suffer",
    ),
    RiskKind.OVERDOSE: (
        "@drinkverb ..2 @poison",
        "how many ..3 @meds ..2 kill|die|dead|enough",
        "how many ..3 @meds ..1 would|does|will it take",
    ),
    RiskKind.HARM_FROM_OTHERS: (
        "keep|keeping|kept|keeps ..3 secret|secrets",
        "not to tell ..2 anyone|anybody|us|you|mum|dad|parents|family|nobody",
        "follow|follows|following|followed me|us|her|him home",
        "threaten|threatened|threatens|threatening ..2 to ..3 kill|hurt|burn|stab|hit|beat",
    ),
    RiskKind.NEGLECT: (
        "left|leaves|leaving ..3 own|alone ..3 @longtime",
        "forget|forgets|forgot|forgotten|nobody|never ..3 give|gives|feed ..3 medicine|meds"
        "|tablets|food|dinner|tea",
        "without ..1 @meal",
        "never|not ..2 any ..1 food|dinner|meals|tea !allowed|in|at|for",
        "nobody|never|not ..3 wash|washes|washed|washing ..2 clothes|me|him|her|uniform",
        "says|say|said ..2 i|he|she ..1 smell|smells|stink|stinks",
        "not had ..2 meal|food|dinner|anything ..3 days|since|week",
    ),
    RiskKind.EXPLOITATION: (
        "money|cash|paid|pays ..3 @carry ..2 @parcels",
        "new ..4 phone|phones|trainers|clothes|money|cash|gifts ..6 not say|tell|explain",
        "not say|tell ..2 who|where ..3 bought|gave|got|from|paid",
        "@online ..8 secret|secrets",
        "gifts|presents ..5 not to tell",
        "gifts|presents ..5 secret|secrets",
        "keep|keeps|kept|always coming|come ..3 flat|house|place",
        "@someone ..3 using|used|uses ..1 my|his|her flat|place|address|bank|account|name",
        "@someone ..2 goes|went|gone|going|go missing",
        "older ..2 @older ..6 @lure",
        "made|make|makes|forced|forces ..3 go ..3 houses|flats|parties|hotels|stay",
    ),
    RiskKind.UNSAFE_AT_HOME: (
        "hide|hiding|hid|hides ..6 when ..3 @rage",
        "when ..2 drinks|drunk|drinking ..3 violent|angry|scary|aggressive|hits|shouts",
        "gets|get|got|becomes|goes violent|aggressive",
        "chair|wardrobe|bed|chest|drawers ..2 against|behind ..1 my|the door",
        "police ..9 fighting|shouting|screaming|violence|drunk",
        "@fights ..4 at|in ..1 home|house",
    ),
    RiskKind.FINAL_ACTS: (
        "written|wrote|writing|write ..1 letters|notes|goodbyes ..3 everyone|everybody|all|family",
        "give|giving|gave|given ..3 @goods ..1 away",
        "before i go|am $|forever|good",
        "before i ..1 gone",
        "i ..2 picked|chosen|set|decided ..1 a|the date|day|time $",
        "tonight is the night",
        "tell|telling @whose @kin ..1 i ..1 love|loved|sorry",
        "who gets|get|will|can|should ..2 @whose @goods|room",
        "see how high|deep ..3 it|was|drop|fall|bridge|roof",
        "goodbye ..8 not|never ..5 again",
        "not be around|here ..1 much|long|longer|soon",
        "plan to do it",
    ),
    RiskKind.CRISIS: (
        "@subject ..2 @feel ..2 @low",
        "@feel ..2 @mild ..3 @always",
        "feel|feeling|felt|feels ..1 @very @mild|@low",
        "@subject ..2 not ok|okay|alright !with|if|to|for|about",
        "can|could not ..1 @unable ..2 @everything",
        "everything|all|life|things ..2 too much|hard|overwhelming !for|to",
        "no way out|forward",
        "no hope|escape",
        "drowning|sinking",
        "going under",
        "head above water",
        "end of ..1 my|our rope|tether",
        "wits end",
        "rock bottom",
        "running on empty",
        "nothing left ..2 give|$",
        "losing it $|again|completely|all",
        "losing|lost|lose my mind|head",
        "out of control",
        "mind|head|thoughts ..3 dark|mess|black",
        "in ..1 a|such ..1 dark|bad place",
        "cry|crying|cried|cries ..3 every|everyday|all|constantly|myself",
        "not know what ..2 do ..1 $|anymore",
        "struggling ..2 cope|$|anymore|mentally",
        "need ..3 help ..2 today|now|tonight|urgently|asap|please",
        "how much longer ..4 do|cope|manage|keep|take|go",
    ),
}

FRAME_INNOCENT_USES: tuple[str, ...] = (
    "drowning|sinking in ..2 paperwork|forms|emails|letters|work|homework|appointments|@services",
    "low on|battery|risk|level|key|income|paid",
    "end of ..1 my|our rope|tether with ..3 council|school|college|nhs|form|forms|system"
    "|paperwork|bus|buses|trains|app|website|parking|phone|waiting|housing|social|@services",
    "give|giving|gave|given ..6 charity|shop|cousin|cousins|friend|school|club",
    "overwhelmed|nervous ..3 at|first first|time",
    "out of control ..2 prices|bills|costs|waiting|list|lists|traffic",
    "losing it ..3 with|at ..2 the|school|council|@services",
    "going under ..1 the|a|general|anaesthetic|bridge|table",
    "no hope of",
    "desperate for a|the|some|news|an|more",
    "without ..1 @meal ..2 allergies|allergy|sugar|gluten|dairy|nuts",
)
