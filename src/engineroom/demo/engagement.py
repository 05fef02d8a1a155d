"""Demo consultation (S24): a Dorset-like consultation of the main system, its ~18,500 responses
generated (``population.consult.generate``) and taken through the real steps an analyst takes:
the export imported with the guessed column mapping, themes proposed per free-text question,
named (``data/engagement.yaml``), merged where the model split one planted theme in two,
accepted and every answer mapped; a summary written, two public decisions linked ("you said, we
did") and the results published. The population to compare with is taken when a linked lake is
there (``var``); the demo's population step does that later otherwise.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from pathlib import Path
from tempfile import TemporaryDirectory

from django.conf import settings

from engineroom.demo import files
from engineroom.demo.structure import main_system_code
from engineroom.engagement.actions import consultations, imports, influence, results, themes
from engineroom.engagement.models import Consultation, QuestionKind, Status, Theme
from engineroom.governance import public as governance
from engineroom.population.consult import generate as generator
from engineroom.system.models import System


def _data() -> dict:
    return files.load("engagement.yaml")


def generate(*, seed: int, n: int | None = None, var: str | Path | None = None) -> dict[str, int]:
    """Idempotent: a system that has the consultation keeps it. Returns rows made and seconds.
    ``n`` defaults to ``settings.DEMO_CONSULTATION_RESPONSES`` (Dorset's 18,500)."""
    n = n or settings.DEMO_CONSULTATION_RESPONSES
    spec = _data()["consultation"]
    system = System.objects.get(code=main_system_code())
    if Consultation.objects.filter(system=system, slug=spec["slug"]).exists():
        return {"engagement responses": 0}
    started = time.perf_counter()
    consultation = _create(system, spec)
    made = _import(consultation, seed, n, spec["file_name"])
    framework = sum(_themes(q, made) for q in _free_text(consultation))
    _finish(consultation, spec, var)
    return {
        "engagement responses": consultation.responses.count(),
        "engagement themes": framework,
        "engagement seconds": round(time.perf_counter() - started),
    }


def _create(system: System, spec: dict) -> Consultation:
    today = dt.date.today()
    return consultations.create_consultation(
        system,
        title=spec["title"],
        slug=spec["slug"],
        description=" ".join(spec["description"].split()),
        opens_on=today - dt.timedelta(days=spec["opens_days_ago"]),
        closes_on=today - dt.timedelta(days=spec["closes_days_ago"]),
        by=None,
    )


def _import(consultation: Consultation, seed: int, n: int, file_name: str):
    """The generated export through the analyst's own upload and mapping steps."""
    places = [(p.code, p.name) for p in consultation.system.places.order_by("code")]
    made = generator.consultation(n, seed=seed, places=places, districts=_data()["districts"])
    with TemporaryDirectory() as folder:
        path = generator.write_csv(made, Path(folder) / file_name)
        content = path.read_bytes()
    uploaded = imports.upload(consultation, file_name=file_name, content=content, by=None)
    imports.run(uploaded, mapping=uploaded.mapping, by=None)
    consultations.set_status(consultation, Status.OPEN, by=None)  # it has its questions now
    return made


def _free_text(consultation: Consultation):
    return consultation.questions.filter(kind=QuestionKind.FREE_TEXT).order_by("position")


def _themes(question, made) -> int:
    """Propose, name each proposal after the planted theme most of its quotes carry, merge
    proposals that name the same planted theme, accept them all and map every answer."""
    themes.propose(question, by=None)
    planted = _planted(question, made)
    named: dict[str, list[Theme]] = {}
    for theme in question.themes.filter(status="proposed").order_by("position", "pk"):
        key = _majority(theme, planted)
        named.setdefault(key, []).append(theme)
    accepted = [_name(group, key, made, question) for key, group in named.items()]
    themes.accept(accepted, by=None)
    themes.map_answers(question, by=None)
    return len(accepted)


def _planted(question, made) -> dict[str, str]:
    """Response ID -> the planted theme of this question's answer."""
    source = next(q["key"] for q in made.questions if q["text"] == question.text)
    ids = [row.get("Response ID", "") for row in made.rows]
    return dict(zip(ids, made.planted.get(source, []), strict=False)) | {"": ""}


def _majority(theme: Theme, planted: dict[str, str]) -> str:
    quoted = theme.question.answers.filter(pk__in=theme.quotes or [])
    keys = Counter(
        planted.get(r, "") for r in quoted.values_list("response__external_id", flat=True)
    )
    keys.pop("", None)
    return keys.most_common(1)[0][0] if keys else f"unnamed-{theme.pk}"


def _name(group: list[Theme], key: str, made, question) -> Theme:
    theme = group[0] if len(group) == 1 else themes.merge(group, label=group[0].label, by=None)
    names = _data().get("themes") or {}
    source = next(q["key"] for q in made.questions if q["text"] == question.text)
    label = names.get(key, {}).get("label") or made.themes.get(source, {}).get(key, theme.label)
    description = names.get(key, {}).get("description", "")
    return themes.rename(theme, label=label[:120], description=description, by=None)


def _finish(consultation: Consultation, spec: dict, var) -> None:
    consultations.set_status(consultation, Status.CLOSED, by=None)
    if var is not None:
        results.refresh_population(consultation, var=var, by=None)
    results.write_summary(consultation, summary=" ".join(spec["summary"].split()), by=None)
    linkable = {d.reference: d for d in governance.decisions_to_link(consultation.system)}
    for said in _data()["decisions"]:
        decision = linkable.get(said["reference"])
        if decision is not None:
            influence.record(
                consultation,
                decision=decision,
                you_said=" ".join(said["you_said"].split()),
                we_did=" ".join(said["we_did"].split()),
                by=None,
            )
    consultations.set_status(consultation, Status.PUBLISHED, by=None)


def compare_with_population(system: System, var: str | Path) -> int:
    """Compare every consultation of ``system`` with the registered population of the linked
    lake under ``var`` (the demo's population step, once the lake exists)."""
    found = Consultation.objects.filter(system=system)
    for consultation in found:
        results.refresh_population(consultation, var=var, by=None)
    return len(found)
