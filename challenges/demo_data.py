"""Believable demo contributions for filling a development or demonstration database.

Bodies are composed from banks of interchangeable sentences so that hundreds of drafts read
differently. Every fragment speaks of roles ("my manager", "a relative") and never of named people
or places: demo posts end up in screenshots and training, so they must model what a safe,
anonymous real post looks like.
"""

import random
from dataclasses import dataclass

from challenges.contributions import Draft
from challenges.facts import REGIONS, SECTORS

# Relative weights: everyday basics draw the most posts, measuring success the fewest.
_CHALLENGE_WEIGHTS = {1: 16, 2: 17, 3: 16, 4: 15, 5: 24, 6: 12}
_WITHHELD_RATE = 0.15
_SHOW_FACTS_RATE = 0.6
_INTRO_RATE = 0.45
# People describe their employer inconsistently, so a persona's sector is not always the one given.
_SECTOR_DRIFT_RATE = 0.1
_SECTOR_VALUES = tuple(value for value, _ in SECTORS)
_REGION_VALUES = tuple(value for value, _ in REGIONS)


@dataclass(frozen=True)
class _Bank:
    """The phrases one challenge's posts are built from; any combination must read naturally."""

    titles: tuple[str, ...]
    situations: tuple[str, ...]
    impacts: tuple[str, ...]
    asks: tuple[str, ...]


@dataclass(frozen=True)
class _Persona:
    """A kind of worker, so the facts given agree with how the post introduces its author."""

    staff_group: str
    sector: str
    weight: int
    intros: tuple[str, ...]


_BANKS = {
    1: _Bank(
        titles=(
            "Let the people doing the job shape it",
            "Give frontline staff a real say",
            "I want to grow, not just cope",
            "Why is it so hard to step up?",
            "Trusted to care but not to decide",
            "Our experience is being wasted",
            "Where do I go from here?",
            "Treat us as professionals",
            "More say would mean more reasons to stay",
            "Nobody asks the people on the front line",
            "Room to grow would keep me in care",
            "Stuck, and not for lack of trying",
            "Career progression feels like a closed door",
        ),
        situations=(
            "I've done the same job for years and nobody has ever talked to me about where I "
            "could go next.",
            "Every time I suggest a better way of doing things, I'm told it has to go to a meeting "
            "I'm not invited to.",
            "I trained in another country and could do far more than I'm allowed to here.",
            "The only way to earn more is to become a manager, and not everyone wants to stop "
            "doing hands-on work.",
            "We know the people we look after better than anyone, but their care gets changed "
            "without anyone asking us.",
            "Development posts always seem to go to the same few people.",
            "I can't make even small decisions, like changing the order of my tasks, without "
            "checking with someone first.",
            "I gained an extra qualification in my own time and it made no difference to my role "
            "or my pay.",
            "Our routines are decided by people who have never worked a shift with us.",
            "When the senior on shift is off I'm expected to run things, but the rest of the time "
            "I'm not trusted to.",
            "There's no clear route from support roles into registered ones that someone on my "
            "wage can afford.",
            "When I asked about an apprenticeship, I was told the team couldn't spare me.",
        ),
        impacts=(
            "It makes me feel like a pair of hands rather than a professional.",
            "After a while you stop putting ideas forward because you know what will happen.",
            "Colleagues with real talent are walking out to agency work or retail.",
            "It's demoralising to be treated as if you can't think for yourself.",
            "The people we care for lose out too, because small fixes take weeks.",
            "I love the work itself, but I can't see myself doing exactly this for another ten "
            "years.",
            "Newer staff ask me how to get on and I honestly don't know what to tell them.",
            "It leaves me feeling that my experience counts for nothing.",
            "We end up doing things the slow way because nobody will sign off the quick way.",
            "I've started looking at jobs outside care altogether.",
        ),
        asks=(
            "Let frontline staff make the everyday decisions we're already trusted to carry out.",
            "I'd like a clear, funded route to progress that doesn't mean leaving hands-on work.",
            "Everyone should have a yearly conversation about where they want to go, and it "
            "should lead somewhere.",
            "Please make sure development posts are advertised openly and fairly.",
            "Pay should recognise extra skills and qualifications, not just job titles.",
            "Ask us before changing how the work is done, because we usually know what will work.",
            "Protected time to study for the next step would make a huge difference.",
            "Recognise overseas qualifications faster so people can work at the level they "
            "trained for.",
            "Give teams a small budget and the freedom to fix their own problems.",
            "Managers should be judged partly on how many of their staff they help move up.",
        ),
    ),
    2: _Bank(
        titles=(
            "Speaking up should be safe",
            "I stopped reporting because nothing happens",
            "Fear shouldn't be part of the job",
            "Zero tolerance should mean something",
            "I was told to toughen up",
            "Nobody should dread coming to work",
            "What happens after you raise a concern?",
            "It's not just part of the job",
            "We deserve to feel safe",
            "Tired of being told to let it go",
            "Respect has to work both ways",
            "Who looks out for staff?",
            "Treated as a troublemaker for caring",
        ),
        situations=(
            "A relative screamed at me in front of everyone because visiting had ended, and I was "
            "the one told to calm down.",
            "I've been called racist names by people I'm looking after, and the response is "
            "usually that they don't mean it.",
            "When I reported a colleague who was cutting corners, my shifts suddenly got worse.",
            "I was punched by someone I was helping and was back at work ten minutes later "
            "because there was no one to cover.",
            "A senior colleague has belittled newer staff for a long time and everyone knows "
            "about it.",
            "I often work alone, sometimes late at night, and nobody knows exactly where I am.",
            "I filled in an incident form about a threat I received and never heard anything back.",
            "Staff who trained overseas get the worst allocations and are spoken to differently.",
            "I raised a safety concern through the proper channels and was then left out of team "
            "meetings.",
            "Comments about my accent and my headscarf are made as if they're jokes.",
            "People who become aggressive often have a reason, but we're rarely given the "
            "training or staffing to manage it safely.",
            "My manager shouts at people in front of others, and HR treats it as a personality "
            "clash.",
        ),
        impacts=(
            "I now dread certain shifts and feel sick on the way in.",
            "Several colleagues have left rather than go through a grievance.",
            "It teaches everyone that keeping your head down is the safest option.",
            "When nothing happens after a report, people stop reporting and the numbers look "
            "better than reality.",
            "I've had time off with stress and still felt guilty about it.",
            "It affects how I am with my own family when I get home.",
            "Newer staff see it and assume that's just how things work.",
            "I don't feel able to challenge it without risking my job.",
            "The people we care for notice the tension too.",
            "It wears you down in a way that's hard to explain to anyone outside care.",
        ),
        asks=(
            "Every report should get a reply saying what was done, even if the details are "
            "confidential.",
            "There should be someone outside the management chain to go to who can actually act.",
            "Racist abuse from patients or relatives should be logged and challenged every time, "
            "not excused.",
            "Lone workers need a simple alarm or check-in that someone actually monitors.",
            "After an assault, staff should be offered time out and a proper debrief, not sent "
            "straight back.",
            "Protect people who speak up, and check on them months later, not just the week after.",
            "Bullying by senior staff should be dealt with as seriously as a clinical error.",
            "De-escalation training should be given to everyone, including domestic and "
            "portering staff.",
            "Employers should publish how many concerns were raised and what changed as a result.",
            "Managers need training in handling a concern without making it about the person who "
            "raised it.",
        ),
    ),
    3: _Bank(
        titles=(
            "Training should be paid time",
            "I want to learn, so give me the time",
            "We need training that fits the real job",
            "Learning shouldn't be squeezed into our days off",
            "Support to do the job properly",
            "Development is the first thing to go",
            "Invest in us and we'll stay",
            "Training on paper, not in practice",
            "Time to learn and time to reflect",
            "Left to work it out alone",
            "Skills don't appear by magic",
            "Supervision and training are not luxuries",
        ),
        situations=(
            "All our mandatory modules are online, and in practice that means doing them at home "
            "in my own time.",
            "I was booked on a course I really needed, but it was cancelled twice because the "
            "team was short.",
            "My induction was one shift shadowing someone who was too busy to explain anything.",
            "I haven't had a supervision session for well over a year.",
            "There is a CPD budget in theory, but every request I make is turned down.",
            "I was asked to use equipment I'd never been trained on, with nothing more than a "
            "quick demonstration.",
            "The training we get is the same slideshow every year and rarely matches what we "
            "actually face.",
            "As an agency worker I'm expected to arrive fully trained, but nobody pays for it.",
            "When I asked for dementia training, I was told to find a free course online.",
            "I'm expected to keep my skills up to date, but I'm given no time to do it.",
            "Supervision, when it happens, is squeezed into a corridor between tasks.",
            "Night staff miss almost every face-to-face session because they all run in the day.",
        ),
        impacts=(
            "I end up doing modules at the kitchen table after a long shift, half asleep.",
            "It makes me less confident and, honestly, less safe.",
            "The people who do get trained often leave for better-paid jobs, so managers stop "
            "investing.",
            "Without time to reflect, difficult days just pile up.",
            "I feel like I'm falling behind in my own profession.",
            "It shows that learning is seen as a cost rather than part of the job.",
            "New starters are thrown in and many of them don't last the first few months.",
            "I worry about making a mistake that proper training would have prevented.",
            "It's hard to see a future in a job that won't invest in you.",
            "Good practice spreads slowly because nobody has time to share it.",
        ),
        asks=(
            "Mandatory training should always be done in paid, protected time.",
            "Supervision should be booked in advance and only cancelled in a genuine emergency.",
            "Give night and weekend staff the same access to face-to-face training.",
            "A small personal learning budget for every worker would go a long way.",
            "Training should move with us between employers, so we don't repeat the same "
            "modules every time we change jobs.",
            "Fund cover so that releasing someone for a course doesn't leave the shift short.",
            "Induction should last long enough for someone to feel safe, not just one shadow "
            "shift.",
            "Let staff choose some of their own learning based on the people they actually "
            "support.",
            "Count learning hours as working hours in every setting, including home care.",
            "Pair new starters with an experienced colleague who has time set aside to support "
            "them.",
        ),
    ),
    4: _Bank(
        titles=(
            "A thank you would cost nothing",
            "We're part of the team too",
            "Invisible unless something goes wrong",
            "Recognition shouldn't depend on who you know",
            "The clapping stopped, and so did the respect",
            "Being valued means being asked",
            "When I feel listened to, I stay",
            "Every role matters",
            "Not just a name on a rota",
            "Feeling like an outsider at work",
            "Respect for every role, on every shift",
            "Small gestures make a big difference",
            "Seen and heard, or just counted?",
        ),
        situations=(
            "I've been here for years and can count on one hand the times a senior manager has "
            "said thank you.",
            "When I work through the agency, some permanent staff won't tell me where things are "
            "or learn my name.",
            "Awards and thank-you events always seem to go to clinical staff, never to domestics "
            "or porters.",
            "Our team meetings are held when night staff are asleep, so we hear about decisions "
            "afterwards.",
            "When something goes well the credit goes upwards, and when it goes badly it comes "
            "down to us.",
            "Care work gets called unskilled, even though carers manage medication and complex "
            "needs every day.",
            "Colleagues from ethnic minority backgrounds on my team are rarely put forward for "
            "anything.",
            "I suggested a change to handovers that everyone now uses, and nobody ever mentioned "
            "where it came from.",
            "Because I'm on the bank, I'm left off the team group chat and out of rota planning.",
            "My manager genuinely stops to ask how I'm doing, and it makes more difference than "
            "any bonus.",
            "Part-time staff are left out of social events and training because they're planned "
            "around full-timers.",
            "Families often thank us, but that feedback rarely reaches the staff who earned it.",
        ),
        impacts=(
            "It makes you wonder why you go the extra mile.",
            "People quietly stop volunteering for anything beyond the basics.",
            "The divide between permanent and temporary staff makes the whole shift harder.",
            "It's not about money, it's about feeling seen.",
            "When you feel like an outsider, you don't speak up about problems you notice.",
            "A few kind words on a bad day can be what keeps someone in the job.",
            "Over time it makes you feel like just a name on a rota.",
            "It's a big part of why people drift to agency work, where at least the pay reflects "
            "how you're treated.",
            "Morale drops and sickness goes up, and then everyone is even more stretched.",
            "I'm proud of the work, but not of how we're treated.",
        ),
        asks=(
            "Senior leaders should spend time with staff on every shift, including nights.",
            "Pass on compliments from patients and families to the staff they're about.",
            "Treat agency and bank staff as part of the team, with a proper welcome and a buddy on "
            "their first shift.",
            "Recognise support roles in awards and in how leaders talk about the service.",
            "Stop calling care work unskilled, in policy and in everyday language.",
            "Plan meetings so that part-time and night staff can take part or catch up.",
            "Make sure development opportunities are fairly shared across every background.",
            "When a staff idea is adopted, say which team it came from and thank them.",
            "Give staff a simple way to feed back upwards and see what happened as a result.",
            "Offer long-term agency staff permanent contracts if they want them.",
        ),
    ),
    5: _Bank(
        titles=(
            "Getting the basics right would keep people",
            "The everyday things that wear us down",
            "Fix the basics first",
            "It's the little things",
            "We can't keep running on goodwill",
            "Simple fixes, long ignored",
            "Basic needs at work shouldn't be a fight",
            "Pay, rotas and a place to sit",
            "A working day that actually works",
            "What would make my shift possible",
            "Short on everything except goodwill",
            "The basics aren't basic where I work",
            "Cheap to fix, costly to ignore",
        ),
        situations=(
            "On most shifts I don't get my break, and when I do there's nowhere to sit except the "
            "corridor.",
            "Parking takes a noticeable part of my pay each month, and there still aren't enough "
            "spaces for staff.",
            "Our home-care colleagues drive between visits all day, but the time between visits "
            "isn't paid.",
            "The rota comes out so late that I can't plan childcare more than a week ahead.",
            "We've shared one working hoist between two floors for months.",
            "There are no lockers, so I keep my things in my car or in a carrier bag under a desk.",
            "I'm given three uniforms for five shifts a week and have to wash them every night.",
            "We were one person short on almost every shift last month, and the gaps were filled "
            "by whoever could be pressured into staying.",
            "The staff room was turned into an office, so we eat standing up wherever we can "
            "find a corner.",
            "My pay has barely moved while my bills have gone up, and I could earn the same in "
            "retail with less stress.",
            "The mileage rate hasn't changed in years while fuel costs keep rising.",
            "There's no hot food available at night, so night staff live on vending machine "
            "snacks.",
            "The computers are so slow that part of every shift goes on waiting for systems to "
            "load.",
        ),
        impacts=(
            "By the end of a long shift I'm exhausted, dehydrated and more likely to make "
            "mistakes.",
            "It feels like I'm paying to go to work.",
            "Colleagues have left over this alone, even though they loved the job.",
            "It's the small things that make you feel nobody is looking out for you.",
            "People with families or caring duties of their own simply can't keep working like "
            "this.",
            "I've started picking up extra shifts elsewhere just to cover my bills.",
            "Our backs and knees pay the price when the right equipment isn't there.",
            "It's hard to give good care when you haven't had a drink of water for hours.",
            "These things are cheap to fix compared with the cost of losing staff.",
            "Every shift starts with a scramble instead of with care.",
        ),
        asks=(
            "Guarantee breaks, with somewhere clean and quiet to take them.",
            "Make staff parking free, or at least fairly priced and close enough to walk to "
            "safely at night.",
            "Pay travel time between visits and a mileage rate that reflects real fuel costs.",
            "Publish rotas at least four weeks in advance.",
            "Give every worker a locker and enough uniforms for the shifts they actually work.",
            "Fix or replace broken equipment within days, not months.",
            "Set safe staffing levels for social care, not just for hospitals.",
            "Make sure night staff can get hot food and drinks.",
            "A fair pay rise that reflects the skill and responsibility of the job would keep "
            "people in it.",
            "Let staff report a basic problem in one place and see when it will be fixed.",
        ),
    ),
    6: _Bank(
        titles=(
            "Measure what matters to staff",
            "Count what staff actually experience",
            "Don't just measure what's easy to count",
            "How would we know things were better?",
            "Success is when people stay",
            "Ask the people doing the work, not just the managers",
            "Numbers that miss the point",
            "The figures don't match what we see",
            "Show us the results",
            "Measure the things we'd notice",
            "Data only helps if it changes something",
            "Better numbers, same shifts",
            "Judge success by how staff feel",
        ),
        situations=(
            "We fill in the staff survey every year, but I've never seen the results for my own "
            "team, let alone what changed.",
            "Our vacancy rate looks fine because agency workers fill the gaps, but the team "
            "changes every shift.",
            "Sickness figures count the days off, not the people who come in ill because they "
            "can't afford to stay home.",
            "Turnover is reported as a percentage, but nobody asks the people leaving why they're "
            "going.",
            "A lot of what happens to staff in social care isn't counted at all.",
            "Managers are measured on targets that have little to do with how staff feel at work.",
            "The survey questions are so general that you can answer them without saying "
            "anything real.",
            "Many people I work with skip the surveys because they don't believe they're "
            "anonymous.",
            "Exit interviews, if they happen at all, are done by the manager people are leaving "
            "because of.",
            "Most of the measures are about hospitals, and home care barely appears in them.",
            "Good news stories get shared, but the numbers that matter to us never do.",
        ),
        impacts=(
            "So the figures can look better while the day-to-day work gets harder.",
            "It makes the survey feel like a box-ticking exercise.",
            "People stop taking part, and the results get even less reliable.",
            "What isn't measured doesn't get fixed.",
            "Staff can tell when numbers are being managed rather than problems.",
            "It hides the teams that are quietly struggling.",
            "Leaders end up reassured by data that doesn't match what we see.",
            "Trust goes down every year that nothing changes.",
            "The real reasons people leave get lost.",
            "It feels like the measures exist for inspections rather than for us.",
        ),
        asks=(
            "Measure how often staff actually get their breaks and finish on time.",
            "Publish staff survey results by team, with a plan for what will change.",
            "Ask everyone who leaves why, through someone independent of their manager.",
            "Track how many concerns are raised and how many led to a real change.",
            "Count agency and bank use alongside vacancies, so the real gaps show.",
            "Include social care and home care in national measures, not just hospitals.",
            "Short anonymous check-ins a few times a year would tell you more than one long form.",
            "Measure whether people would recommend their job to a friend, and follow it over "
            "time.",
            "Look at how long new starters stay, because the first year tells you a lot.",
            "Let staff help choose the measures, so they reflect what matters to us.",
            "Report whether pay, rotas and basic facilities have actually improved, not just "
            "whether plans exist.",
        ),
    ),
}

_PERSONAS = (
    _Persona(
        "care-worker",
        "adult-social-care",
        14,
        (
            "I work in home care, visiting people in their own homes.",
            "I'm a home-care worker and spend most of my day driving between calls.",
            "I've done home care for a long time.",
        ),
    ),
    _Persona(
        "care-worker",
        "adult-social-care",
        10,
        (
            "I'm a care worker in a residential home.",
            "I work nights in a care home.",
            "I'm a senior carer in a nursing home.",
        ),
    ),
    _Persona(
        "care-worker",
        "childrens-social-care",
        3,
        ("I work in a children's residential home.", "I'm a residential care worker."),
    ),
    _Persona(
        "healthcare-assistant",
        "nhs",
        12,
        (
            "I'm a healthcare assistant on a busy ward.",
            "I work as an HCA, mostly on nights.",
            "I'm a maternity support worker.",
        ),
    ),
    _Persona(
        "healthcare-assistant",
        "adult-social-care",
        4,
        (
            "I'm a support worker for adults with learning disabilities.",
            "I work in supported living.",
        ),
    ),
    _Persona(
        "nurse-midwife",
        "nhs",
        12,
        (
            "I'm a ward nurse.",
            "I'm a community nurse.",
            "I'm a midwife.",
            "I'm a mental health nurse.",
        ),
    ),
    _Persona(
        "nurse-midwife",
        "primary-care",
        3,
        ("I'm a practice nurse.", "I work as a nurse in general practice."),
    ),
    _Persona("nurse-midwife", "adult-social-care", 3, ("I'm a nurse in a nursing home.",)),
    _Persona(
        "estates-facilities",
        "nhs",
        8,
        (
            "I'm a hospital porter.",
            "I'm part of the domestic team, cleaning wards.",
            "I work in the hospital kitchens.",
        ),
    ),
    _Persona(
        "estates-facilities",
        "adult-social-care",
        2,
        (
            "I do housekeeping and laundry in a care home.",
            "I cook for the residents of a care home.",
        ),
    ),
    _Persona(
        "social-worker",
        "adult-social-care",
        4,
        ("I'm an adult social worker.", "I work in a hospital discharge social work team."),
    ),
    _Persona(
        "social-worker",
        "childrens-social-care",
        5,
        ("I'm a children's social worker.", "I work in child protection."),
    ),
    _Persona(
        "allied-health",
        "nhs",
        6,
        (
            "I'm a physiotherapist.",
            "I'm an occupational therapist.",
            "I work as a radiographer.",
            "I'm a paramedic.",
        ),
    ),
    _Persona("doctor", "nhs", 3, ("I'm a resident doctor.", "I'm a hospital doctor.")),
    _Persona("doctor", "primary-care", 2, ("I'm a salaried GP.", "I'm a GP.")),
    _Persona("admin-clerical", "nhs", 4, ("I'm a ward clerk.", "I work in medical records.")),
    _Persona(
        "admin-clerical",
        "primary-care",
        4,
        ("I work on reception at a GP practice.", "I'm a receptionist at a surgery."),
    ),
    _Persona(
        "manager",
        "adult-social-care",
        4,
        ("I manage a home-care branch.", "I'm a deputy manager in a care home."),
    ),
    _Persona("manager", "nhs", 3, ("I'm a ward manager.", "I lead a small hospital team.")),
    _Persona("other", "other", 3, ("I'm a pharmacy technician.", "I work in a hospice.")),
)
_PERSONA_WEIGHTS = tuple(persona.weight for persona in _PERSONAS)


def demo_drafts(rng: random.Random, count: int) -> list[Draft]:
    """Return `count` realistic, varied demo contributions spread across all six challenges."""
    return [_draft(rng) for _ in range(count)]


def _draft(rng: random.Random) -> Draft:
    number = rng.choices(tuple(_CHALLENGE_WEIGHTS), weights=tuple(_CHALLENGE_WEIGHTS.values()))[0]
    persona = rng.choices(_PERSONAS, weights=_PERSONA_WEIGHTS)[0]
    bank = _BANKS[number]
    return Draft(
        challenge_number=number,
        title=rng.choice(bank.titles),
        body=_body(rng, bank, persona),
        **_facts(rng, persona),
        show_facts=rng.random() < _SHOW_FACTS_RATE,
    )


def _body(rng: random.Random, bank: _Bank, persona: _Persona) -> str:
    """Two to five sentences: an optional introduction, a situation, its impact, and an ask."""
    intro = [rng.choice(persona.intros)] if rng.random() < _INTRO_RATE else []
    impacts = rng.sample(bank.impacts, k=rng.choice((0, 1, 1, 2)))
    return " ".join([*intro, rng.choice(bank.situations), *impacts, rng.choice(bank.asks)])


def _facts(rng: random.Random, persona: _Persona) -> dict[str, str | None]:
    drifted = rng.random() < _SECTOR_DRIFT_RATE
    sector = rng.choice(_SECTOR_VALUES) if drifted else persona.sector
    return {
        "sector": _unless_withheld(rng, sector),
        "staff_group": _unless_withheld(rng, persona.staff_group),
        "region": _unless_withheld(rng, rng.choice(_REGION_VALUES)),
    }


def _unless_withheld(rng: random.Random, value: str) -> str | None:
    """Return the value, or None as often as contributors choose "prefer not to say"."""
    return None if rng.random() < _WITHHELD_RATE else value
