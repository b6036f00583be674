"""Write the demo partnership's LADO register: the records behind the seed report's "Allegations
Management" section.

    python -m safeguarding.demo.allegations_pack

Deterministic (a fixed random seed, no clock): running it again writes the same file. It writes
allegations.csv in demo/data/somerset/ and nothing else; the 747 notifications of 2022-23 are an
entered value in metric_values.csv, with its source. Pure Python: it needs no database.

What the records reproduce (demo/data/README.md says which parts are made up):

- 742 notifications received in 2023-24 (the report: "742 notifications of allegations during
  2023-4"), of which 438 (59%) were assessed as not meeting the LADO criteria;
- everything else is synthetic but plausible: referrals and requests for advice, the employer
  sectors (education the most), the categories, the harm test's four criteria, strategy
  meetings, the outcomes of Keeping Children Safe in Education (some allegations still ongoing,
  some still undecided at the year's end), referrals to the DBS and regulators, and the LADO
  informed mostly on the day, sometimes late.

No person is named: each has a role and a code (P-0001), each allegation a reference (LADO-0001).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PACK = Path(__file__).parent / "data" / "somerset"
SEED = 7422023
YEAR_START = dt.date(2023, 4, 1)
YEAR_END = dt.date(2024, 3, 31)

NOTIFICATIONS = 742
NOT_MET = 438  # 59% of 742
MET = 268
UNDECIDED = NOTIFICATIONS - NOT_MET - MET  # 36, received in the year's last weeks

COLUMNS = (
    "reference",
    "contact_type",
    "received_on",
    "lado_informed_on",
    "employer_sector",
    "person_role",
    "person_code",
    "category",
    "criteria_met",
    "harmed_child",
    "criminal_offence",
    "risk_of_harm",
    "unsuitable",
    "strategy_meeting_on",
    "outcome",
    "concluded_on",
    "referred_to_dbs",
    "referred_to_regulator",
)

#: Each employer sector's weight, its people's roles and the regulator a substantiated allegation
#: may be referred to.
SECTORS: dict[str, tuple[int, tuple[str, ...], str]] = {
    "education": (42, ("Teacher", "Teaching assistant", "Lunchtime supervisor"), ""),
    "early_years": (10, ("Nursery practitioner", "Childminder"), "Ofsted"),
    "social_care": (9, ("Residential care worker", "Social worker"), "Social Work England"),
    "foster_care": (8, ("Foster carer",), "Ofsted"),
    "health": (7, ("Nurse", "Healthcare assistant"), "Nursing and Midwifery Council"),
    "sport": (6, ("Sports coach", "Swimming instructor"), ""),
    "transport": (5, ("Taxi driver", "Passenger assistant"), ""),
    "voluntary": (5, ("Youth worker", "Volunteer"), ""),
    "faith": (3, ("Faith leader", "Youth leader"), ""),
    "police": (3, ("Police officer",), ""),
    "other": (2, ("Other",), ""),
}
TEACHING_REGULATOR = "Teaching Regulation Agency"
CATEGORIES = {"physical": 40, "sexual": 20, "emotional": 12, "neglect": 8, "suitability": 20}
#: How the allegations meeting the harm test ended: the outcome and how many.
MET_OUTCOMES = {
    "substantiated": 95,
    "unsubstantiated": 70,
    "unfounded": 52,
    "false": 18,
    "malicious": 3,
    "ongoing": 30,
}
#: How long an allegation meeting the harm test took to conclude, in days: (fewest, most, weight).
MET_DAYS = ((2, 30, 35), (31, 90, 40), (91, 360, 22), (370, 420, 3))
NOT_MET_STILL_OPEN = 18
#: How late the LADO was informed, in calendar days after receipt, and how often.
INFORMED_AFTER = {0: 80, 1: 12, 2: 3, 3: 2, 5: 1, None: 2}


@dataclass
class Notification:
    number: int
    contact_type: str
    received_on: dt.date
    criteria_met: str  # "yes", "no" or "" (not yet decided)
    sector: str = ""
    role: str = ""
    category: str = ""
    criteria: tuple[bool, bool, bool, bool] = (False, False, False, False)
    informed_on: dt.date | None = None
    strategy_meeting_on: dt.date | None = None
    outcome: str = "ongoing"
    concluded_on: dt.date | None = None
    referred_to_dbs: bool = False
    regulator: str = ""


def weighted(rnd: random.Random, weights: dict[str, int]) -> str:
    return rnd.choices(list(weights), weights=list(weights.values()))[0]


def weekdays(first: dt.date, last: dt.date) -> list[dt.date]:
    days = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if day.weekday() < 5]


def notifications(rnd: random.Random) -> list[Notification]:
    """742 notifications in order of receipt: the criteria answers in their exact numbers, the
    undecided ones in the year's last three weeks."""
    decided = ["no"] * NOT_MET + ["yes"] * MET
    rnd.shuffle(decided)
    days = weekdays(YEAR_START, dt.date(2024, 3, 8))
    late_days = weekdays(dt.date(2024, 3, 11), YEAR_END)
    received = sorted(rnd.choice(days) for _ in decided)
    rows = [(day, answer) for day, answer in zip(received, decided, strict=True)]
    rows += sorted((rnd.choice(late_days), "") for _ in range(UNDECIDED))
    found = []
    for number, (day, answer) in enumerate(rows, start=1):
        contact = _contact_type(rnd, answer)
        found.append(Notification(number, contact, day, answer))
    return found


def _contact_type(rnd: random.Random, answer: str) -> str:
    """Every allegation meeting the harm test was referred; most not meeting it were requests
    for advice, as were most of those not yet decided."""
    if answer == "yes":
        return "referral"
    share_of_advice = 57 if answer == "no" else 72
    return "advice" if rnd.randrange(100) < share_of_advice else "referral"


def describe(rnd: random.Random, item: Notification) -> None:
    """Sector, role, category, the harm test's criteria and when the LADO was informed."""
    item.sector = weighted(rnd, {name: spec[0] for name, spec in SECTORS.items()})
    item.role = rnd.choice(SECTORS[item.sector][1])
    if item.contact_type == "referral" or rnd.randrange(100) < 30:
        item.category = weighted(rnd, CATEGORIES)
    if item.criteria_met == "yes":
        item.criteria = _criteria(rnd)
    delay = rnd.choices(list(INFORMED_AFTER), weights=list(INFORMED_AFTER.values()))[0]
    if delay is not None:
        item.informed_on = item.received_on + dt.timedelta(days=delay)


def _criteria(rnd: random.Random) -> tuple[bool, bool, bool, bool]:
    """At least one of the four criteria, each about as often as the others are seen."""
    while True:
        harmed, criminal, risk, unsuitable = (rnd.randrange(100) < n for n in (70, 25, 40, 35))
        if harmed or criminal or risk or unsuitable:
            return harmed, criminal, risk, unsuitable


def conclude(rnd: random.Random, item: Notification, outcome: str) -> None:
    """Close the allegation with `outcome` after a plausible time (ongoing: left open)."""
    item.outcome = outcome
    if item.criteria_met == "yes":
        item.strategy_meeting_on = item.received_on + dt.timedelta(days=rnd.randint(2, 10))
    if outcome == "ongoing":
        return
    if outcome == "criteria_not_met":
        days = rnd.choice([rnd.randint(0, 14)] * 4 + [rnd.randint(15, 75)])
    else:
        fewest, most, _ = rnd.choices(MET_DAYS, weights=[w for *_, w in MET_DAYS])[0]
        days = rnd.randint(fewest, most)
    item.concluded_on = item.received_on + dt.timedelta(days=days)
    if outcome == "substantiated":
        item.referred_to_dbs = rnd.randrange(100) < 55
        regulator = SECTORS[item.sector][2]
        if item.sector == "education" and item.role == "Teacher":
            regulator = TEACHING_REGULATOR
        item.regulator = regulator if rnd.randrange(100) < 60 else ""


def outcomes(rnd: random.Random, items: list[Notification]) -> None:
    met = [item for item in items if item.criteria_met == "yes"]
    drawn = [outcome for outcome, n in MET_OUTCOMES.items() for _ in range(n)]
    rnd.shuffle(drawn)
    for item, outcome in zip(met, drawn, strict=True):
        conclude(rnd, item, outcome)
    not_met = [item for item in items if item.criteria_met == "no"]
    still_open = set(range(len(not_met) - NOT_MET_STILL_OPEN, len(not_met)))
    for index, item in enumerate(not_met):
        conclude(rnd, item, "ongoing" if index in still_open else "criteria_not_met")


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def row(item: Notification) -> list[str]:
    return [
        f"LADO-{item.number:04d}",
        item.contact_type,
        _day(item.received_on),
        _day(item.informed_on),
        item.sector,
        item.role,
        f"P-{item.number:04d}",
        item.category,
        item.criteria_met,
        *(_yes_no(ticked) for ticked in item.criteria),
        _day(item.strategy_meeting_on),
        item.outcome,
        _day(item.concluded_on),
        _yes_no(item.referred_to_dbs),
        item.regulator,
    ]


def sheet() -> list[list[str]]:
    rnd = random.Random(SEED)
    items = notifications(rnd)
    for item in items:
        describe(rnd, item)
    outcomes(rnd, items)
    return [list(COLUMNS), *(row(item) for item in items)]


def write(rows: Sequence[Sequence[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def main(folder: Path = PACK) -> None:
    (folder / "allegations.csv").write_text(write(sheet()), encoding="utf-8")


if __name__ == "__main__":
    main()
