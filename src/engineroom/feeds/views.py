"""Data feed pages for the data manager: feeds, quarantine, unlinked queue, organisation loader."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.views.generic import FormView, TemplateView

from engineroom.accounts.permissions import Permission
from engineroom.audit import actions as audit
from engineroom.feeds import queries as feeds
from engineroom.feeds.csvcheck import LoadError
from engineroom.feeds.forms import ExtractUploadForm
from engineroom.feeds.loader import load_files
from engineroom.population import api
from engineroom.web.scoping import SystemScopedMixin

QUEUE_LIMIT = 500  # rows of a quarantine or unlinked queue shown on one page


class ExtractUpload(SystemScopedMixin, FormView):
    """Load organisations, footprints and leaders from an ODS-like CSV extract."""

    permission = Permission.SYSTEM_LOAD
    template_name = "feeds/load.html"
    form_class = ExtractUploadForm

    def form_valid(self, form):
        files = {f.name: f.read() for f in form.cleaned_data["files"]}
        try:
            counts = load_files(files, within=self.system)
        except LoadError as error:
            return self.render_to_response(
                self.get_context_data(form=form, problems=error.problems)
            )
        audit.record(
            "system.extract_loaded",
            f"system:{self.system.code}",
            by=self.request.user,
            details=counts,
        )
        return self.render_to_response(
            self.get_context_data(form=ExtractUploadForm(), loaded=counts)
        )


class FeedList(SystemScopedMixin, TemplateView):
    """Every partner feed of the system: last load, counts and reconciliation (no person data)."""

    permission = Permission.FEEDS_MANAGE
    template_name = "feeds/feeds.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = feeds.system_feeds(self.system, settings.VAR_DIR)
        context["feeds"] = rows
        context["summary"] = feeds.summary(rows)
        return context


class FeedDetail(SystemScopedMixin, TemplateView):
    """One feed file's quarantine with reasons. Values may identify people, so each view is audited."""

    permission = Permission.FEEDS_MANAGE
    template_name = "feeds/feed.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        found = feeds.feed(self.system, settings.VAR_DIR, kwargs["load_id"])
        if found is None:
            raise Http404("No such feed load in this system.")
        rows = api.quarantine(settings.VAR_DIR, file=found["file"], limit=QUEUE_LIMIT)
        audit.record(
            "feeds.quarantine_viewed",
            f"feed:{found['load_id']}",
            by=self.request.user,
            reason="data quality: working the quarantine",
            details={"file": found["file"], "rows_shown": len(rows)},
        )
        context.update(feed=found, rows=rows, limit=QUEUE_LIMIT)
        return context


class UnlinkedQueue(SystemScopedMixin, TemplateView):
    """Records that matched nobody: identifiable, so each view is audited."""

    permission = Permission.FEEDS_MANAGE
    template_name = "feeds/unlinked.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = feeds.unlinked(self.system, settings.VAR_DIR, limit=QUEUE_LIMIT)
        audit.record(
            "feeds.unlinked_viewed",
            f"system:{self.system.code}",
            by=self.request.user,
            reason="data quality: working the unlinked queue",
            details={"rows_shown": len(rows)},
        )
        context.update(rows=rows, limit=QUEUE_LIMIT)
        return context
