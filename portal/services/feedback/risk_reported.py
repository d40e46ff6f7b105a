"""The distress frame and reported speech (round five).

Rules made phrase by phrase kept missing distress told in a person's own
words ("I can't do it anymore I'm done", "I'm falling to pieces", "I'm at my
limit with everything", "stuck in a black hole", "please someone help me")
and disclosures told at one remove ("he talks about not being around", "she
keeps asking what happens when you die", "he googled how to ...",
"sometimes I think about not waking up"). These frames read them as kinds:

- a person (the writer, or someone reported: "he says", "she keeps
  saying", "my son told me") then a state of distress ("done", "finished",
  "had enough", "given up", "falling apart", "cracking up", "at my limit",
  "on the edge", "hate everything") with, where the state alone is common,
  intensity or permanence ("anymore", "with everything", "completely");
- reported speech and indirect reference to dying or not being here, and
  searching for a way ("googled how to", "looked up ways to");
- hedges ("sometimes I think about", "part of me wants") and questions ("is
  it worth living", "why bother anymore", "what happens when you die").

The check that the object is a service or process, not life, the self or
everything, is `REPORTED_INNOCENT_USES`: "I give up with the phone line",
"done with waiting lists", "at my limit with the school", "had enough of
the council", "can someone help me with the form" do not count.
"""

from __future__ import annotations

from portal.services.feedback.risk_backstop import BACKSTOP_SETS
from portal.services.feedback.risk_rules import RiskKind

REPORTED_SETS: dict[str, str] = {
    "person": """i he she we they son daughter mum dad child boy girl""",
    "tells": """says said saying keeps told tells telling talks talking talked talk asks asking
        asked mentions mentioned mentioning goes going on""",
    "ponder": """think thinking thought thoughts wonder wondering imagine imagining daydream
        daydreaming dream dreaming""",
    "deathish": """die dying dead death disappear disappearing vanish vanishing suicide
        killing""",
    "search": """googled googling google searched searching search looked looking research
        researched""",
    "means": "die kill hang overdose drown suicide painless hurt strangle suffocate",
    "lot": "everything life anymore completely totally $ myself",
    "object": BACKSTOP_SETS["services"]
    + """ school council college gp nhs phone line lines list lists waiting
        calls call forms form paperwork bus buses taxi system process appointment
        appointments queue hold website app portal parking housing benefits""",
}

REPORTED_RULES: dict[RiskKind, tuple[str, ...]] = {
    RiskKind.WANTING_TO_DIE: (
        "@tells ..2 about ..1 not ..1 being|existing|waking|living ..1 here|around|alive|up|$",
        "@ponder ..2 about|of ..1 not ..1 being|existing|waking|living",
        "what happens|happen ..1 when|after|if ..2 you|we|i|people|he|she ..1 die|dies|dead",
        "@ponder ..3 about|of|if ..4 @deathish",
        "part|bit of me ..2 wants|want|wish|wishes ..3 to ..1 die|disappear|vanish",
        "is|would it ..2 worth ..1 living|existing $",
        "is|would it ..2 worth ..1 carrying|going on $",
        "is|would it ..2 worth being alive",
        "why ..2 bother ..2 living|anymore|existing",
        "@search ..2 how|ways ..1 to|many|much|long ..5 @means",
        "@search ..4 ways ..1 to ..2 @means",
        "does|would it hurt to ..1 die|drown|hang",
    ),
    RiskKind.CRISIS: (
        "@person am|is|are|feel|feels|feeling ..1 done|finished $|@lot",
        "done|finished with everything|life|living|myself|existing",
        "done|finished with it all",
        "@person ..3 had ..1 enough $|@lot",
        "@person am|is|are ..2 over it $|all|anymore",
        "@person ..3 given|give|giving up $|@lot",
        "@person ..3 given|give|giving up on ..1 everything|life|myself|living",
        "can not ..1 do|take|carry ..2 it|this|on|any ..1 anymore|more",
        "falling|fall|fell|fallen ..1 apart|to pieces",
        "cracking|cracked ..1 up",
        "@person ..2 breaking|broke|broken|break down !on|at|near|outside",
        "@person ..2 on the edge !of",
        "over the edge",
        "at|reached ..1 my|our|her|his limit|limits",
        "black hole|pit|void|abyss",
        "no energy|motivation ..3 anything|everything|bed|up|out",
        "hate|hates everything|everyone|life|myself|himself|herself $|and|anymore|right|so",
        "hate|hates my|own life",
        "hate|hates it all",
        "please ..1 someone|somebody|anyone|anybody ..1 help|helps",
        "someone|somebody|anyone|anybody please help",
        "hanging|holding on by a ..1 thread",
        "burnt|burned|burning out $|completely|totally",
        "tipping point",
        "last straw",
        "barely ..1 holding|hanging on",
        "spiralling|spiraling",
        "on my|our knees",
        "can not keep|go|carry going|on ..3 like this",
        "can not keep|go|carry going|on anymore|$",
        "just|barely existing|surviving $",
        "feel|feels|feeling ..3 going mad|crazy|insane",
        "panic|anxiety ..1 attacks ..3 every|all|constantly|daily|again",
        "can not stop ..1 crying|shaking|panicking",
        "my|our life is ..2 mess|shambles|nightmare|hell|disaster|over",
        "going to snap|explode $",
        "might|could|will|to ..2 do something ..1 stupid|drastic",
        "before ..2 something ..1 happens|bad|terrible|awful",
        "intrusive|scary|horrible|dark ..1 thoughts",
        "sick|tired|fed ..2 of|with ..1 everything $|and|anymore",
        "sick|tired|fed ..2 of|with it all",
        "can not get ..1 out of bed",
        "stopped eating|sleeping|washing $|and|properly|altogether",
        "not see a way through|forward",
    ),
}

REPORTED_INNOCENT_USES: tuple[str, ...] = (
    "done|finished|enough|up|limit|limits|edge|straw|point ..4 with|of|on|at|about ..4 @object",
    "@object ..3 done|finished|over|broken|broke|broken down",
    "done|finished for|at|by ..2 day|today|now|school|college|work|homework|week",
    "done|finished with the|my|his|her|our ..2 @object|homework|work|meeting|school|college",
    "it is|its over|done $|now",
    "please ..1 someone|somebody|anyone|anybody ..1 help ..3 with|fill|@object|understand",
    "burnt|burned out ..2 staff|workers|team|service",
    "on my knees ..3 floor|garden|playing|cleaning",
    "hate ..1 it when|that",
    "going mad|crazy ..2 with|at|about ..3 @object|noise|building|work|waiting|traffic",
    "@object|paperwork|emails|admin|work|homework ..3 drowning|sinking|burying",
    "overwhelmed ..2 in|by|with ..1 crowds|noise|busy|loud|@things",
    "@object|house|flat|shoes|car|building|bag|buggy|chair ..3 falling|fall|fell apart",
    "cracking|cracked up ..2 laughing|laugh|at|with",
    "broke|broken|break down ..1 in|on ..2 car|motorway|road|way|bus|train",
    "game|games|film|show|match ..3 over",
)
