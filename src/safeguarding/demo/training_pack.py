"""Write the demo partnership's training sheets: the records behind the seed report's "Learning
and Development" section and the training its priorities cite.

    python -m safeguarding.demo.training_pack

Deterministic (a fixed random seed, no clock): running it again writes the same files. It writes
courses.csv, course_questions.csv, sessions.csv, delegates.csv, bookings.csv, evaluations.csv,
webinar_weeks.csv, commissioned_training.csv and training_requirements.csv in
demo/data/somerset/, and replaces the `training.*` rows of its metric_values.csv (keeping every
other row as it is). Pure Python: it needs no database.

What the records reproduce (demo/data/README.md says which parts are made up):

- 615 practitioners trained on Advanced Child Protection 2 day and 745 on the Update in 2023-24,
  from attended bookings; 307 and 411 (2021-22), 592 and 634 (2022-23) are entered values;
- learning gain 17% (2 day), 11% (Update) and 16.4% (Introduction to Child Protection, an
  e-learning course) over matched pairs of self-ratings on 1 to 5: the headline is the mean of
  (post − pre) over the pairs, as a share of the scale's range (4), so 25 pairs gaining 17 in all
  give 17%; some delegates rated only before or only after the course (unmatched) and a few
  pairs start at the top of the scale (ceiling);
- the seven funded courses run in the year (89 attended Child Exploitation and 82 Motivational
  Interviewing), two webinar weeks (100, and 268 + 145 = 413 attendees and video views), Serious
  Youth Violence training commissioned for 40 managers from five agencies;
- the seed's ten quotes, chosen for the report from feedback given with consent;
- fewer delegates from the police and health than from the other sectors, as the seed says.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

PACK = Path(__file__).parent / "data" / "somerset"
SEED = 20232024


def words(text: str) -> list[str]:
    return text.split()


SCALE_MAX = 5
SCALE_MIN = 1
YEAR_START = dt.date(2023, 4, 1)
SOURCE = (
    "Somerset SCP 12 month report 2023-24, Learning and Development: core safeguarding training"
)

ACP = "Advanced Child Protection 2 day"
UPDATE = "Advanced Child Protection Update"
INTRO = "Introduction to Child Protection"
EXPLOITATION = "Child Exploitation"
MOTIVATIONAL = "Motivational Interviewing"
VIOLENCE = "Serious Youth Violence"
COMMUNITY = "Safe in the Community"
WELLBEING = "Positive Emotional Wellbeing and Mental Health"

CSC = "Children's Social Care (Somerset Council)"
EDUCATION = "Education Services (Somerset Council)"
SCHOOL = "The Mendip School"
COUNCIL = "Somerset Council"
PROBATION = "Probation Service"
POLICE = "Avon and Somerset Constabulary"
NURSING = "Public Health Nursing"
ICB = "Somerset Integrated Care Board"
TRUST = "Somerset NHS Foundation Trust"

#: Each agency's share of the places, and the email domain and job roles of its delegates:
#: the police and health together send fewer than any other sector (the seed wants more).
AGENCIES: dict[str, tuple[int, str, tuple[str, ...]]] = {
    CSC: (32, "csc.somerset.example", ("Social worker", "Family support worker", "Team manager")),
    EDUCATION: (19, "education.somerset.example", ("Education welfare officer", "Inclusion lead")),
    SCHOOL: (14, "mendip-school.example", ("Teacher", "Designated safeguarding lead")),
    COUNCIL: (12, "council.somerset.example", ("Early help practitioner", "Housing officer")),
    PROBATION: (11, "probation.example", ("Probation officer",)),
    NURSING: (4, "phn.somerset.example", ("Health visitor", "School nurse")),
    TRUST: (3, "nhs-trust.somerset.example", ("Paediatric nurse", "Midwife")),
    POLICE: (3, "police.somerset.example", ("Police officer", "Detective constable")),
    ICB: (2, "icb.somerset.example", ("Designated nurse",)),
}

QUESTIONS = {
    ACP: (
        "How confident are you in recognising when a child may be at risk of significant harm?",
        "How well do you understand the child protection process from referral to conference?",
        "How confident are you in contributing to a strategy discussion?",
        "How well do you understand your agency's role in a child protection plan?",
        "How confident are you in challenging other professionals when you are worried?",
    ),
    UPDATE: (
        "How well do you know the changes in Working Together 2023?",
        "How confident are you in applying the partnership's threshold document?",
        "How well do you understand the learning from recent local reviews?",
        "How confident are you in using the escalation policy?",
        "How confident are you in recording the voice of the child?",
    ),
    INTRO: (
        "How confident are you in recognising the signs of abuse and neglect?",
        "How well do you know what to do when you are worried about a child?",
        "How confident are you in making a referral to the front door?",
        "How well do you understand information sharing and consent?",
        "How confident are you in talking with a family about your concerns?",
    ),
}

#: The seed report's ten quotes, each on an after-course evaluation given with consent.
QUOTES = {
    ACP: (
        "Much better awareness of the best approach in completing a form. When to start an "
        "assessment. How to collaborate with the family in completing an assessment.",
        "Made me feel better equipped to ask the right questions at the right time",
        "The importance of looking further than the young person's behaviour / medical "
        "condition and associated management and treatment of same- what is the underlying "
        "cause? what else is going on for the child?",
        "I am now confident about the documentation that can be used to support children and "
        "families",
    ),
    UPDATE: (
        "This enabled me to be confident in completing referrals",
        "I feel very well informed about the ways to support families I am working with",
        "When there's multi-agency individuals on training it is a great benefit because it "
        "brings more insight and something new to the table",
    ),
    INTRO: (
        "The training provided me with a better understanding of the processes needed to "
        "support families",
        "This course has empowered me to carry out my job effectively using my knowledge and "
        "best practice",
        "Better understanding of some specialist services in Somerset who we can refer young "
        "people and their families on to, should they need extra support",
    ),
}
#: Feedback that must not reach the report: given with consent but not chosen, or without it.
NOT_CHOSEN = "Good pace, and the case studies were useful."
NO_CONSENT = "The trainer answered every question I had about my own cases."

#: (title, level, duration in hours, default capacity, themes, priorities, audience)
COURSES: tuple[tuple[str, str, str, int, str, str, str], ...] = (
    (
        ACP,
        "core",
        "13",
        26,
        "Multi-agency communication",
        "",
        "Practitioners working directly with children and families",
    ),
    (
        UPDATE,
        "core",
        "3.5",
        26,
        "Multi-agency communication",
        "",
        "Practitioners who completed Advanced Child Protection three years ago",
    ),
    (INTRO, "e_learning", "2", 40, "", "", "Everyone who works or volunteers with children"),
    (
        "Understanding Neglect",
        "funded",
        "3",
        22,
        "Professional curiosity and taking a whole-family approach",
        "",
        "",
    ),
    ("Early Help", "funded", "3", 20, "", "", ""),
    (
        "Low Level Concerns LADO workshop",
        "funded",
        "2",
        32,
        "",
        "",
        "Designated safeguarding leads and managers",
    ),
    (
        EXPLOITATION,
        "funded",
        "6",
        24,
        "Recognising vulnerability and children as victims",
        COMMUNITY,
        "",
    ),
    ("Brook Traffic Light Tool", "funded", "3", 26, "", "", ""),
    (
        MOTIVATIONAL,
        "funded",
        "6",
        22,
        "Emotional health and wellbeing support for children",
        WELLBEING,
        "",
    ),
    (
        "Safeguarding Unborn Babies",
        "funded",
        "3",
        18,
        "Working with fathers and male carers",
        "",
        "",
    ),
    ("Harmful Sexual Behaviour", "funded", "3", 20, "", "", ""),
    (
        VIOLENCE,
        "commissioned",
        "6",
        50,
        "Recognising vulnerability and children as victims",
        COMMUNITY,
        "Senior leaders",
    ),
)

#: Sessions in 2023-24: (course, attended at each session, the month of the first, hour, days)
SCHEDULE: tuple[tuple[str, tuple[int, ...], int, int, int], ...] = (
    (ACP, (25,) * 15 + (24,) * 10, 4, 9, 2),
    (UPDATE, (25,) * 25 + (24,) * 5, 4, 13, 1),
    (INTRO, (10,) * 6, 4, 10, 1),
    # The funded courses first run in the order the seed lists them.
    ("Understanding Neglect", (20, 20), 4, 9, 1),
    ("Early Help", (18, 18), 5, 9, 1),
    ("Low Level Concerns LADO workshop", (30,), 6, 10, 1),
    (EXPLOITATION, (23, 22, 22, 22), 7, 9, 1),
    ("Brook Traffic Light Tool", (24,), 8, 9, 1),
    (MOTIVATIONAL, (21, 21, 20, 20), 9, 9, 1),
    ("Safeguarding Unborn Babies", (16, 16), 10, 13, 1),
)
#: Held in 2023-24 but cancelled (so not "run"), and sessions still to come in the demo's today.
#: Times are UK local times, as the sheets write them.
CANCELLED = (("Harmful Sexual Behaviour", dt.datetime(2023, 11, 21, 9, 30), dt.date(2023, 11, 1)),)  # noqa: DTZ001
UPCOMING = ((ACP, dt.datetime(2027, 1, 19, 9, 30), 2), (UPDATE, dt.datetime(2027, 2, 9, 13), 1))  # noqa: DTZ001

#: Learning gain: (course, evaluators with both ratings, total of post − pre over their pairs,
#: pairs at the top of the scale before, evaluators who rated only before, only after).
GAINS = ((ACP, 5, 17, 1, 0, 1), (UPDATE, 5, 11, 1, 1, 0), (INTRO, 25, 82, 3, 2, 0))

WEBINAR_WEEKS = (
    (
        "Neglect",
        "2023-10-02",
        5,
        100,
        0,
        "Professional curiosity and taking a whole-family approach",
    ),
    (
        "Getting to know the agencies in Somerset",
        "2024-01-22",
        8,
        268,
        145,
        "Multi-agency communication",
    ),
)
#: Serious Youth Violence for senior leaders: 40 managers from five agencies.
COMMISSIONED = {CSC: 12, POLICE: 8, EDUCATION: 8, PROBATION: 6, COUNCIL: 6}

ENTERED = {2021: {ACP: 307, UPDATE: 411}, 2022: {ACP: 592, UPDATE: 634}}

FIRST = words(
    "Aisha Alex Amelia Amir Anna Ben Beth Callum Charlotte Chloe Daniel David Ella Emily Ethan "
    "Faye Finn Freya George Grace Hannah Harry Holly Isaac Isla Jack Jade James Jasmine Joe "
    "Josh Kate Kieran Laura Leah Liam Lily Lucy Maya Megan Mia Mohammed Nathan Niamh Noah "
    "Olivia Oscar Priya Rachel Rhys Rosie Ryan Sam Sarah Sophie Tom Zara"
)
LAST = words(
    "Abbott Ahmed Bailey Barker Bennett Brooks Carter Clarke Cole Cooper Davies Dixon Edwards "
    "Ellis Evans Fisher Foster Gray Hall Harris Hughes Hunt Jones Kaur Khan Lewis Marsh Mason "
    "Mills Moore Morgan Murphy Owen Palmer Parker Patel Pearce Price Reed Reynolds Rose Shaw "
    "Simpson Stone Taylor Turner Walker Ward Webb Wells West White Wood Wright Young"
)


@dataclass
class Delegate:
    email: str
    name: str
    agency: str
    job_role: str
    manager_email: str


@dataclass
class Session:
    course: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    attended: int
    capacity: int
    online: bool
    delegates: list[Delegate] = field(default_factory=list)  # attended, in booking order


def when(moment: dt.datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


def joined(items: Iterable[object]) -> str:
    return "; ".join(str(item) for item in items)


def yes(flag: bool) -> str:
    return "yes" if flag else "no"


# Delegates


def delegates(rng: random.Random, places: int) -> dict[str, list[Delegate]]:
    """Each agency's staff who train: about one person for every two places, so
    many attend more than one course."""
    total = sum(share for share, _, _ in AGENCIES.values())
    names = [(first, last) for first in FIRST for last in LAST]
    rng.shuffle(names)
    pools: dict[str, list[Delegate]] = {}
    taken = 0
    for agency, (share, domain, roles) in AGENCIES.items():
        size = max(30, round(places * share / total / 2))
        pool = []
        for n, (first, last) in enumerate(names[taken : taken + size]):
            pool.append(
                Delegate(
                    email=f"{first}.{last}@{domain}".lower(),
                    name=f"{first} {last}",
                    agency=agency,
                    job_role=roles[n % len(roles)],
                    manager_email=f"training.lead@{domain}",
                )
            )
        pools[agency] = pool
        taken += size
    return pools


def agency_order(rng: random.Random, count: int) -> list[str]:
    """`count` agencies, in proportion to their shares, shuffled."""
    total = sum(share for share, _, _ in AGENCIES.values())
    agencies = [a for a, (share, _, _) in AGENCIES.items() for _ in range(share)]
    picked = [agencies[n * total // count] for n in range(count)]
    rng.shuffle(picked)
    return picked


# Sessions and bookings


def schedule() -> list[Session]:
    sessions = []
    for course, attended, month, hour, days in SCHEDULE:
        first = dt.date(YEAR_START.year + (month < 4), month, 1)
        last = dt.date(2024, 3, 15)
        step = (last - first) / len(attended)
        for n, count in enumerate(attended):
            day = first + step * n
            day += dt.timedelta(days=(1 - day.weekday()) % 7)  # the Tuesday after
            starts = dt.datetime.combine(day, dt.time(hour, 30 if hour == 9 else 0))
            length = dt.timedelta(hours=3 if hour >= 13 else 7) + dt.timedelta(days=days - 1)
            capacity = capacity_of(course)
            sessions.append(
                Session(course, starts, starts + length, count, capacity, course == INTRO)
            )
    return sessions


def capacity_of(course: str) -> int:
    return next(capacity for title, _, _, capacity, *_ in COURSES if title == course)


def fill(sessions: list[Session], pools: dict[str, list[Delegate]], rng: random.Random) -> None:
    """Attended delegates for every session: the agencies in proportion, each agency's staff in
    turn, never one person twice on a course."""
    places = sum(session.attended for session in sessions)
    order = iter(agency_order(rng, places))
    cursor = dict.fromkeys(pools, 0)
    on_course: dict[str, set[str]] = {}
    for session in sessions:
        seen = on_course.setdefault(session.course, set())
        for _ in range(session.attended):
            agency = next(order)
            pool = pools[agency]
            for _ in range(len(pool)):
                person = pool[cursor[agency] % len(pool)]
                cursor[agency] += 1
                if person.email not in seen:
                    break
            else:
                raise ValueError(f"{agency} has too few delegates for {session.course}.")
            seen.add(person.email)
            session.delegates.append(person)


def booking_rows(sessions: list[Session], pools: dict[str, list[Delegate]]) -> list[list[str]]:
    """Attended bookings, then one did-not-attend and (every fifth session) one cancellation
    on the larger courses, from people not on that course."""
    spare = spare_delegates(pools)
    rows = []
    for n, session in enumerate(sessions):
        requested = session.starts_at - dt.timedelta(days=21, hours=3)
        for person in session.delegates:
            rows.append(booking(session, person, "booked", "attended", requested))
        if session.course not in (ACP, UPDATE) or session.attended >= session.capacity:
            continue
        absent = [d for d in spare[n:] + spare[:n] if d not in session.delegates]
        rows.append(booking(session, absent[0], "booked", "did_not_attend", requested))
        if n % 5 == 0:
            rows.append(booking(session, absent[1], "cancelled", "", requested))
    return rows


def booking(
    session: Session, person: Delegate, status: str, attendance: str, requested: dt.datetime
) -> list[str]:
    return [
        session.course,
        when(session.starts_at),
        person.email,
        person.agency,
        status,
        attendance,
        when(requested),
    ]


# Evaluations


@dataclass(frozen=True)
class Rated:
    session: Session
    person: Delegate
    pre: tuple[int, ...] | None
    post: tuple[int, ...] | None


def pairs(rng: random.Random, count: int, total: int, ceiling: int) -> list[tuple[int, int]]:
    """`count` (pre, post) pairs on 1 to 5 whose gains add up to `total`: `ceiling` of them start
    (and stay) at the top, one loses a point, the others gain 0, 1 or 2."""
    pre = [rng.choice((2, 3, 3, 4)) for _ in range(count)]
    gain = [0] * count
    for n in range(ceiling):
        pre[n * count // ceiling] = SCALE_MAX
    falls = next(n for n in range(count) if SCALE_MIN < pre[n] < SCALE_MAX)
    gain[falls] = -1
    open_ = [n for n in range(count) if pre[n] < SCALE_MAX and n != falls]
    left = total + 1
    while left:
        n = rng.choice(open_)
        if gain[n] < 2 and pre[n] + gain[n] < SCALE_MAX:
            gain[n] += 1
            left -= 1
    found = [(p, p + g) for p, g in zip(pre, gain, strict=True)]
    assert sum(after - before for before, after in found) == total
    assert all(SCALE_MIN <= v <= SCALE_MAX for pair in found for v in pair)
    return found


def rated(rng: random.Random, sessions: list[Session]) -> list[Rated]:
    """Who rated themselves on each evaluated course, spread over its sessions."""
    found = []
    for course, matched, total, ceiling, pre_only, post_only in GAINS:
        questions = len(QUESTIONS[course])
        values = pairs(rng, matched * questions, total, ceiling)
        held = [s for s in sessions if s.course == course]
        people = [
            (held[n % len(held)], held[n % len(held)].delegates[n // len(held)])
            for n in range(matched + pre_only + post_only)
        ]
        for n, (session, person) in enumerate(people[:matched]):
            mine = values[n * questions : (n + 1) * questions]
            found.append(
                Rated(session, person, tuple(p for p, _ in mine), tuple(q for _, q in mine))
            )
        for session, person in people[matched : matched + pre_only]:
            found.append(Rated(session, person, (3,) * questions, None))
        for session, person in people[matched + pre_only :]:
            found.append(Rated(session, person, None, (4,) * questions))
    return found


def evaluation_rows(ratings: list[Rated]) -> list[list[str]]:
    """Before and after rows; after-course feedback carries the quotes (consent given, chosen)
    and two that must stay out of the report; three follow-ups on the 2 day course."""
    quotes = {course: list(texts) for course, texts in QUOTES.items()}
    rows = []
    extra = [(NOT_CHOSEN, True), (NO_CONSENT, False)]
    follow_ups = 3
    for one in ratings:
        session, person = one.session, one.person
        key = [session.course, when(session.starts_at), person.email]
        if one.pre:
            before = session.starts_at - dt.timedelta(days=2)
            rows.append([*key, "pre", when(before), joined(one.pre), "", "no", "no", ""])
        if not one.post:
            continue
        feedback, consent, chosen = "", False, False
        if quotes[session.course]:
            feedback, consent, chosen = quotes[session.course].pop(0), True, True
        elif extra:
            (feedback, consent), chosen = extra.pop(0), False
        after = session.ends_at + dt.timedelta(hours=1)
        rows.append(
            [*key, "post", when(after), joined(one.post), feedback, yes(consent), yes(chosen), ""]
        )
        if session.course == ACP and one.pre and follow_ups:
            follow_ups -= 1
            later = session.ends_at + dt.timedelta(days=100)
            changed = ("yes", "partly", "yes")[follow_ups]
            rows.append([*key, "follow_up", when(later), "", "", "no", "no", changed])
    if any(quotes.values()):
        raise ValueError("Every quote needs an after-course evaluation.")
    return rows


def headline(ratings: list[Rated], course: str) -> tuple[float, int, int]:
    """(learning gain %, matched pairs, unmatched ratings) as docs/training.md defines them."""
    matched = [
        (p, q)
        for one in ratings
        if one.session.course == course and one.pre and one.post
        for p, q in zip(one.pre, one.post, strict=True)
    ]
    unmatched = sum(
        len(one.pre or one.post or ())
        for one in ratings
        if one.session.course == course and not (one.pre and one.post)
    )
    mean = sum(q - p for p, q in matched) / len(matched)
    return round(mean / (SCALE_MAX - SCALE_MIN) * 100, 1), len(matched), unmatched


# The sheets

COURSE_COLUMNS = words(
    "title level description audience duration_hours default_capacity scale "
    "needs_manager_approval themes priorities created_on retired_on"
)
SESSION_COLUMNS = words("course starts_at ends_at venue online trainer capacity cancelled_on")
BOOKING_COLUMNS = words(
    "course session_starts_at delegate_email agency status attendance requested_at"
)
EVALUATION_COLUMNS = words(
    "course session_starts_at delegate_email stage completed_at ratings feedback "
    "consent_to_quote quote_chosen practice_changed"
)


def sheets() -> dict[str, list[list[str]]]:
    rng = random.Random(SEED)
    sessions = schedule()
    pools = delegates(rng, sum(s.attended for s in sessions))
    fill(sessions, pools, rng)
    ratings = rated(rng, sessions)
    for course, expected in ((ACP, 17.0), (UPDATE, 11.0), (INTRO, 16.4)):
        gain, _, unmatched = headline(ratings, course)
        assert gain == expected, (course, gain)
        assert unmatched > 0, course
    for course, trained in ((ACP, 615), (UPDATE, 745), (EXPLOITATION, 89), (MOTIVATIONAL, 82)):
        assert sum(s.attended for s in sessions if s.course == course) == trained
    used = {d.email for s in sessions for d in s.delegates}
    people = [d for pool in pools.values() for d in pool]
    return {
        "courses": [
            COURSE_COLUMNS,
            *(course_row(*course) for course in COURSES),
        ],
        "course_questions": [
            ["course", "position", "text", "retired_on"],
            *(
                [course, str(n), text, ""]
                for course, texts in QUESTIONS.items()
                for n, text in enumerate(texts, start=1)
            ),
        ],
        "sessions": [
            SESSION_COLUMNS,
            *(session_row(s) for s in sessions),
            *(
                [c, when(at), when(at + dt.timedelta(hours=3)), "Taunton", "no", "", "20", str(on)]
                for c, at, on in CANCELLED
            ),
            *(upcoming_row(course, at, days) for course, at, days in UPCOMING),
        ],
        "delegates": [
            ["email", "name", "agency", "job_role", "manager_email", "left_on"],
            *(
                [d.email, d.name, d.agency, d.job_role, d.manager_email, ""]
                for d in sorted(people, key=lambda d: d.email)
                if d.email in used or d in spare_delegates(pools)
            ),
        ],
        "bookings": [
            BOOKING_COLUMNS,
            *booking_rows(sessions, pools),
        ],
        "evaluations": [
            EVALUATION_COLUMNS,
            *evaluation_rows(ratings),
        ],
        "webinar_weeks": [
            ["title", "starts_on", "webinars", "attendees", "recording_views", "themes"],
            *([t, on, str(w), str(a), str(v), th] for t, on, w, a, v, th in WEBINAR_WEEKS),
        ],
        "commissioned_training": [
            ["course", "delivered_on", "agency", "attendees", "provider", "audience"],
            *(
                [VIOLENCE, "2023-11-15", agency, str(n), "Safer Streets Training", "managers"]
                for agency, n in COMMISSIONED.items()
            ),
        ],
        "training_requirements": [
            ["agency", "job_role", "course", "renew_every_months", "retired_on"],
            [CSC, "Social worker", ACP, "", ""],
            ["", "Designated safeguarding lead", UPDATE, "36", ""],
            [SCHOOL, "Teacher", INTRO, "36", ""],
        ],
    }


def course_row(
    title: str, level: str, hours: str, capacity: int, themes: str, priorities: str, audience: str
) -> list[str]:
    approval = yes(title == ACP)
    created, retired = "2023-04-01", ""
    return [
        title,
        level,
        "",
        audience,
        hours,
        str(capacity),
        "5",
        approval,
        themes,
        priorities,
        created,
        retired,
    ]


def spare_delegates(pools: dict[str, list[Delegate]]) -> list[Delegate]:
    return [d for pool in pools.values() for d in pool[-3:]]


def session_row(session: Session) -> list[str]:
    venue = "" if session.online else "Somerset Council offices, Taunton"
    trainer = "Partnership training team"
    return [
        session.course,
        when(session.starts_at),
        when(session.ends_at),
        venue,
        yes(session.online),
        trainer,
        str(session.capacity),
        "",
    ]


def upcoming_row(course: str, starts: dt.datetime, days: int) -> list[str]:
    ends = starts + dt.timedelta(days=days - 1, hours=7 if starts.hour < 12 else 3)
    venue = "Somerset Council offices, Taunton"
    capacity = str(capacity_of(course))
    return [course, when(starts), when(ends), venue, "no", "", capacity, ""]


def metric_rows() -> list[list[str]]:
    return [
        ["training.trained", f"{start}-{str(start + 1)[2:]}", "course", course, str(n), SOURCE]
        for start, courses in ENTERED.items()
        for course, n in courses.items()
    ]


def write(rows: Sequence[Sequence[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def main(folder: Path = PACK) -> None:
    for name, rows in sheets().items():
        (folder / f"{name}.csv").write_text(write(rows), encoding="utf-8")
    values = folder / "metric_values.csv"
    kept = [r for r in csv.reader(io.StringIO(values.read_text(encoding="utf-8"))) if r]
    kept = [r for r in kept if not r[0].startswith("training.")]
    values.write_text(write([*kept, *metric_rows()]), encoding="utf-8")


if __name__ == "__main__":
    main()
