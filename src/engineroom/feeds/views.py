"""Data feed pages for the data manager: feeds and their calendar, the quarantine (worked row by
row), requests to senders, the unlinked queue (matched record by record), organisation loader.

Lists are filtered by GET forms and paged (``?page=``); pages showing identifiable values are
audited (in ``queries``) and never cached.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse

from engineroom.accounts.permissions import Permission
from engineroom.feeds import actions, forms, presenters, queries
from engineroom.feeds.csvcheck import LoadError
from engineroom.web.pages import ActionFormPage, SystemPage

MAX_ROW = 2**31 - 1  # a row number beyond any file: not found, never an overflow


class ExtractUpload(ActionFormPage):
    """Load organisations, footprints and leaders from an ODS-like CSV extract."""

    permission = Permission.SYSTEM_LOAD
    template_name = "feeds/load.html"
    form_class = forms.ExtractUploadForm
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


def paging_query(request) -> str:
    """The list's filters as a query string, without the page (for the pages' links)."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class FeedList(SystemPage):
    """Every partner feed file of the system, filtered and paged: counts and reconciliation (no
    person data)."""

    permission = Permission.FEEDS_MANAGE
    template_name = "feeds/feeds.html"

    def get_context_data(self, **kwargs):
        every = queries.system_feeds(self.system)
        form = forms.FeedFilterForm(self.request.GET, queries.filter_choices(every))
        rows = queries.filter_feeds(every, **form.filters())
        page = Paginator(rows, queries.PER_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            feeds=[presenters.feed(r) for r in page.object_list],
            page=page,
            query=paging_query(self.request),
            form=form,
            summary=queries.summary(every),
            shown=queries.summary(rows),
            to_work=queries.quarantine_to_work(self.system, every),
            **kwargs,
        )


class FeedDetail(SystemPage):
    """One feed file's quarantine with reasons, filtered and paged. Values may identify people:
    every view is audited, and the page is never cached."""

    permission = Permission.FEEDS_MANAGE
    identifiable = True
    template_name = "feeds/feed.html"

    def get_context_data(self, **kwargs):
        load_id = kwargs["load_id"]
        loads = queries.lake_loads()  # the lake's manifests, read once for the whole page
        found = queries.feed(self.system, load_id, loads)
        form = forms.FileQuarantineFilterForm(self.request.GET, self._choices(load_id, loads))
        page = queries.page_of_issues(
            self.system,
            self.request.GET.get("page"),
            by=self.request.user,
            load_id=load_id,
            loads=loads,
            **form.filters(),
        )
        return super().get_context_data(
            feed=presenters.feed(found),
            rows=page.object_list,
            page=page,
            form=form,
            query=paging_query(self.request),
            **kwargs,
        )

    def _choices(self, load_id: str, loads: list[dict]) -> dict:
        table = queries.issues(self.system, load_id=load_id, loads=loads).table
        values = {c: sorted(set(table[c].to_pylist())) for c in ("field", "reason")}
        outcomes = [("quarantined", "Quarantined"), ("flagged", "Accepted with a warning")]
        return {c: [(v, v) for v in vs] for c, vs in values.items()} | {"severity": outcomes}


class QuarantineList(SystemPage):
    """Every quarantined row of the system's files, by file, field and rule; audited."""

    permission = Permission.FEEDS_MANAGE
    identifiable = True
    template_name = "feeds/quarantine.html"

    def get_context_data(self, **kwargs):
        loads = queries.lake_loads()  # the lake's manifests, read once for the whole page
        form = forms.QuarantineFilterForm(self.request.GET, queries.choices(self.system, loads))
        page = queries.page_of_issues(
            self.system,
            self.request.GET.get("page"),
            by=self.request.user,
            severity="quarantined",
            loads=loads,
            **form.filters(),
        )
        return super().get_context_data(
            rows=page.object_list,
            page=page,
            form=form,
            query=paging_query(self.request),
            to_work=queries.quarantine_to_work(
                self.system, queries.system_feeds(self.system, loads)
            ),
            **kwargs,
        )


class RowPage(ActionFormPage):
    """One quarantined row: correct it, release it, or ask its sender to resubmit it. Each
    action's form posts to its own URL; an error shows this page again with the message."""

    permission = Permission.FEEDS_MANAGE
    identifiable = True
    template_name = "feeds/row.html"
    form_kwargs_system = False
    form_name = "correct_form"

    def dispatch(self, request, *args, **kwargs):
        if not 0 < kwargs["row"] <= MAX_ROW:
            raise Http404("No such row.")
        return super().dispatch(request, *args, **kwargs)

    @property
    def worked(self) -> dict:
        if not hasattr(self, "_worked"):
            self._worked = queries.row(
                self.system, self.kwargs["load_id"], self.kwargs["row"], by=self.request.user
            )
        return self._worked

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None) or self.get_form()
        worked = self.worked
        context = {
            "correct_form": (
                forms.CorrectionForm(record=worked["record"], problems=worked["problems"])
                if worked["record"]
                else None
            ),
            "release_form": forms.ReleaseForm(),
            "resubmit_form": forms.ResubmitForm(),
        }
        context[self.form_name] = form
        return super().get_context_data(worked=worked, form=form, **context, **kwargs)

    def get_success_url(self):
        return reverse("feeds:feed", args=[self.system.code, self.kwargs["load_id"]])

    def done(self, verb: str, counts: dict) -> str:
        return (
            f"Row {self.kwargs['row']} {verb}. The file now reconciles: {counts['rows_in']:,} in = "
            f"{counts['accepted']:,} accepted ({counts['accepted_late']:,} by the data manager) + "
            f"{counts['quarantined']:,} quarantined."
        )


class RowCorrect(RowPage):
    """The row's page, with the correction form when the record as sent can be read again;
    otherwise the page says why it cannot be corrected, and release or resubmit still work."""

    form_class = forms.CorrectionForm

    def get_form(self, form_class=None):
        return super().get_form(form_class) if self.worked["record"] else None

    def get_form_kwargs(self):
        worked = self.worked
        return super().get_form_kwargs() | {
            "record": worked["record"],
            "problems": worked["problems"],
        }

    def post(self, request, *args, **kwargs):
        if not self.worked["record"]:  # nothing to correct: the page says why
            return self.render_to_response(self.get_context_data())
        return super().post(request, *args, **kwargs)

    def perform(self, data: dict) -> str:
        counts = actions.correct_row(
            self.system,
            self.kwargs["load_id"],
            self.kwargs["row"],
            {k: v or "" for k, v in data.items()},
            by=self.request.user,
        )
        return self.done("corrected and accepted", counts)


class RowRelease(RowPage):
    form_class = forms.ReleaseForm
    form_name = "release_form"
    http_method_names = ["post"]

    def perform(self, data: dict) -> str:
        counts = actions.release_row(
            self.system, self.kwargs["load_id"], self.kwargs["row"], by=self.request.user
        )
        return self.done("released and accepted", counts)


class RowResubmit(RowPage):
    form_class = forms.ResubmitForm
    form_name = "resubmit_form"
    http_method_names = ["post"]

    def perform(self, data: dict) -> str:
        actions.request_resubmission(
            self.system,
            self.kwargs["load_id"],
            self.kwargs["row"],
            data["note"],
            by=self.request.user,
        )
        return f"Row {self.kwargs['row']} stays quarantined: its sender is asked to resubmit it."


class Resubmissions(SystemPage):
    """Rows waiting on their senders: file, row, field and the data manager's note on what to
    fix, which may quote the values sent, so the page is identifiable (never cached, refusals
    audited)."""

    permission = Permission.FEEDS_MANAGE
    identifiable = True
    template_name = "feeds/resubmissions.html"

    def get_context_data(self, **kwargs):
        names = queries.senders(self.system)
        choices = {
            "source": [
                (s, f"{names.get(s, s)} ({s})") for s in queries.resubmission_senders(self.system)
            ]
        }
        form = forms.SenderFilterForm(self.request.GET, choices)
        requests = queries.resubmissions(self.system, **form.filters())
        page = Paginator(requests, queries.PER_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page=page,
            requests=page.object_list,
            form=form,
            names=names,
            query=paging_query(self.request),
            **kwargs,
        )


class FeedCalendar(SystemPage):
    """Which feeds each partner owes, month by month: received, late or missing."""

    permission = Permission.FEEDS_MANAGE
    template_name = "feeds/calendar.html"

    def get_context_data(self, **kwargs):
        expected = queries.calendar(self.system)
        return super().get_context_data(
            late=queries.late_feeds(self.system),
            partners=presenters.calendar(expected),
            **kwargs,
        )


class UnlinkedQueue(SystemPage):
    """Records that matched nobody, filtered by sender and paged: identifiable, so every view
    is audited and never cached."""

    permission = Permission.FEEDS_MANAGE
    identifiable = True
    template_name = "feeds/unlinked.html"

    def get_context_data(self, **kwargs):
        names = queries.senders(self.system)
        choices = {"source": sorted((s, f"{n} ({s})") for s, n in names.items())}
        form = forms.SenderFilterForm(self.request.GET, choices)
        page = queries.page_of_unlinked(
            self.system, self.request.GET.get("page"), by=self.request.user, **form.filters()
        )
        return super().get_context_data(
            rows=page.object_list, page=page, form=form, query=paging_query(self.request), **kwargs
        )


class UnlinkedRecord(ActionFormPage):
    """One unlinked record: search the person index for candidates (a POST with ``search``, so
    nothing identifiable goes into a URL or a log), match the record to one (POST here) or
    confirm it as a new person (POST to ``new-person/``). Audited."""

    permission = Permission.FEEDS_MANAGE
    identifiable = True
    template_name = "feeds/unlinked_record.html"
    form_class = forms.MatchForm
    form_kwargs_system = False

    def post(self, request, *args, **kwargs):
        if "search" in request.POST:
            return self.render_to_response(self.get_context_data(form=forms.MatchForm()))
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        source, record_id = self.kwargs["source"], self.kwargs["record_id"]
        found = queries.record(self.system, source, record_id, by=self.request.user)
        posted = self.request.method == "POST" and "search" in self.request.POST
        search = forms.CandidateSearchForm(self.request.POST if posted else None)
        people = (
            queries.candidates(self.system, found, by=self.request.user, **search.terms())
            if search.is_bound and search.is_valid()
            else None
        )
        return super().get_context_data(
            found=found,
            search=search,
            people=people,
            new_person_form=forms.NewPersonForm(),
            **kwargs,
        )

    def perform(self, data: dict) -> str:
        actions.match_record(
            self.system,
            self.kwargs["source"],
            self.kwargs["record_id"],
            data["nhs_number"],
            by=self.request.user,
        )
        return "Matched. The next linkage run links the record to that person."

    def get_success_url(self):
        return reverse("feeds:unlinked", args=[self.system.code])


class UnlinkedNewPerson(UnlinkedRecord):
    form_class = forms.NewPersonForm
    http_method_names = ["post"]

    def perform(self, data: dict) -> str:
        actions.confirm_new_person(
            self.system, self.kwargs["source"], self.kwargs["record_id"], by=self.request.user
        )
        return "Confirmed as a new person. The next linkage run keeps the record as theirs."
