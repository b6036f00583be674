"""The training dashboard's figures at scale: `make bench`.

Builds a throwaway SQLite database holding one partnership with 40 agencies, 20 courses (one in
four on a 1–10 scale, the rest 1–5) of three questions each and three reporting years of
sessions (2023-24 to 2025-26): 100,000 bookings of 20,000 delegates (nine in ten attended, the
rest did not attend or cancelled late), 200,000 completed evaluations (before and after each
attended course; before only for the rest) and 300,000 ratings (a pre and post pair per question,
one in twenty without its post rating). Rows go in with bulk_create in batches: this is
measuring data, not a write path.

Then times, as the median of several runs, the figures the training dashboard shows for one
year (learning gain by course and by agency, numbers trained by course) computed in the database
by `training.figures`, and prints each beside the same figure computed in pure Python over the
rows fetched, checking the two agree. Target: the database figures under 500 ms in all.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from safeguarding.core.models import Agency, Partnership
    from safeguarding.training.models import Course, Session

AGENCIES = 40
COURSES = 20
QUESTIONS = 3
YEARS = (2023, 2024, 2025)
BOOKINGS = 105_280  # 18 in 20 attended: 2 × 94,752 + 10,528 = 200,032 evaluations
DELEGATES = 20_000
PER_SESSION = 20
BATCH = 5_000
RUNS = 7
TARGET_MS = 500
YEAR = 2025


def build() -> Partnership:
    from django.core.management import call_command

    from bench.scale import add_agencies
    from safeguarding.core import services as core_services

    call_command("migrate", verbosity=0)
    partnership = core_services.partnership_create(
        actor=None, name="Benchshire Partnership", slug="benchshire", local_authority_areas=[]
    )
    agencies = add_agencies(partnership, AGENCIES, prefix="Bench")
    courses = add_courses(partnership)
    sessions = add_sessions(courses)
    add_bookings(partnership, agencies, sessions)
    return partnership


def add_courses(partnership: Partnership) -> list[Course]:
    from safeguarding.training.models import Course, CourseLevel, Question

    courses = Course.objects.bulk_create(
        Course(
            partnership=partnership,
            title=f"Bench course {index:02d}",
            level=CourseLevel.CORE if index % 2 else CourseLevel.FUNDED,
            scale=10 if index % 4 == 0 else 5,
            created_on=dt.date(2023, 4, 1),
        )
        for index in range(COURSES)
    )
    Question.objects.bulk_create(
        Question(course=course, text=f"Question {position}", position=position)
        for course in courses
        for position in range(1, QUESTIONS + 1)
    )
    return courses


def add_sessions(courses: list[Course]) -> list[Session]:
    """Sessions of every course through the three years, 20 places each, a few days apart."""
    from django.utils import timezone

    from safeguarding.training.models import Session

    count = BOOKINGS // PER_SESSION
    per_year = count // len(YEARS)
    step = 365 / per_year
    sessions = []
    for index in range(count):
        year, within = divmod(index, per_year)
        day = dt.date(YEARS[min(year, len(YEARS) - 1)], 4, 1) + dt.timedelta(
            days=int(within * step)
        )
        starts = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30)))
        sessions.append(
            Session(
                course=courses[index % len(courses)],
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=7),
                capacity=PER_SESSION,
            )
        )
    return Session.objects.bulk_create(sessions, batch_size=BATCH)


def add_bookings(partnership: Partnership, agencies: list[Agency], sessions: list[Session]) -> None:
    from safeguarding.training.models import (
        Attendance,
        Booking,
        BookingStatus,
        Delegate,
    )

    delegates = Delegate.objects.bulk_create(
        (
            Delegate(
                partnership=partnership,
                name=f"Delegate {index:05d}",
                email=f"delegate{index}@bench.example",
                agency=agencies[index % AGENCIES],
                job_role="Social worker",
            )
            for index in range(DELEGATES)
        ),
        batch_size=BATCH,
    )
    marks = [Attendance.ATTENDED] * 18 + [Attendance.DID_NOT_ATTEND, Attendance.CANCELLED_LATE]
    for start in range(0, BOOKINGS, BATCH):
        batch = []
        for index in range(start, min(start + BATCH, BOOKINGS)):
            session = sessions[index // PER_SESSION]
            delegate = delegates[(index * 7919) % DELEGATES]
            batch.append(
                Booking(
                    session=session,
                    delegate=delegate,
                    agency_id=delegate.agency_id,
                    status=BookingStatus.BOOKED,
                    attendance=marks[index % len(marks)],
                    requested_at=session.starts_at - dt.timedelta(days=21),
                )
            )
        add_evaluations(Booking.objects.bulk_create(batch))


def add_evaluations(bookings: list[Any]) -> None:
    """Before and after each attended course, before only for the rest; a pair of ratings per
    question (the post rating missing one time in twenty)."""
    from safeguarding.training.models import Attendance, Evaluation, Question, Rating

    questions: dict[int, list[int]] = {}
    for course_id, question_id in Question.objects.values_list("course_id", "pk"):
        questions.setdefault(course_id, []).append(question_id)
    scales = dict(Question.objects.values_list("pk", "course__scale"))
    rng = random.Random(len(bookings))
    evaluations, ratings = [], []
    for booking in bookings:
        attended = booking.attendance == Attendance.ATTENDED
        for stage in ("pre", "post") if attended else ("pre",):
            evaluations.append(
                Evaluation(booking=booking, stage=stage, completed_at=booking.session.starts_at)
            )
        for question_id in questions[booking.session.course_id]:
            scale = scales[question_id]
            pre = rng.randint(1, scale)
            post = None
            if attended and rng.random() > 0.05:
                post = max(1, min(scale, pre + rng.randint(-1, 3)))
            ratings.append(Rating(booking=booking, question_id=question_id, pre=pre, post=post))
    Evaluation.objects.bulk_create(evaluations, batch_size=BATCH)
    Rating.objects.bulk_create(ratings, batch_size=BATCH)


def median_ms(run: Callable[[], object]) -> tuple[float, float]:
    """The median wall time and the median CPU time of this process (SQLite runs in it, so this
    is the work itself, whatever else the machine is doing) over RUNS runs, in ms."""
    run()  # warm the caches
    wall, cpu = [], []
    for _ in range(RUNS):
        started, used = time.perf_counter(), time.process_time()
        run()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def figures(
    partnership: Partnership,
) -> Iterator[tuple[str, Callable[[], object], Callable[[], object]]]:
    """Each dashboard figure: its label, computed in the database, computed in Python."""
    from safeguarding.core.years import ReportingYear
    from safeguarding.training import figures as f
    from safeguarding.training import gain as g

    year = ReportingYear(YEAR)
    for by in ("course", "agency"):
        yield (
            f"learning gain by {by}, {year}",
            lambda by=by: g.learning_gain(partnership=partnership, year=year, by=[by]),
            lambda by=by: g.learning_gain_in_python(partnership=partnership, year=year, by=[by]),
        )
    yield (
        f"numbers trained by course, {year}",
        lambda: f.trained(partnership=partnership, year=year, by="course"),
        lambda: f.trained_in_python(partnership=partnership, year=year, by="course"),
    )


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="hub-bench-training-") as directory:
        from bench.run import configure

        configure(Path(directory))
        import django

        django.setup()
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from safeguarding.training.models import Booking, Evaluation, Rating

        started = time.perf_counter()
        partnership = build()
        print(
            f"Built {Booking.objects.count():,} bookings, {Evaluation.objects.count():,} "
            f"evaluations and {Rating.objects.count():,} ratings over {COURSES} courses, "
            f"{AGENCIES} agencies and {len(YEARS)} years in {time.perf_counter() - started:.1f} s"
        )
        total, total_cpu = 0.0, 0.0
        for label, in_database, in_python in figures(partnership):
            if in_database() != in_python():
                raise SystemExit(f"{label}: the database and Python disagree")
            with CaptureQueriesContext(connection) as queries:
                in_database()
            (database_ms, database_cpu), (python_ms, python_cpu) = (
                median_ms(in_database),
                median_ms(in_python),
            )
            total, total_cpu = total + database_ms, total_cpu + database_cpu
            print(
                f"{label}: database median {database_ms:.1f} ms (CPU {database_cpu:.1f} ms, "
                f"{len(queries)} queries); pure Python over the fetched rows {python_ms:.1f} ms "
                f"(CPU {python_cpu:.1f} ms); they agree"
            )
        verdict = "within" if total < TARGET_MS else "OVER"
        print(
            f"The dashboard's figures in the database: {total:.1f} ms (CPU {total_cpu:.1f} ms), "
            f"{verdict} the {TARGET_MS} ms target"
        )


if __name__ == "__main__":
    main()
