import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from challenges.identifying import (
    KIND_LABELS,
    KINDS,
    REDACTION_TEXT,
    Finding,
    find_identifying_details,
    redact,
)

CORPUS = Path(__file__).parent.parent / "data" / "identifying_corpus.jsonl"
# Written independently of the detector, by someone who never saw it or the corpus above.
HELD_OUT = Path(__file__).parent.parent / "data" / "identifying_heldout.jsonl"
STRUCTURED_KINDS = ("email", "phone", "nhs_number", "ni_number", "postcode")
# Links and handles are counted together: "x.com/someone" and "@someone" do the same job.
RECALL_GROUPS = {"url": "url/handle", "handle": "url/handle"}


def found(text: str) -> list[tuple[str, str]]:
    return [(finding.kind, finding.text) for finding in find_identifying_details(text)]


def found_of_kind(kind: str, text: str) -> list[str]:
    return [finding_text for finding_kind, finding_text in found(text) if finding_kind == kind]


# --- Structured details ---------------------------------------------------------------------------


def test_email_addresses_are_found_without_trailing_punctuation():
    assert found("If anyone wants to know more, email me at k.ahmed82@gmail.com.") == [
        ("email", "k.ahmed82@gmail.com")
    ]


@pytest.mark.parametrize(
    "number",
    [
        "07700 900123",
        "07700-900-456",
        "07700900555",
        "+44 7700 900789",
        "+44 (0)161 496 0234",
        "(020) 7946 0958",
        "020 7946 0321",
        "0161 496 0000",
        "01632 960123",
        "0800 046 7801",
    ],
)
def test_uk_phone_numbers_in_common_written_forms_are_found(number):
    assert found(f"Ring me on {number} after 6pm.") == [("phone", number)]


def test_a_number_that_runs_on_into_the_sentence_is_trimmed():
    assert found_of_kind("phone", "Call 07700 900123 12 times and nobody answers.") == [
        "07700 900123"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "I called 999 when a resident collapsed.",
        "Families are told to ring 111 at night.",
        "I get £11.44 an hour on 12-hour shifts.",
        "I started at 06:45 and finished at 21:15.",
        "We were told on 14/03/2024 that our contracts would change.",
        "Contact HR on extension 4455.",
        "My employee number is 4402187.",
    ],
)
def test_emergency_numbers_money_times_and_dates_are_not_phone_numbers(text):
    assert found(text) == []


@pytest.mark.parametrize("number", ["943 476 5919", "9434765919", "943-476-5919"])
def test_nhs_numbers_with_a_valid_check_digit_are_found(number):
    assert found(f"Her NHS number is {number}.") == [("nhs_number", number)]


@pytest.mark.parametrize(
    "number",
    [
        "943 476 5918",  # wrong check digit
        "123 456 7890",  # the stem 123456789 gives 10, which no NHS number has
        "000 000 0000",  # passes the check, but is a placeholder
    ],
)
def test_ten_digit_numbers_failing_the_nhs_check_are_ignored(number):
    assert found(f"The reference is {number}.") == []


@pytest.mark.parametrize("number", ["QQ 12 34 56 C", "AB123456D", "JG 10 37 59 A", "sk734219c"])
def test_national_insurance_numbers_are_found(number):
    assert found(f"My NI number is {number} and payroll lost it.") == [("ni_number", number)]


@pytest.mark.parametrize("number", ["jh 44 01 29 c", "Pk 12 73 55 D", "nr 123456 a"])
def test_national_insurance_numbers_in_lower_or_mixed_case_with_spaces_are_found(number):
    assert found(f"My ni no is {number} and HMRC have no record.") == [("ni_number", number)]


def test_a_lower_case_number_without_its_final_letter_is_not_a_national_insurance_number():
    assert found_of_kind("ni_number", "The codes were ab 12 34 56 and so on.") == []


@pytest.mark.parametrize(
    "number",
    [
        "DA 12 34 56 A",  # D never starts a prefix
        "AO 12 34 56 A",  # O is never second
        "BG 12 34 56 A",  # prefixes that are never issued
        "GB123456A",
        "ZZ 12 34 56 A",
    ],
)
def test_prefixes_hmrc_never_issues_are_ignored(number):
    assert found_of_kind("ni_number", f"My NI number is {number}.") == []


@pytest.mark.parametrize(
    "postcode",
    ["SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "EC1A 1BB", "sw1a1aa", "pl4 8aa"],
)
def test_full_postcodes_are_found_in_either_case_with_or_without_the_space(postcode):
    assert found(f"The home is at {postcode}, near the station.") == [("postcode", postcode)]


@pytest.mark.parametrize(
    "text",
    [
        "Vitamin B12 injections are given by the district nurses.",
        "Traffic on the m6 5th junction made me late.",
        "He's from SE1 in London.",
        "The shift started at 7am and the 3rd call was at 9.",
    ],
)
def test_partial_postcodes_and_lookalikes_are_ignored(text):
    assert found(text) == []


def test_links_and_handles_are_found_but_an_email_is_not_a_handle():
    text = "Follow me @nursemaya, read www.tiredcarer.co.uk/shifts, or email maya@nhs.net."
    assert found(text) == [
        ("handle", "@nursemaya"),
        ("url", "www.tiredcarer.co.uk/shifts"),
        ("email", "maya@nhs.net"),
    ]


def test_bare_domains_with_a_path_are_links():
    assert found("See facebook.com/groups/northshirecarers for more.") == [
        ("url", "facebook.com/groups/northshirecarers")
    ]


# --- Names ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Dr Patel told me to stop complaining.", "Patel"),
        ("Mrs Okafor waited two hours for the toilet.", "Okafor"),
        ("Nurse Jenkins covers two wards every night.", "Jenkins"),
        ("Sister Mary is the only one who asks how we are.", "Mary"),
        ("I raised it with my manager Sarah last week.", "Sarah"),
        ("I went to our matron, Claire, about it.", "Claire"),
        ("The deputy manager Tom Hughes changes the rota.", "Tom Hughes"),
        ("There's a resident called Doris who hasn't had a bath.", "Doris"),
        ("A patient named Mr Brown was left on a trolley.", "Brown"),
        ("The resident Grace was found on the floor.", "Grace"),
        ("My manager Will says there is no money.", "Will"),
        ("Will Thompson from the agency was put in charge.", "Will Thompson"),
        ("Last week Kwame Mensah was sent home without pay.", "Kwame Mensah"),
        ("I complained about Siobhan O'Neill's bullying.", "Siobhan O'Neill"),
        ("Priya and I were the only carers on.", "Priya"),
        ("Everyone loves Nana Asante on nights.", "Nana Asante"),
        ("Our new manager is called Bernadette.", "Bernadette"),
        ("Ask for Kerry-Ann on reception.", "Kerry-Ann"),
    ],
)
def test_people_named_with_a_title_a_role_or_from_the_name_lists_are_found(text, name):
    assert found_of_kind("name", text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Will anyone from the government read this?",
        "May I say that most of us love the job.",
        "In May the rota changed again.",
        "June and July were the worst months.",
        "Hope is the only thing keeping us here.",
        "Grace period for timesheets is two days.",
        "Mark my words, another home will close.",
        "Bill payments come out before my wages arrive.",
        "Sue the company? None of us could afford it.",
        "Petrol prices rose again. Rose gardens are lovely but we never see daylight.",
        "The Amber alert for heat meant jugs every hour.",
        "Frank discussions at handover are rare.",
        "Joy is not a word I'd use about this job.",
        "Faith in management is at an all-time low.",
        "At dawn the drug round starts. Dawn shifts are the hardest.",
        "Sunny days mean more falls.",
        "The High Street branch closed. Lane closures made me late.",
        "Green bins for clinical waste are emptied once a day.",
        "Brown envelopes with payslips are left in the staff room.",
        "The White Paper promised a career structure.",
        "Black and minority ethnic staff are disciplined more often.",
        "Nurse staffing is set at one to eight on paper.",
        "Sister told us at handover that leave was cancelled.",
        "Matron said the same thing last year.",
        "Doctor rounds happen at 10am on Monday and Friday.",
        "NHS England, the CQC, my GP and every HCA in A&E and ICU know it.",
        "I've worked in London and the North West for twenty years.",
        "Bath time on the dementia unit is rushed.",
        "The Care Quality Commission rated us Requires Improvement.",
        "We did a Marie Curie fundraiser for a syringe driver.",
    ],
)
def test_ordinary_and_ambiguous_capitalised_words_are_not_names(text):
    assert found_of_kind("name", text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Natalie the night manager sends us home early.", "Natalie"),
        ("Gemma our team leader is brilliant.", "Gemma"),
        ("Ji-woo the new carer was left alone on nights.", "Ji-woo"),
        ("Support worker Hollie Barnes covers three houses.", "Hollie Barnes"),
        ("My mentor Rajinder taught me everything.", "Rajinder"),
        ("Huge thanks to Kelly who covered my nights.", "Kelly"),
        ("Sorry but Wayne on nights is a bully.", "Wayne"),
        ("Tomasz stayed until 2am to help us.", "Tomasz"),
    ],
)
def test_names_given_with_a_role_after_them_or_from_every_community_are_found(text, name):
    assert found_of_kind("name", text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Unfortunately the manager never listens.",
        "Self-employed carers get no sick pay.",
        "Senior Carer is the title but the pay is the same.",
        "Our Night Coordinator covers four units.",
        "Christmas Eve I did a 14 hour shift.",
        "Pat on the back is all we ever get.",
        "Patience is running out among the staff.",
    ],
)
def test_adverbs_job_titles_and_everyday_words_are_not_names(text):
    assert found_of_kind("name", text) == []


# --- Workplaces -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "workplace"),
    [
        ("I work on St Mary's ward 7 on nights.", "St Mary's ward 7"),
        ("Ward 12 has been short every night.", "Ward 12"),
        ("Sunnyvale Care Home uses agency staff.", "Sunnyvale Care Home"),
        ("At Oakwood Nursing Home we stopped recording falls.", "Oakwood Nursing Home"),
        ("I've been a porter at Riverside Hospital for years.", "Riverside Hospital"),
        ("The lounge at the Royal Infirmary is full.", "Royal Infirmary"),
        ("Patients ring Elm Tree Surgery at 8am.", "Elm Tree Surgery"),
        ("Reception at Hollybank Medical Centre get shouted at.", "Hollybank Medical Centre"),
        ("I do nights at Maple Lodge.", "Maple Lodge"),
        ("On Ash Ward we have one hoist.", "Ash Ward"),
        ("Beech ward has had three managers.", "Beech ward"),
        ("The Kingfisher Unit was closed to admissions.", "Kingfisher Unit"),
        ("Northshire NHS Foundation Trust owes us back pay.", "Northshire NHS Foundation Trust"),
        ("Leeds General Infirmary was chaos.", "Leeds General Infirmary"),
        ("The home's called Brambles and it's owned by a fund.", "Brambles"),
        ("She's at Guy's now, on the renal unit.", "Guy's"),
        ("At Meadowbank we are told not to call the GP.", "Meadowbank"),
    ],
)
def test_named_workplaces_are_found(text, workplace):
    assert found_of_kind("workplace", text) == [workplace]


def test_a_proper_name_after_at_is_a_workplace_when_work_is_the_subject():
    text = "I work days at Hillview and nights at Parkside, and shop at Christmas in London."
    assert found_of_kind("workplace", text) == ["Hillview", "Parkside"]
    text = "I've been on Ward 22 at Wythenshawe for six years."
    assert found_of_kind("workplace", text) == ["Ward 22", "Wythenshawe"]


@pytest.mark.parametrize(
    ("text", "workplace"),
    [
        ("Bay 3 on Ward D4 has no call bell.", "Ward D4"),
        ("Bright Futures Care Services cut our mileage.", "Bright Futures Care Services"),
        ("Helping Hearts Home Care sends us to 20 calls a day.", "Helping Hearts Home Care"),
        ("Oak Tree Children's Home had the police out.", "Oak Tree Children's Home"),
        ("I worked at Meadowview Childrens Home for two years.", "Meadowview Childrens Home"),
        ("Ashgrove Rest Home has one hoist.", "Ashgrove Rest Home"),
        ("I'm a nurse at the Royal Hallamshire.", "Royal Hallamshire"),
        ("When I worked at the Beeches we had time.", "Beeches"),
        ("Theatres at the General are short of ODPs.", "General"),
        ("We get moved about at the Alexandra.", "Alexandra"),
        ("Everyone at Pinderfields is exhausted.", "Pinderfields"),
        ("I do agency at Broomfield on Sundays.", "Broomfield"),
        ("I've been at Frimley since 2010.", "Frimley"),
        ("Ask anyone at Stoke Mandeville.", "Stoke Mandeville"),
        ("I work for Bluebird and they never pay mileage.", "Bluebird"),
        ("I was employed by Caremark for six months.", "Caremark"),
    ],
)
def test_workplaces_by_ward_code_kind_of_service_or_where_people_work_are_found(text, workplace):
    assert found_of_kind("workplace", text) == [workplace]


@pytest.mark.parametrize(
    "text",
    [
        "My daughter works at Tesco and earns more than me.",
        "Staff at Amazon get more than care workers.",
        "Staff at the Care Quality Commission never come on nights.",
        "I went to a meeting at the Royal College of Nursing.",
        "I did a course at the Open University in my own time.",
        "At the General Election nobody mentioned care.",
        "We were at the Christmas party when the call came.",
        "Nobody at the Home Office understands care work.",
        "I work for Social Services in a big county.",
        "I work for Kent and the mileage is awful.",
        "Staff at Greater Manchester have had enough.",
        "Adult Social Care Services are underfunded.",
        "I do agency at weekends and bank at Easter.",
    ],
)
def test_shops_organisations_events_regions_and_services_are_not_workplaces(text):
    assert found_of_kind("workplace", text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The care home changed hands three times.",
        "My ward is a 28-bed acute medical ward.",
        "A hospital bed costs more than a carer's visit.",
        "The surgery phones are jammed by 8.01am.",
        "Our Trust board says morale is improving.",
        "Ward managers are told to keep sickness down.",
        "On the Acute Medical Unit we have patients in the corridor.",
        "I work in a London care home.",
        "I work on a Nightingale-style ward.",
        "Our WhatsApp group is called Night Owls.",
        "We stayed at Sarah's after the night shift.",
        "I work nights at Christmas and at Easter.",
    ],
)
def test_generic_mentions_of_places_are_not_workplaces(text):
    assert found_of_kind("workplace", text) == []


# --- Overlaps and redaction -----------------------------------------------------------------------


def test_findings_are_sorted_do_not_overlap_and_quote_the_text():
    text = "Email Sarah.Jones@nhs.net, or ask Dr Patel on Ward 9 at Riverside Hospital."
    findings = find_identifying_details(text)
    assert [(f.kind, f.text) for f in findings] == [
        ("email", "Sarah.Jones@nhs.net"),
        ("name", "Patel"),
        ("workplace", "Ward 9"),
        ("workplace", "Riverside Hospital"),
    ]
    assert all(text[f.start : f.end] == f.text for f in findings)
    assert all(a.end <= b.start for a, b in zip(findings, findings[1:], strict=False))


def test_every_kind_has_a_label_and_a_redaction():
    assert set(KIND_LABELS) == set(REDACTION_TEXT) == set(KINDS)


def test_redact_replaces_spans_given_in_any_order():
    text = "Ring Sister O'Connor on 0113 496 0788."
    spans = [(24, 37, "phone"), (12, 20, "name")]
    assert redact(text, spans) == "Ring Sister [name removed] on [phone number removed]."


def test_redact_refuses_overlapping_spans():
    with pytest.raises(ValueError):
        redact("Dr Patel", [(0, 8, "name"), (3, 8, "name")])


def test_redact_with_no_spans_leaves_the_text_alone():
    assert redact("Nothing to hide here.", []) == "Nothing to hide here."


def test_redacting_what_was_found_leaves_nothing_identifying():
    text = "I'm Joseph Mensah, NI number JR 38 44 10 C, at Birchwood Care Home, M1 1AE."
    spans = [(f.start, f.end, f.kind) for f in find_identifying_details(text)]
    assert redact(text, spans) == (
        "I'm [name removed], NI number [NI number removed], at [workplace removed], "
        "[postcode removed]."
    )


# --- The labelled corpus --------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelledSentence:
    text: str
    findings: list[dict[str, str]]


@dataclass(frozen=True)
class CorpusFigures:
    # recall group -> (found, labelled)
    recall: dict[str, tuple[int, int]]
    clean_flagged: int
    clean_total: int

    @property
    def false_positive_rate(self) -> float:
        return self.clean_flagged / self.clean_total


def load_corpus(path: Path = CORPUS) -> list[LabelledSentence]:
    with path.open(encoding="utf-8") as lines:
        return [LabelledSentence(**json.loads(line)) for line in lines if line.strip()]


def measure_corpus(path: Path = CORPUS) -> CorpusFigures:
    """Per-kind recall on the labelled findings, and how many clean sentences get flagged."""
    found_count, labelled_count = Counter(), Counter()
    clean_flagged = clean_total = 0
    for sentence in load_corpus(path):
        findings = find_identifying_details(sentence.text)
        if not sentence.findings:
            clean_total += 1
            clean_flagged += bool(findings)
        for label in sentence.findings:
            group = RECALL_GROUPS.get(label["kind"], label["kind"])
            labelled_count[group] += 1
            found_count[group] += _is_found(sentence.text, label, group, findings)
    recall = {group: (found_count[group], labelled_count[group]) for group in labelled_count}
    return CorpusFigures(recall, clean_flagged, clean_total)


def _is_found(text: str, label: dict[str, str], group: str, findings: list[Finding]) -> bool:
    start = text.index(label["text"])
    end = start + len(label["text"])
    return any(
        RECALL_GROUPS.get(f.kind, f.kind) == group and f.start < end and f.end > start
        for f in findings
    )


def test_the_corpus_is_big_and_varied_enough_to_measure_with():
    corpus = load_corpus()
    kinds = Counter(label["kind"] for sentence in corpus for label in sentence.findings)
    assert len(corpus) >= 320
    assert sum(not sentence.findings for sentence in corpus) >= 140
    assert sum(bool(sentence.findings) for sentence in corpus) >= 180
    assert all(kinds[kind] >= 20 for kind in STRUCTURED_KINDS)
    assert kinds["name"] >= 30 and kinds["workplace"] >= 25
    assert kinds["url"] + kinds["handle"] > 0
    assert all(label["text"] in s.text for s in corpus for label in s.findings)


def test_every_labelled_nhs_number_has_a_valid_check_digit():
    numbers = [
        re.sub(r"\D", "", label["text"])
        for sentence in load_corpus()
        for label in sentence.findings
        if label["kind"] == "nhs_number"
    ]
    for number in numbers:
        weights = range(10, 1, -1)
        total = sum(int(digit) * weight for digit, weight in zip(number[:9], weights, strict=True))
        assert (11 - total % 11) % 11 == int(number[9]), number


def test_the_detector_meets_its_targets_on_the_labelled_corpus():
    figures = measure_corpus()
    recall = {group: hits / total for group, (hits, total) in figures.recall.items()}
    assert all(recall[kind] >= 0.98 for kind in STRUCTURED_KINDS), recall
    assert recall["name"] >= 0.80 and recall["workplace"] >= 0.80, recall
    assert recall["url/handle"] >= 0.80, recall
    assert figures.false_positive_rate <= 0.03


@pytest.mark.parametrize(
    ("text", "found"), [("visit at b15 2th today", True), ("off the m6 5th exit", False)]
)
def test_lower_case_postcodes_are_found_unless_they_read_as_an_ordinal(text, found):
    kinds = [finding.kind for finding in find_identifying_details(text)]
    assert ("postcode" in kinds) is found
