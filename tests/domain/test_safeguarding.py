import pytest

from challenges.safeguarding import HELP_SOURCES, mentions_risk_of_harm

RISKS = [
    "I can't go on like this any more.",
    "Some nights after a shift I want to end it.",
    "I've been thinking of killing myself on the drive home.",
    "He hit a resident and the manager covered it up.",
    "She is being abused by her son and nobody will act.",
    "I'm scared he'll hurt someone on the ward.",
    "A patient kicked me in the stomach last night.",
    "The man in bed 4 threatened to stab the nurse.",
    "I feel suicidal most days and I still have to go in.",
    "One of the carers slapped a resident with dementia.",
    "Residents are being neglected and left in wet pads all night.",
    "There's a child on the ward who I think is being sexually abused.",
    "He pulled a knife on me in the car park.",
    "I don't want to be here any more.",
    "Someone is going to die on this ward if nothing changes.",
    "A relative punched my colleague in the face at visiting time.",
    "I've started self-harming again since they cut my hours.",
    "Residents are in danger because there is one carer for thirty people.",
    "Everyone would be better off without me.",
    "He's threatened to kill me if I report him.",
    "I saw a senior carer drag a resident across the lounge.",
    "A resident bit me and I was told to get on with it.",
    "The night staff are abusive towards the residents with dementia.",
    "I wish I could just disappear for good.",
    "I think a resident is being financially abused by her nephew.",
    "There are bruises on a resident nobody can explain.",
    "They hold residents down to give them their medication.",
]

EVERYDAY = [
    "We have mandatory training on safeguarding once a year.",
    "I'd hurt my back lifting a resident and occupational health took weeks.",
    "She hurt her back on a double-up call with no hoist.",
    "Our e-learning module covers how to spot signs of abuse.",
    "The training told us what to do if a resident is being abused.",
    "Nobody was hurt when the hoist failed, thank goodness.",
    "He has never hit anyone in the twenty years I've known him.",
    "I'm not suicidal, just exhausted and angry.",
    "The staffing levels are unsafe on nights.",
    "It really hit me how tired I was when I fell asleep in the car park.",
    "I was threatened with disciplinary action for refusing an extra shift.",
    "I pushed a patient in a wheelchair to X-ray and back four times.",
    "My feet are killing me after a 12-hour shift.",
    "We did a course on preventing suicide in older people.",
    "The care plan says he is at risk of falls.",
    "Our manager shouted at us in handover again.",
    "We look after heart attack patients on the coronary care unit.",
    "A bit more staff on nights would make all the difference.",
    "I was hurt by what my manager said in supervision.",
    "Winter pressures are killing the service.",
    "I want to die of embarrassment when relatives see the state of the place.",
]


@pytest.mark.parametrize("text", RISKS)
def test_mentions_of_immediate_risk_are_noticed(text):
    assert mentions_risk_of_harm(text)


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_talk_about_work_is_not_mistaken_for_risk(text):
    assert not mentions_risk_of_harm(text)


def test_help_sources_cover_speaking_up_the_regulator_emergencies_and_samaritans():
    names = [name for name, _ in HELP_SOURCES]
    assert names[0] == "Freedom to Speak Up Guardian"
    assert any("CQC" in name for name in names)
    descriptions = " ".join(description for _, description in HELP_SOURCES)
    assert "999" in descriptions and "111" in descriptions
    assert "116 123" in descriptions and "free" in descriptions and "24 hours" in descriptions
