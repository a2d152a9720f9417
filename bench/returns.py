"""Time to generate a yearbook draft from 41 units × 200 accepted chronicle entries.

Builds a throw-away database (SQLite in a temporary folder by default; pass
``--database-url postgresql://…`` for PostgreSQL: a scratch database is created beside
it and dropped afterwards), a campaign with 41 reporting units, 200
chronicle entries each with mixed date precisions, all accepted, a mapping of every unit's
chronicle to the yearbook's 大事记 node, then times ``draft_generate`` (the merge in date
order and the new manuscript version). Prints the figures with the machine.

    .venv/bin/python bench/returns.py [--units 41] [--entries 200] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=41)
    parser.add_argument("--entries", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="fangzhi-bench-")
    os.environ["FANGZHI_DATA_DIR"] = data_dir
    os.environ["FANGZHI_HUEY_IMMEDIATE"] = "1"
    scratch = None
    if args.database_url:
        scratch = scratch_database(args.database_url)
        os.environ["FANGZHI_DATABASE_URL"] = scratch[0]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fangzhi.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    setup_start = time.perf_counter()
    campaign, admin, entries = build(args.units, args.entries)
    setup = time.perf_counter() - setup_start

    from fangzhi.returns.services import draft_generate
    from fangzhi.works.models import ManuscriptVersion

    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        versions = draft_generate(by=admin, campaign=campaign)
        times.append(time.perf_counter() - start)
    version = ManuscriptVersion.objects.get(pk=versions[0].pk)
    engine = django.db.connection.vendor
    print("| machine | |\n| --- | --- |")
    print(f"| platform | {platform.platform()} |")
    print(f"| CPUs | {os.cpu_count()} |")
    print(f"| Python | {platform.python_version()} |")
    print(f"| database | {engine} |\n")
    print("| measure | figure |\n| --- | --- |")
    print(f"| set-up ({args.units} units × {args.entries} entries) | {setup:.1f} s |")
    print(f"| draft_generate, median of {args.runs} | {statistics.median(times):.3f} s |")
    print(f"| entries merged | {entries} |")
    print(f"| draft length | {version.char_count:,} characters |")
    if scratch:
        django.db.connections.close_all()
        scratch[1]()


def scratch_database(url: str):
    """A fresh PostgreSQL database beside the one named in ``url``, dropped afterwards."""
    import uuid
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    name = f"fangzhi_bench_{uuid.uuid4().hex[:8]}"
    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def build(unit_count: int, per_unit: int):
    import datetime as dt

    from fangzhi.accounts.models import User
    from fangzhi.org.models import Committee, Unit
    from fangzhi.returns import services as returns
    from fangzhi.returns.models import Entry, Submission
    from fangzhi.text.dates import parse_fuzzy_date
    from fangzhi.works import services as works

    admin = User.objects.create(username="bench", full_name="基准", role="office_admin")
    committee = Committee.objects.create(name="编委会", district="巴南区", office_name="办公室")
    office = Unit.objects.create(
        committee=committee, name="地方志办公室", category="office", joined_on=dt.date(2020, 1, 1)
    )
    units = [
        Unit.objects.create(
            committee=committee,
            name=f"单位{i:02d}",
            category="department",
            joined_on=dt.date(2020, 1, 1),
            sort_order=i,
        )
        for i in range(unit_count)
    ]
    yearbook = works.work_create(
        by=admin, kind="yearbook", title="巴南年鉴（2025）", compiler=office, year=2025
    )
    node = works.node_add(by=admin, work=yearbook, title="大事记")
    campaign = returns.campaign_open(
        by=admin, year=2025, due_on=dt.date(2026, 2, 28), yearbook=yearbook, units=units
    )
    returns.mapping_set(by=admin, campaign=campaign, category="chronicle", node=node)
    rnd = random.Random(7)
    events = [
        "召开工作会议，部署全年任务。",
        "开展安全生产大检查。",
        "举办文化活动，群众踊跃参加。",
        "重点项目开工建设。",
        "接受上级督查考核。",
    ]
    rows = []
    for unit in units:
        submission = Submission.objects.get(campaign=campaign, unit=unit, category="chronicle")
        for i in range(per_unit):
            kind = rnd.random()
            month, day = rnd.randint(1, 12), rnd.randint(1, 28)
            text = {
                0: f"2025-{month:02d}-{day:02d}",
                1: f"2025-{month:02d}",
                2: "2025年秋",
                3: "2025",
            }[0 if kind < 0.7 else 1 if kind < 0.9 else 2 if kind < 0.95 else 3]
            date = parse_fuzzy_date(text)
            rows.append(
                Entry(
                    submission=submission,
                    category="chronicle",
                    text=f"{unit.name}{events[i % 5]}（{i}）",
                    date_year=date.year,
                    date_month=date.month,
                    date_day=date.day,
                    date_season=date.season,
                    date_precision=date.precision.value,
                    date_sort="-".join(f"{p:04d}" for p in date.sort_key()),
                    created_by=admin,
                )
            )
        submission.status = Submission.Status.ACCEPTED
        submission.save(update_fields=["status"])
    Entry.objects.bulk_create(rows, batch_size=1000)
    return campaign, admin, len(rows)


if __name__ == "__main__":
    main()
