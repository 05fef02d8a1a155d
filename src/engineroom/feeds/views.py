"""Data feed pages for the data manager: feeds, quarantine, unlinked queue, organisation loader."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse

from engineroom.accounts.permissions import Permission
from engineroom.feeds import actions, presenters, queries
from engineroom.feeds.csvcheck import LoadError
from engineroom.feeds.forms import ExtractUploadForm
from engineroom.web.pages import ActionFormPage, SystemPage


class ExtractUpload(ActionFormPage):
    """Load organisations, footprints and leaders from an ODS-like CSV extract."""

    permission = Permission.SYSTEM_LOAD
    template_name = "feeds/load.html"
    form_class = ExtractUploadForm
    form_kwargs_system = False
    problems: tuple = ()  # set when the extract is refused

    def perform(self, data: dict) -> str:
        files = {f.name: f.read() for f in data["files"]}
        try:
            counts = actions.load_organisations(files, within=self.system, by=self.request.user)
        except LoadError as error:
            self.problems = error.problems
            raise ValidationError(str(error)) from error
        loaded = ", ".join(f"{name} ({n} row{'s' if n != 1 else ''})" for name, n in counts.items())
        return f"Loaded: {loaded}."

    def get_success_url(self):
        return reverse("feeds:load", args=[self.system.code])

    def get_context_data(self, **kwargs):
        return super().get_context_data(problems=self.problems, **kwargs)


class FeedList(SystemPage):
    """Every partner feed of the system: last load, counts and reconciliation (no person data)."""

    permission = Permission.FEEDS_MANAGE
    template_name = "feeds/feeds.html"

    def get_context_data(self, **kwargs):
        rows = queries.system_feeds(self.system)
        return super().get_context_data(
            feeds=[presenters.feed(r) for r in rows], summary=queries.summary(rows), **kwargs
        )


class FeedDetail(SystemPage):
    """One feed file's quarantine with reasons. Values may identify people: every view is
    audited, and the page is never cached."""

    permission = Permission.FEEDS_MANAGE
    identifiable = True
    template_name = "feeds/feed.html"

    def get_context_data(self, **kwargs):
        found, rows = queries.quarantine(self.system, kwargs["load_id"], by=self.request.user)
        return super().get_context_data(
            feed=presenters.feed(found), rows=rows, limit=queries.QUEUE_LIMIT, **kwargs
        )


class UnlinkedQueue(SystemPage):
    """Records that matched nobody: identifiable, so every view is audited and never cached."""

    permission = Permission.FEEDS_MANAGE
    identifiable = True
    template_name = "feeds/unlinked.html"

    def get_context_data(self, **kwargs):
        rows = queries.unlinked(self.system, by=self.request.user)
        return super().get_context_data(rows=rows, limit=queries.QUEUE_LIMIT, **kwargs)
