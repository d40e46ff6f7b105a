"""The safeguarding triage's categories and rules (read with
`portal.services.feedback.triage`, which explains what they are for).

A rule is words in order, matched against the text after `risk_words` has
read it (lower case, "don't" as "do not", "no one" as "nobody", text-speak
written out, misspellings of these words corrected):

- `want|wish` one of these words; `@me` one of the word set SETS["me"];
- `..` up to 3 other words may come between the word before and the word
  after (`..5`: up to 5); without it the words are next to each other;
- `!to|for` the next word is not one of these (the rule still matches at the
  end of the text);
- `$` the end of a sentence or of the text ("i have made a plan $").

Every rule is tested by the corpus in tests/portal/services/feedback/risk_corpus/:
add the phrase it is for there first (see docs/safeguarding-triage.md).
"""

from __future__ import annotations

import enum


class RiskKind(enum.StrEnum):
    WANTING_TO_DIE = "wanting_to_die"
    NOT_BEING_MISSED = "not_being_missed"
    SELF_HARM = "self_harm"
    OVERDOSE = "overdose"
    HARM_FROM_OTHERS = "harm_from_others"
    NEGLECT = "neglect"
    EXPLOITATION = "exploitation"
    HARM_TO_OTHERS = "harm_to_others"
    UNSAFE_AT_HOME = "unsafe_at_home"
    FINAL_ACTS = "final_acts"
    CRISIS = "crisis"


# What staff read: in the check-risk command, the docs and the audit's meaning.
RISK_KIND_LABELS: dict[RiskKind, str] = {
    RiskKind.WANTING_TO_DIE: "Wanting to die or not to exist",
    RiskKind.NOT_BEING_MISSED: "Feeling nobody would miss them or cares about them",
    RiskKind.SELF_HARM: "Self-harm: acts and methods",
    RiskKind.OVERDOSE: "Overdose or saving tablets",
    RiskKind.HARM_FROM_OTHERS: "Harm from others: hitting, choking, threats, sexual harm",
    RiskKind.NEGLECT: "Neglect: no food, not allowed to eat, nowhere to sleep",
    RiskKind.EXPLOITATION: "Exploitation: money taken, online contact, made to carry things",
    RiskKind.HARM_TO_OTHERS: "Wanting to harm someone else",
    RiskKind.UNSAFE_AT_HOME: "Feeling unsafe or frightened at home",
    RiskKind.FINAL_ACTS: "Final acts: goodbyes, giving things away, a plan",
    RiskKind.CRISIS: "A family in crisis: cannot cope",
}

SETS: dict[str, str] = {
    "self": "myself himself herself themselves themself yourself",
    "family": """dad dads mum mums stepdad stepdads stepmum stepmums brother brothers sister
        sisters uncle aunt auntie nan nana grandad grandma granddad grandpa parents carer
        carers boyfriend girlfriend partner husband wife cousin foster""",
    "someone": """he she they them dad dads mum mums stepdad stepmum brother sister uncle aunt
        auntie nan grandad grandma grandpa parents carer carers boyfriend girlfriend partner
        husband wife cousin man men boy boys girl girls guy lad lads someone somebody people
        friend friends mate mates neighbour neighbours""",
    "hit": """hit hits hitting punch punches punched punching kick kicks kicked kicking slap
        slaps slapped slapping smack smacks smacked strangle strangles strangled choke
        chokes choked choking push pushes pushed grab grabs grabbed hurt hurts hurting touch
        touches touched touching rape rapes raped abuse abuses abused threaten threatens
        threatened threatening burn burns burnt burned bite bites bit lock locks locked
        attack attacks attacked whip whips whipped stab stabs stabbed""",
    "die": "die dead",
    "body": """arm arms wrist wrists leg legs skin thigh thighs stomach body hand hands face
        chest hips""",
    "meds": "tablets tablet pills pill meds medication medicine medicines paracetamol ibuprofen",
    "others": """him her them someone somebody people everyone everybody you kids children""",
    "online": """online internet snapchat snap insta instagram tiktok facebook discord whatsapp
        game games gaming xbox playstation fortnite roblox app chat""",
    "places": "floor car outside street streets van tent shed garage bench park sofa",
    "fear": "scared afraid frightened terrified",
    # Being dead or not existing, and being gone or not around.
    "gone": "gone dead died here around alive born",
    "absent": "gone died dead disappeared disappear around here",
    "notice": "miss misses notice care cares cared",
    "grand": "nan nana nanna grandad grandma granddad grandpa granny",
    "hurting": """hurt hurting kill killing stab stabbing attack attacking punch punching hit
        hitting strangle strangling shoot shooting""",
}

RISK_RULES: dict[RiskKind, tuple[str, ...]] = {
    RiskKind.WANTING_TO_DIE: (
        "suicide",
        "suicidal",
        "suicidally",
        "want|wants|wanted|wish|wishes|wished|wishing|ready ..3 @die",
        "better off ..1 @die",
        "better off ..2 without me",
        "better off ..3 if i ..3 gone|dead|here|around|alive|born",
        "not want ..2 live|alive|exist|existing",
        "not want ..3 here anymore|no|alive|forever",
        "not want ..2 wake",
        "sleep ..3 never|not wake",
        "point ..3 living|life|alive|live",
        "point ..2 going|carrying on",
        "wish|wishes ..4 never ..2 born",
        "want|wants|wish|wishes ..4 disappear|vanish",
        "stop existing|living",
        "kill|killing|killed|hang|hanging|hanged ..1 @self",
        "end|ending|ended ..1 my|his|her|their life|lives",
        "take|taking|took my|his|her|their ..1 life",
        "end|ending it all",
        "hate my life",
        "reason ..2 live|living|alive",
        "worth living",
        "life ..3 not worth",
        "not being alive|here|around",
        "rather|easier|happier ..5 die|dead|died|exist|existing",
        "better|easier|happier ..5 if i ..3 not ..1 alive|here|around|born",
        "rather|want|wants|wanted|wish ..2 not ..2 exist|existing|alive",
        "want|wants|wanted|wish ..2 not be here !on|at|in|for|when|until|today",
        "sleep|asleep forever",
        "end|ending things !with",
        "want|wants|wanted|wish ..3 join|with ..1 my|his|her @grand !at|for|on|to|and",
        "unalive|unalived|unaliving|unalives",
        "point of|in me $",
        "point of|in me being|existing|living",
        "jump|jumping|jumped off|from ..2 bridge|roof|building|cliff|edge|balcony",
        "thinking|think|thought about jumping !on|in|into",
        "standing|stood|stand on ..2 bridge|edge|ledge|roof|tracks|railway",
        "in front of ..1 train|trains|lorry",
    ),
    RiskKind.NOT_BEING_MISSED: (
        "nobody ..3 miss|notice|care|cares|cared|love|loves|loved|like|likes|want|wants ..3 me|i",
        "not ..2 miss|notice ..1 me|if",
        "nobody ..3 miss|notice|care|cares ..3 gone|dead|died|here",
        "nobody ..2 would|will|even|could|ever|really ..1 @notice $",
        "nobody cares $",
        "nobody ..3 @notice|love|loves|like|likes|want|wants ..3 him|her|he|she|them",
        "if|when i ..3 @absent ..5 nobody|not ..3 @notice",
    ),
    RiskKind.SELF_HARM: (
        "selfharm",
        "selfharming",
        "selfharmed",
        "myself|self ..1 harm|harming|harmed|harms",
        "cut|cuts|cutting|hurt|hurts|hurting|harm|harming|harmed|hit|hitting|punch|punching"
        "|scratch|scratching|starve|starving|starved|bang|banging|burn|burning|burnt|burned"
        " ..1 @self",
        "cut|cuts|cutting|scratch|scratching|scratched|burn|burnt|burning|burned ..2 "
        "my|her|his|their @body",
        "been|started|start|still|stop cutting",
        "cutting again",
        "till|until ..3 bleed|bleeds|bled|bleeding",
        "bang|banging|banged|hit|hitting ..1 my|his|her head",
        "razor|razors !scooter|scooters|burn",
        "blade|blades !of",
        "ligature|ligatures|noose",
        "tie|tied|tying ..4 neck",
        "punch|punching|punched ..2 walls|wall",
    ),
    RiskKind.OVERDOSE: (
        "overdose|overdosed|overdosing|overdoses",
        # "overdoes" is a word ("he overdoes it"), but not after "a".
        "a|an|took|take ..1 overdoes",
        "saving|saved|save|keeping|kept|hiding|hid|hidden|stockpiling|stockpile|stockpiled"
        "|stashing|stash|stashed|collecting|hoarding ..3 @meds",
        "took|take|taken|taking|swallowed|swallow|had ..3 all|loads|lots|load|whole|too|many"
        "|box|packet|bottle|handful|full|pack ..5 @meds",
        "box|stash|bag|pile|load|loads|bottle|packet|pack|handful of ..2 @meds ..4 saved|hidden"
        "|hid|hide|hiding|stored|under|collected",
        "@meds ..3 saved|hidden|stashed|stockpiled|stored|hoarded",
    ),
    RiskKind.HARM_FROM_OTHERS: (
        "@someone ..5 @hit me|us",
        "threw|throws|throwing|thrown ..3 at me",
        "@someone ..4 kill|kills|killing me|us",
        "hit|kicked|punched|slapped|beaten|attacked|abused|raped|touched|hurt by ..1 @someone",
        "beat|beats|beating me|us up",
        "beaten up",
        "kill yourself",
        "makes|made|make|forces|forced|force me ..2 things ..3 not want|like",
        "makes|made|make|forces|forced|force me ..3 touch|sex|undress|kiss|naked",
        "rape|raped|raping|molested|molest|abuse|abused|abusing|abusive|groomed|grooming",
        "grabbed|grab|grabs|squeezed|squeezes ..2 my|me throat|neck",
        "hands ..3 neck|throat",
        "locked in ..1 my|the|a room|bedroom|shed|cupboard|garage|bathroom|toilet",
    ),
    RiskKind.NEGLECT: (
        "nobody|no|never|not|nothing ..3 food|eat|dinner|tea|breakfast|meals ..4 house|home"
        "|again|days",
        "have no ..3 food|heating|electric|electricity !allergies|allergy",
        "not allowed|let ..3 eat|food|dinner|drink",
        "sleep|sleeps|sleeping|slept ..3 @places",
        "nowhere ..2 sleep|stay|live",
        "homeless",
        "nobody|not|never ..3 gives|give|gave|makes|make|made|cooks ..2 me|us|him|her ..2 food"
        "|dinner|tea|breakfast|meals|lunch",
        "is|was|have|got|get|had no food|dinner|meals",
        "no food ..1 again|$",
        "not|never eat|eating|eaten ..2 days|properly",
        "bed hungry",
        "not|never ..2 feed|fed|feeds",
        "leaves|left|leave me ..3 own|alone ..3 days|nights|night|weekend|weekends|hours|week",
    ),
    RiskKind.EXPLOITATION: (
        "@online ..6 asked|asking|asks|ask|wants|want|wanted ..4 pics|nudes|naked|meet",
        "nudes|nude",
        "send|sent|sending ..4 pics ..4 me|clothes|body|naked|without",
        "@someone ..3 take|takes|took|taking|steal|steals|stole|keeps ..3 my money|benefits|wages"
        "|card !to|for",
        "owe|owes|owed ..1 them|him|her|money|people ..6 carry|deliver|hold|sell|work|drugs|stuff",
        "have|make|makes|made|making ..3 carry|deliver|hold|sell|hide ..2 stuff|drugs|packages"
        "|parcels|package|parcel|bags",
        "county lines",
    ),
    RiskKind.HARM_TO_OTHERS: (
        "stab|stabbing|stabbed|stabs @others|my",
        "kill ..1 @others|my",
        "want|wants|going|will|feel|like|try|would ..3 @hurting ..2 @others|my|the",
    ),
    RiskKind.UNSAFE_AT_HOME: (
        "@fear ..3 home",
        "not|never ..2 safe|safely",
        "unsafe",
        "@fear of ..2 @family|him|her|them|he|she",
        "not want ..2 go home|back",
        "can not go home|back",
        "run|ran|running away ..2 home",
        "kicked ..2 out ..3 home|house|flat",
    ),
    RiskKind.FINAL_ACTS: (
        "goodbye|bye ..1 letter|letters|note|notes|message",
        "saying goodbye",
        "goodbye everyone|forever|world|all",
        "gave|give|giving|given ..1 away ..2 my|all ..1 things|stuff|belongings|possessions",
        "gave|give|giving|given ..2 my|all things|stuff|belongings|possessions ..1 away",
        "i ..2 made|got a plan $",
        "plan ..3 end|kill|die ..2 it|myself|life|all",
        "got it all planned",
        "last message",
        "note|notes|letter|letters ..5 when ..3 gone|dead|died|here",
        "note|notes|letter|letters ..3 saying|say goodbye",
        "gave|give|giving|given ..6 because|as ..3 not need|needing",
        "given|gave ..2 my|his|her|their|all ..2 things|stuff|belongings|games|clothes ..1 away",
        "plan ..3 how ..3 do it",
        "i will|would not need them|it|anything ..1 $|soon|after",
        "i know|worked how i ..4 do|end it",
    ),
    RiskKind.CRISIS: (
        "crisis",
        "in danger",
        "not cope",
        "can not go on",
        "not take it anymore",
        "breaking point",
        "not take ..1 anymore|more $",
        "not take ..1 anymore|more of this|it|him|her",
        "not do this anymore|no",
        "not keep going|carry on",
        "falling apart",
        "much longer ..4 keep|cope|carry|go|take",
    ),
}
