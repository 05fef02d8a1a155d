"""Writing papers: added to an item, replaced by a new version (the earlier one kept, marked
superseded) and withdrawn (kept, marked withdrawn, out of every pack). An uploaded PDF is opened
when it arrives: one that cannot be read is refused there, not when a pack is built, and its page
count is kept for the agenda and the pack."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from engineroom.audit import actions as audit
from engineroom.governance.actions.agenda import check_agenda_open
from engineroom.governance.models import AgendaItem, Paper


def pdf_pages(file) -> int:
    """The page count of an uploaded PDF; ValidationError on the file field if unreadable."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    file.seek(0)
    try:
        reader = PdfReader(file)
        if reader.is_encrypted:
            raise ValidationError(
                {"file": f"{file.name} is password-protected: upload it without a password."}
            )
        pages = len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise ValidationError(
            {"file": f"{file.name} could not be read as a PDF ({error}). Save it again as PDF."}
        ) from error
    finally:
        file.seek(0)
    if pages == 0:
        raise ValidationError({"file": f"{file.name} has no pages."})
    return pages


def _check_content(item: AgendaItem, file, html: str, confidential: bool, published: bool):
    if not file and not html.strip():
        raise ValidationError({"file": "Upload a file or write the paper's text."})
    if file and html.strip():
        raise ValidationError({"html": "Give either a file or the paper's text, not both."})
    if published and (confidential or item.confidential):
        raise ValidationError({"published": "A confidential (Part 2) paper cannot be published."})


def _lock(paper: Paper) -> Paper:
    """The paper's row, locked until the transaction ends and read afresh: of two people
    replacing or withdrawing the same version at once, the second finds it no longer current."""
    Paper.objects.select_for_update().filter(pk=paper.pk).get()
    paper.refresh_from_db(fields=["version", "superseded", "withdrawn_on", "withdrawn_reason"])
    return paper


def _save(paper: Paper, file) -> Paper:
    if file:
        if file.name.lower().endswith(".pdf"):
            paper.page_count = pdf_pages(file)
        paper.file.save(file.name.rsplit("/", 1)[-1], file, save=False)
    paper.save()
    return paper


@transaction.atomic
def add_paper(
    *,
    by,
    item: AgendaItem,
    title: str,
    file=None,
    html: str = "",
    confidential: bool = False,
    published: bool = False,
) -> Paper:
    """A file or the paper's text (not both); a Part 2 paper is never published."""
    check_agenda_open(item.meeting)
    if item.is_withdrawn:
        raise ValidationError("This item is withdrawn: it takes no papers.")
    _check_content(item, file, html, confidential, published)
    paper = Paper(item=item, title=title, html=html, confidential=confidential, published=published)
    _save(paper, file)
    details = {"item": item.pk, "title": title, "confidential": confidential}
    audit.record("governance.paper_added", audit.subject(paper), by=by, details=details)
    return paper


@transaction.atomic
def replace_paper(
    *,
    by,
    paper: Paper,
    title: str,
    file=None,
    html: str = "",
    confidential: bool = False,
    published: bool = False,
) -> Paper:
    """The paper's next version; the one it replaces is kept, listed as superseded."""
    paper = _lock(paper)
    check_agenda_open(paper.item.meeting)
    if not paper.is_current:
        raise ValidationError("Only the current version of a paper, not withdrawn, is replaced.")
    _check_content(paper.item, file, html, confidential, published)
    new = Paper(
        item=paper.item,
        title=title,
        html=html,
        confidential=confidential,
        published=published,
        version=paper.version + 1,
        replaces=paper,
    )
    paper.superseded = True
    paper.save(update_fields=["superseded"])
    _save(new, file)
    details = {"replaces": paper.pk, "version": new.version, "title": title}
    audit.record("governance.paper_replaced", audit.subject(new), by=by, details=details)
    return new


@transaction.atomic
def withdraw_paper(*, by, paper: Paper, reason: str, on: dt.date | None = None) -> Paper:
    """Withdraw the current version: kept and listed as withdrawn, left out of every pack."""
    paper = _lock(paper)
    check_agenda_open(paper.item.meeting)
    if not paper.is_current:
        raise ValidationError("This paper is already withdrawn or replaced.")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason the paper is withdrawn."})
    paper.withdrawn_on, paper.withdrawn_reason = on or dt.date.today(), reason.strip()
    paper.save(update_fields=["withdrawn_on", "withdrawn_reason"])
    details = {"reason": paper.withdrawn_reason}
    audit.record("governance.paper_withdrawn", audit.subject(paper), by=by, details=details)
    return paper
