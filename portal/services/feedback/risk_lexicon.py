"""Concept frames: each category's meaning as a wide word set joined to
another, not as fixed phrases (round five).

Held-out rounds kept finding disclosures told in words no rule had: "I've
said my goodbyes", "please look after my cat when I'm gone", "we have nothing
to eat", "no gas or electric for days", "its scary at home", "I lock my
bedroom door every night because of him". Each frame here is a concept
lexicon (final acts: goodbyes, notes, "won't need", "when I'm gone", rope;
neglect: food and the home's heat and light with deprivation and time; fear
at home: fear words with home, the adults at home and their anger) joined to
a second concept near it, so a whole family of phrasings is read at once.
They are in the rules' notation (`risk_rules`) and run with the frames of
`risk_mood`; a match does not count when it overlaps one of
`LEXICON_INNOCENT_USES` ("a thank you note for his teacher", "a skipping
rope", "when I'm gone on holiday", "scared of the dogs at home").
"""

from __future__ import annotations

from portal.services.feedback.risk_rules import RiskKind

LEXICON_SETS: dict[str, str] = {
    "writer": "i he she",
    "wanting": "want wants wanted wanna wish wishes wished like need needs hope hopes",
    "mine": "my his her",
    "kinfolk": """mum mam mom dad family brother brothers sister sisters nan nana gran grandad
        grandma everyone everybody friends kids children boyfriend girlfriend""",
    "note": "note notes letter letters goodbyes",
    "leaving": "gone dead died",
    "notthere": "here around alive",
    "weekday": """monday tuesday wednesday thursday friday saturday sunday tonight tomorrow
        weekend""",
    "cord": "rope noose cord",
    "fearful": """scared scary afraid frightened frightening terrified terrifying petrified
        dread dreading unsafe""",
    "home": "home house flat",
    "homeadult": "dad dads stepdad stepdads boyfriend partner husband uncle stepmum",
    "rageact": """screams screaming screamed shouts shouting shouted yells yelling yelled smashes
        smashing smashed rages raging wrecks wrecking trashes trashing
        punches punching punched""",
    "flee": "run ran flee fled escape escaped hide hid",
    "fooddep": "nothing",
    "utility": "gas electric electricity heating heat power lights",
    "longtime": "days weeks week ages months",
    "clothes": "clothes uniform nappy nappies pants socks",
    "dirty": "dirty filthy soiled stinking smelly",
    "care": "dentist doctor doctors gp hospital optician appointments",
    "sibling": "brother brothers sister sisters siblings baby",
    "vice": "drink drinking alcohol booze beer drugs gambling betting weed",
    "parcel": "drugs weed packages parcels package parcel",
    "courier": "carry carrying deliver delivering sell selling hold holding move moving stash",
    "adult": "man men woman older guy guys bloke stranger lad lads",
    "grooms": "buying buys bought giving gives gave picking picks",
    "pics": "money cash pics photos pictures nudes videos",
    "arson": "fire",
    "kin2": """mum mam dad stepdad stepmum nan gran carer carers parents""",
    "wasted": "drunk high wasted stoned off",
    "treats": "robux vbucks gift credit topups top vouchers",
    "victim": """people someone him her them everyone baby child son daughter kids brother
        sister mum dad""",
}

LEXICON_RULES: dict[RiskKind, tuple[str, ...]] = {
    RiskKind.WANTING_TO_DIE: (
        "@writer ..1 @wanting ..2 be|was|were ..1 gone|dead !by|for|at|to|from|in|out|before|on",
        "life|living|existence|existing|everything ..2 pointless|meaningless|worthless",
        "life|living ..2 not worth",
        "@wanting ..4 heaven",
        "rather|prefer ..1 not ..1 be|exist ..1 here|around|alive ..2 at all|$|anymore",
        "sick|tired|fed|done ..2 of|with ..1 living|life|existing|waking",
        "sick|tired|fed|done ..2 of|with being alive|me",
        "jump|jumping|step|stepping|walk|walking|throw|lie|lay ..3 front|under|into|off ..2 bus"
        "|train|car|lorry|traffic|road|river|sea|canal",
        "@wanting ..5 end|ended|stop|stopped|over|disappear ..1 forever|permanently",
        "not going to do it|anything but|stupid|silly",
        "top|topping|topped|offing|neck|necking myself|himself|herself",
        "do|doing ..1 myself|himself|herself in",
        "take|taking|took ..2 my|his|her ..1 life !skills|back|story",
        "stop|cease ..1 existing",
        "cease to exist",
        "fade|fading away",
        "i ..2 want out $",
        "not know|sure if|whether ..2 want|wanna ..3 here|alive|live|living|around|exist"
        " !for|on|at|when|to|by|in",
        "@wanting ..3 car|bus|train|lorry|something|someone ..2 would|could|will ..1 hit|run|kill"
        " me|over",
        "hope|hopes|wish|wishes|want ..3 not|never ..1 wake",
        "care|bothered if|whether ..1 i|he|she ..1 live|die|dies|wake",
        "think|thinking|thought|thoughts ..3 jumping|jump ..1 off|in|from|under",
    ),
    RiskKind.SELF_HARM: (
        "burns|burn|burnt|burned|burning ..3 @body ..2 with|cigarettes|lighter|matches",
        "pull|pulls|pulling|pulled ..2 own hair|eyelashes|skin",
        "hair|eyelashes ..2 out ..2 clumps|till|until|bald|bleeds",
        "@body|head|hair|skin ..4 deliberately",
        "@body|head|hair|skin ..4 on purpose",
        "punch|punching|punches|punched ..1 walls|wall",
        "starving|starve|starves|starved myself|himself|herself",
        "make|making|makes|made myself|himself|herself sick",
        "carve|carving|carved|carves ..3 @body|skin|myself|into",
        "picks|picking|picked ..3 skin ..3 bleed|bleeds|raw|bleeding",
    ),
    RiskKind.NEGLECT: (
        "have|has|had|got|is|was|there ..1 nothing ..1 to eat",
        "nothing for tea|dinner|breakfast|lunch",
        "fridge|cupboards|cupboard ..2 empty|bare",
        "spends|spent|spend|spending ..3 money ..3 @vice",
        "no ..1 @utility ..4 @longtime|since|anymore",
        "same ..2 @clothes ..4 day|@longtime",
        "@dirty @clothes ..4 day|@longtime",
        "nobody|never|not ..3 takes|took|take ..2 him|her|me|us ..2 to ..1 @care",
        "teeth ..2 rotten|rotting|black",
        "have|has|had to ..1 look|looking|care ..1 after|for ..3 @sibling ..6 own|alone|night"
        "|nights|every|myself|himself|herself",
        "on my|his|her own ..2 every|all ..1 night|nights|weekend",
        "locked|left|kept|made ..3 out|outside ..3 night|cold|hours|rain",
        "nobody|never ..2 picks|picked|collects|collected ..2 him|her|me|us up",
        "no clean ..1 clothes|uniform|pants|socks|sheets",
        "not|never|nobody ..2 feed|feeds|fed ..1 us|me|him|her|them",
        "@home ..3 filthy|squalor",
        "@kin2 ..2 always|constantly|usually|often ..1 @wasted",
        "never sober",
        "nobody ..2 checks|checked on ..1 me|him|her|us",
        "no money ..2 for ..1 food|electric|gas|heating|nappies|meter|tea|dinner",
        "not allowed ..3 shower|wash|bath|toilet|bathroom|eat",
    ),
    RiskKind.EXPLOITATION: (
        "asked|made|told|forced|pay|paid|pays|paying|wants|want|pressured ..4 @courier ..3 @parcel",
        "@online ..8 wants|want|asks|asked|asking|keeps|told|tells|makes|made ..3 send ..2 @pics",
        "@online ..8 loves|love ..1 me|her|him",
        "@adult ..2 keeps|keep|always|been ..1 @grooms ..2 her|him|me",
        "has|had|got|with ..2 lots|loads|wads|rolls|bundles of cash",
        "keeps|keep|kept ..1 getting|gets|having ..2 calls|texts ..2 night|late",
        "threaten|threatened|threatening|threatens ..3 share|post|send|show ..3 pics|photos"
        "|pictures|videos",
        "share|post|send|show ..3 pics|photos|pictures|videos ..3 unless|everyone|school",
        "groom|grooming|groomed|groomer",
        "county lines",
        "stays|stayed|staying out ..2 all night",
        "gets|getting|got|get ..2 into|in ..1 cars|car with ..2 men|lads|older|strangers|guys",
        "@online ..8 wants|asked|asking|keeps|invited ..2 meet",
        "sends|sent|gives|gave|buys|bought ..2 her|him|me ..1 @treats",
        "comes|came|come back with ..2 money|cash|phones|trainers",
        "two|second|another|2 phone|phones|sim ..4 not|hides|secret|hide|nobody",
        "pictures|pics|photos|videos of his|him ..2 private|privates|willy|naked|body",
    ),
    RiskKind.HARM_FROM_OTHERS: (
        "says|said|tells|told me ..2 i am ..1 worthless|useless|stupid|nothing|ugly|disgusting",
        "makes|made|make me|her|him watch ..2 videos|porn|things|stuff|films",
        "call|calls|called|calling me|him|her ..1 names|stupid|useless|worthless|fat|ugly",
    ),
    RiskKind.HARM_TO_OTHERS: (
        "set|sets|setting ..1 fire to",
        "burn|burning ..1 down ..1 the|his|her|their|school|house",
        "make|making them|him|her|everyone|you ..1 suffer|pay $",
        "think|thinking|thoughts|fantasies|fantasise|dream ..3 about ..1 hurting|killing"
        "|stabbing|attacking ..1 people|someone|him|her|them|everyone",
        "afraid|scared|worried|frightened ..1 i ..2 hurt|harm|kill|snap ..2 @victim|my",
        "thoughts|thinking ..3 hurting|harming ..2 @victim",
    ),
    RiskKind.UNSAFE_AT_HOME: (
        "not want|like|wanna ..3 be|being|stay|staying ..1 at|in ..1 home|house",
        "hate|hates|dread|dreading ..3 @home ..2 with|when ..1 him|her|he|she|@homeadult",
        "@homeadult ..4 @rageact",
        "i lock|locked|locking ..3 my|bedroom door ..6 because|every|night|from|so",
        "@flee ..6 because|cos|when ..4 @homeadult",
        "@fearful ..4 @home|@homeadult",
        "@home ..3 @fearful",
        "@fearful ..3 when ..1 he|she|@homeadult ..2 comes|gets|back|home|drinks",
        "eggshells",
        "hide|hiding|hid|hides ..5 from ..1 him|her|@homeadult",
        "when ..1 he|she|@homeadult ..2 comes|gets ..1 home|back|in ..4 @fearful|hide|hiding"
        "|shaking|shake",
        "hate|hates my|his|her|mums stepdad|boyfriend $|he|and|because|coming|living|staying",
        "kicked|thrown|threw|chucked|kick|kicks me|him|her|us out !of",
        "kicked|thrown|threw|chucked|kick|kicks me|him|her|us out of ..1 house|home|flat",
        "not want ..3 go|going back there|home",
        "@homeadult ..3 temper",
        "behind closed doors",
        "what goes|happens on ..1 at|in ..2 home|house",
        "@homeadult ..2 comes|came|coming ..1 in|into my room",
        "not let|allow|allowed ..4 leave ..1 the|my ..1 house|room|flat",
    ),
    RiskKind.FINAL_ACTS: (
        "said|say|saying|says ..1 @mine goodbyes",
        "wrote|written|writing|write|left|leave|leaving ..3 @note ..2 for|to ..2 @kinfolk",
        "@writer ..2 got|have|has ..1 it ..2 planned",
        "@writer ..2 got|have|has ..1 it ..2 worked out",
        "@writer will not need ..1 them|it|my|his|her|any ..1 things|stuff|anymore|where|$",
        "not ..1 your|anyones|anybodys|nobodys fault $|i|mum|dad|love|and|please",
        "when|after|once|if i am|have ..1 gone|dead|died !on|to|for|away|out|home|at|in|back"
        "|from|shopping|with",
        "when|after|once i am not here|around $|anymore",
        "bought|buying|got|get|found|buy ..3 @cord",
        "how many|much ..2 i|he|she need|needs|would ..1 to take ..1 $",
        "sorry|apologising|apologizing|apologised ..4 everyone|everybody|everything ..3 everything"
        "|everyone|$",
        "last time ..2 you|anyone|anybody ..2 see|hear|speak ..2 me|from",
        "affairs in order",
        "made|making ..1 my|his|her peace",
        "made|making peace with it|everything|dying",
        "deleted|deleting all ..1 my|his|her accounts|socials|social|pictures|photos",
        "by the time ..2 read|reads|find|finds|see|sees this",
        "remember ..1 i|that i love|loved",
        "remember me $",
        "not be sad|cry ..1 for|about|when|if ..1 me|i",
        "forgive me $",
        "forgive me for everything",
        "other side $",
        "final ..1 message|post|text|words|note|goodbye",
        "i will not be here|around anymore|much|long|longer|$",
        "@writer ..1 know|decided|chosen|picked when|where|how ..3 i|he|she ..3 do it",
        "@writer ..3 made|written|wrote|writing ..1 a|my will $",
        "not long now $",
        "one last hug|look|goodbye|cuddle",
    ),
}

LEXICON_INNOCENT_USES: tuple[str, ...] = (
    "thank|thankyou|birthday|christmas ..2 note|notes|letter|letters|card|message",
    "@note ..4 teacher|school|worker|keyworker|gp|council|mp|college|nurse|doctor|@services",
    "skipping|climbing|tow|jump ..1 rope",
    "gone ..2 holiday|holidays|work|school|college|hospital|respite|camp",
    "@fearful ..3 of ..2 @things|@pets|hoover|noise|noises|storms|thunder|bath|baths|moving",
    "@fearful ..2 at first|about moving",
    "set ..1 fire ..1 alarm|alarms|drill",
    "set fire to ..2 bonfire|bbq|barbecue|candle|candles|guy|logs",
    "nothing ..3 eat ..3 likes|like|cafe|restaurant|menu|party|school|club",
    "not your fault ..3 the|that|waiting|list|bus",
    "no ..1 @utility ..2 in ..2 the? waiting|room|centre|office|building|school|hall",
    "@home ..3 @fearful ..3 of ..2 @things",
    "@home ..4 @things|storm|storms|thunder|fireworks",
    "@rageact ..2 at|with ..2 @object|tv|telly|match|football|game|air",
)
