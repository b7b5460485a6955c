"""Noticing when a contribution mentions someone at immediate risk of harm.

The portal is anonymous and cannot reach out to anyone, but it can show where to get help at
once. This check decides when to show it. It favours recall: showing help to someone who did not
need it costs little, and missing someone who did could cost a great deal.
"""

import re

HELP_SOURCES = (
    (
        "Freedom to Speak Up Guardian",
        "Every NHS trust has one, and many other care providers do too. They listen in confidence "
        "to concerns about the safety of patients and residents or how staff are treated.",
    ),
    (
        "Care Quality Commission (CQC)",
        "The independent regulator of health and social care in England. Tell them about unsafe "
        "or abusive care on 03000 616161 or at cqc.org.uk.",
    ),
    (
        "999 or 111",
        "Call 999 in an emergency, if someone is in immediate danger. Call 111 for urgent medical "
        "help that is not an emergency.",
    ),
    (
        "Samaritans",
        "Call 116 123, free, 24 hours a day, if you are struggling to cope or thinking of harming "
        "yourself.",
    ),
)

_PERSON = (
    r"(?:a |an |the |my |our |his |her |their |one of the |another )?(?:[a-z]+ )?"
    r"(?:resident|patient|child|kid|service user|client|baby|colleague|carer|nurse|person|man"
    r"|woman|lady|gentleman|girl|boy|staff member|member of staff|student|relative)s?"
)
# "Hurt her back" is an injury, not an attack on her.
_ANYONE = (
    rf"(?:me|him|her|them|us|someone|somebody|anyone|everyone|people|{_PERSON})"
    r"(?! (?:back|head|arm|leg|hand|wrist|shoulder|knee|neck|foot|feet|own)\b)"
)
_VIOLENT_VERB = (
    r"(?:hit|hits|hitting|slap(?:s|ped|ping)?|punch(?:es|ed|ing)?|kick(?:s|ed|ing)?"
    r"|strangl(?:e|es|ed|ing)|chok(?:e|es|ed|ing)|throttl(?:e|es|ed|ing)|beat(?:s|en|ing)?"
    r"|bite|bites|biting|spat at|spit at|pinch(?:es|ed|ing)?|shov(?:e|es|ed|ing)"
    r"|drag(?:s|ged|ging)?|hurt(?:s|ing)?|harm(?:s|ed|ing)?|assault(?:s|ed|ing)?"
    r"|(?<!heart )(?<!panic )attack(?:s|ed|ing)?"
    r"|abus(?:e|es|ed|ing)|rap(?:e|es|ed|ing)|molest(?:s|ed|ing)?)"
)
# Verbs with innocent uses ("push a patient to X-ray", "a bit more") count only with a pronoun.
_ROUGH_VERB = r"(?:push(?:es|ed|ing)?|grab(?:s|bed|bing)?|shak(?:e|es|ing)|shook|bit)"
# Not "hurt", which is as often about feelings: "I was hurt by what she said".
_DONE_TO = (
    r"(?:abused|assaulted|attacked|hit|beaten|punched|kicked|slapped|raped|molested|groomed"
    r"|strangled|choked|neglected|mistreated|harmed)"
)
_WEAPON = r"(?:knife|gun|weapon|blade|machete|hammer|bat)"

_RISK_PATTERNS = (
    # Suicide and self-harm.
    r"\bkill(?:ing)? myself\b",
    r"\bsuicid(?:e|al)\b",
    r"\b(?:want|wanted|wanting|wanna) to die\b(?! of (?:embarrassment|shame|boredom))",
    r"\bwish I (?:was|were) dead\b",
    r"\b(?:wish I could (?:just )?disappear|disappear for good)\b",
    r"\b(?:don['’]?t|can['’]?t) see (?:the|any) point "
    r"(?:in|of) (?:anything|living|life|going on)\b",
    r"\bbetter off (?:dead|without me|if I (?:was|were) dead)\b",
    r"\bend(?:ing)? (?:it all|my (?:own )?life)\b",
    r"\b(?:want|wanted|wanna|going|gonna|thinking|thought|planning|ready) (?:to |of |about )?"
    r"end(?:ing)? (?:it|things)\b",
    r"\btak(?:e|ing) my (?:own )?life\b",
    r"\b(?:can['’]?t|cannot|can not) (?:go on|cope any ?more|take (?:it |this )?any ?more)\b",
    r"\bno (?:reason|point) (?:to live|in living|in going on)\b",
    r"\bnot worth living\b",
    r"\bdon['’]?t want to (?:be here|wake up|live)\b",
    r"\bself[- ]harm(?:s|ed|ing)?\b",
    r"\b(?:cut|cutting|harm|harming) myself\b",
    r"\b(?:want|wanting|urge|urges|thinking|thoughts) (?:to|of|about) (?:hurt|hurting) myself\b",
    r"\boverdos(?:e|ed|ing)\b",
    r"\b(?:jump|jumping|throw myself) (?:off|in front of)\b",
    # Violence and abuse.
    rf"\b{_VIOLENT_VERB} {_ANYONE}\b",
    rf"\b{_ROUGH_VERB} (?:me|him|her|them|us)\b",
    rf"\b(?:is|are|was|were|being|been|get|gets|got|getting) (?:being )?"
    rf"(?:repeatedly |regularly |physically |sexually |financially |emotionally )?{_DONE_TO}\b",
    rf"\babus(?:e|ing) (?:of )?{_PERSON}\b",
    rf"\babusive (?:to|towards) {_ANYONE}",
    r"\babuse (?:is |was )?(?:happening|going on|taking place)\b",
    r"\bsexual(?:ly)? (?:abuse|abused|assault|assaulted)\b",
    r"\b(?:unexplained|left) bruis(?:es|ing)\b",
    rf"\bbruis(?:es|ing) on {_PERSON}\b",
    rf"\bh(?:old|olds|olding|eld) {_ANYONE} down\b",
    # Threats, weapons and fear for someone's safety.
    r"\bthreat(?:en|ens|ened|ening)? to (?:kill|stab|hurt|harm|attack|beat|shoot|burn|hit|rape)\b",
    rf"\bthreatened {_ANYONE} with an? {_WEAPON}\b",
    rf"\b(?:pulled|had|carrying|carries|wielding|brandishing|waving) an? {_WEAPON}\b",
    r"\bburn (?:the (?:place|house|home|ward)|it) down\b",
    rf"\b(?:going to|gonna|will|'ll|’ll) (?:kill|stab|shoot|strangle) {_ANYONE}\b",
    r"\b(?:scared|afraid|frightened|terrified|worried|fear) (?:that )?"
    r"(?:he|she|they|someone|somebody)(?:'ll|’ll| will| is going to| might| could| would)? "
    r"(?:hurt|harm|kill|attack|hit|abuse)\b",
    r"\b(?:someone|somebody|a patient|a resident|people|patients|residents) "
    r"(?:is |are )?(?:going to|gonna|will|could) (?:die|get (?:seriously )?(?:hurt|killed))\b",
    r"\bin (?:immediate |real |serious )?danger\b",
    r"\bat (?:serious |immediate |real )?risk of (?:harm|abuse|death|dying"
    r"|being (?:hurt|harmed|abused|attacked))\b",
)
_RISK = re.compile("|".join(f"(?:{pattern})" for pattern in _RISK_PATTERNS), re.IGNORECASE)
# "It really hit me how tired I was" is a figure of speech.
_FIGURE_OF_SPEECH = re.compile(r"\b(?:it|reality) (?:really |just |suddenly |finally )?$", re.I)
_NEGATION = re.compile(
    r"\b(?:not|never|no|nobody|no one|without|\w+n['’]t"
    r"|dont|cant|wont|didnt|doesnt|isnt|wasnt|wouldnt|couldnt|havent|hasnt)\b",
    re.IGNORECASE,
)
# Training and policy describe what to do about harm, not harm that is happening.
_TRAINING = re.compile(
    r"\b(?:training|course|e-learning|module|policy|policies|procedure|signs of"
    r"|how to (?:spot|report|recognise|recognize)|what to do (?:if|when))\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[.!?;,]|\bbut\b", re.IGNORECASE)
_NEGATION_REACH = 3


def mentions_risk_of_harm(text: str) -> bool:
    """True when the text mentions abuse, violence, threats, danger to someone, or self-harm."""
    return any(not _explained_away(text[: match.start()]) for match in _RISK.finditer(text))


def _explained_away(before: str) -> bool:
    """Whether the words leading up to a match in its clause negate it or make it hypothetical."""
    clause = _CLAUSE_BREAK.split(before)[-1]
    nearest_words = " ".join(clause.split()[-_NEGATION_REACH:])
    return bool(
        _NEGATION.search(nearest_words)
        or _TRAINING.search(clause)
        or _FIGURE_OF_SPEECH.search(clause)
    )
