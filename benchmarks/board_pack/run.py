"""Board pack benchmark (``make bench``; never part of ``make test``): a 200-page pack.

In a throwaway SQLite database and media directory: a meeting of eight items, each with an
uploaded PDF paper (real text on every page, made with WeasyPrint) and a written paper, the PDFs
totalling at least ``--pages`` pages, plus a Part 2 item. Then the private and the public pack
are built through ``governance.packs`` (render once, merge, stamp page numbers, bookmarks), each
``--runs`` times; the setup is not timed. The budget is 10 s for a 200-page pack. Writes
``benchmarks/results/board-pack.json``; exits 1 if a pack is over budget or short of pages.

    python benchmarks/board_pack/run.py [--pages 200] [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "benchmarks" / "results" / "board-pack.json"
BUDGET_S = 10.0
ITEMS = 8
PARAGRAPH = (
    "The system's elective recovery plan sets out how waiting lists will fall over the year, "
    "with each partner's contribution, the capacity it needs and the risks to delivery. "
)


def _setup_django(var: Path) -> None:
    os.environ["ENGINEROOM_VAR"] = str(var)
    os.environ.setdefault("ENGINEROOM_DEMO", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engineroom.web.settings")
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    settings.MEDIA_ROOT = str(var / "media")
    call_command("migrate", verbosity=0)
    from django.urls import reverse

    reverse("governance:meetings", args=["bench"])  # load the URLconf, as a running server has


def _paper_pdf(label: str, pages: int) -> bytes:
    from weasyprint import HTML

    body = "".join(
        f'<section style="break-before: page"><h2>{label}: page {n}</h2>'
        + f"<p>{PARAGRAPH * 3}</p>" * 2
        + "</section>"
        for n in range(1, pages + 1)
    )
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def _meeting(pages: int):
    """A meeting whose uploaded papers total ``pages`` pages or more (not timed)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from engineroom.accounts.models import User
    from engineroom.governance import actions
    from engineroom.governance.models import Body
    from engineroom.system.models import Region, System

    region = Region.objects.create(code="bench", name="Benchmark region")
    system = System.objects.create(
        region=region, code="bench", name="Benchmark system", population=1_000_000
    )
    body = Body.objects.create(
        system=system, code="board", name="Partnership Board", kind="partnership_board"
    )
    by = User.objects.create(username="bench-secretary")
    meeting = actions.schedule_meeting(
        by=by, body=body, starts_at=timezone.now() + dt.timedelta(days=14), location="Board room"
    )
    each = -(-pages // ITEMS)
    for n in range(1, ITEMS + 1):
        item = actions.add_item(
            by=by, meeting=meeting, title=f"Report {n}", purpose="assurance", minutes_allotted=15
        )
        upload = SimpleUploadedFile(f"report-{n}.pdf", _paper_pdf(f"Report {n}", each))
        actions.add_paper(by=by, item=item, title=f"Report {n} paper", file=upload, published=True)
        actions.add_paper(
            by=by, item=item, title=f"Report {n} cover note", html=PARAGRAPH * 3, published=True
        )
    secret = actions.add_item(
        by=by, meeting=meeting, title="Contract negotiations", purpose="decision", confidential=True
    )
    upload = SimpleUploadedFile("negotiations.pdf", _paper_pdf("Negotiations", 4))
    actions.add_paper(by=by, item=secret, title="Negotiating position", file=upload)
    return meeting


def _time(meeting, *, confidential: bool, runs: int) -> dict:
    from pypdf import PdfReader

    from engineroom.governance import packs

    times, content = [], b""
    started = time.perf_counter()
    packs.pack_bytes(meeting, confidential=confidential, base_url="http://bench/")
    first = time.perf_counter() - started  # a cold build: templates, fonts, files first read
    for _ in range(runs):
        started = time.perf_counter()
        content = packs.pack_bytes(meeting, confidential=confidential, base_url="http://bench/")
        times.append(time.perf_counter() - started)
    reader = PdfReader(io.BytesIO(content))
    return {
        "pages": len(reader.pages),
        "bytes": len(content),
        "bookmarks": len(reader.outline),
        "first_build_s": round(first, 2),
        "seconds_min": round(min(times), 2),
        "seconds_median": round(statistics.median(times), 2),
        "seconds_max": round(max(times), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="board-pack-") as work:
        _setup_django(Path(work))
        started = time.perf_counter()
        meeting = _meeting(args.pages)
        setup_s = time.perf_counter() - started
        packs = {
            "private": _time(meeting, confidential=True, runs=args.runs),
            "public": _time(meeting, confidential=False, runs=args.runs),
        }
    result = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f} at the end",
        "paper_pages_asked": args.pages,
        "budget_s": BUDGET_S,
        "setup_s": round(setup_s, 1),
        "packs": packs,
    }
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))
    slow = [k for k, v in packs.items() if v["seconds_median"] > BUDGET_S]
    short = packs["public"]["pages"] < args.pages
    if slow or short:
        print(f"over budget: {slow}" if slow else "the pack is short of pages", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
