"""A meeting's agenda: items added, edited, moved up or down and withdrawn; papers added,
replaced by a new version and withdrawn. Every page works without JavaScript (moving is a small
POST form per item on the meeting page)."""

from __future__ import annotations

from functools import cached_property

from engineroom.governance import actions, queries
from engineroom.governance.forms import PaperForm
from engineroom.governance.meeting_forms import AgendaItemForm, MoveForm, ReasonForm
from engineroom.governance.models import AgendaItem, Paper
from engineroom.governance.views.base import OfMeeting


class OfItem(OfMeeting):
    """A change to the item in the URL, on the meeting in the URL."""

    @cached_property
    def item(self) -> AgendaItem:
        return queries.agenda_item(self.meeting, self.kwargs["item"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"item": self.item}


class OfPaper(OfMeeting):
    """A change to the paper in the URL, on the meeting in the URL."""

    form_kwargs_system = False

    @cached_property
    def paper(self) -> Paper:
        return queries.meeting_paper(self.meeting, self.kwargs["paper"])


class AddItem(OfMeeting):
    form_class = AgendaItemForm
    title = "Add an agenda item"

    def perform(self, data):
        item = actions.add_item(by=self.request.user, meeting=self.meeting, **data)
        return f"Item {item.number} added: {item.title}."


class EditItem(OfItem):
    form_class = AgendaItemForm

    def get_title(self):
        return f"Change item {self.item.number}: {self.item.title}"

    def get_initial(self):
        fields = ("title", "purpose", "presenter", "minutes_allotted", "start_time")
        initial = {name: getattr(self.item, name) for name in fields}
        initial.update(confidential=self.item.confidential, key_decision=self.item.key_decision)
        return initial | {"organisations": list(self.item.organisations.all())}

    def perform(self, data):
        organisations = data.pop("organisations")
        actions.edit_item(by=self.request.user, item=self.item, organisations=organisations, **data)
        return f"Item {self.item.number} saved."


class MoveItem(OfItem):
    form_class = MoveForm
    form_kwargs_system = False

    def get_title(self):
        return f"Move item {self.item.number}: {self.item.title}"

    def perform(self, data):
        item = actions.move_item(by=self.request.user, item=self.item, direction=data["direction"])
        return f"{item.title} is now item {item.number}."


class WithdrawItem(OfItem):
    form_class = ReasonForm
    form_kwargs_system = False

    def get_title(self):
        return f"Withdraw item {self.item.number}: {self.item.title}"

    def perform(self, data):
        actions.withdraw_item(by=self.request.user, item=self.item, reason=data["reason"])
        return f"{self.item.title} is withdrawn; the agenda is renumbered."


class AddPaper(OfItem):
    form_class = PaperForm
    form_kwargs_system = False

    def get_title(self):
        return f"Add a paper to item {self.item.number}: {self.item.title}"

    def perform(self, data):
        actions.add_paper(by=self.request.user, item=self.item, **data)


class ReplacePaper(OfPaper):
    form_class = PaperForm

    def get_title(self):
        return f"Replace {self.paper.title} (version {self.paper.version}) with a new version"

    def get_initial(self):
        p = self.paper
        return {"title": p.title, "confidential": p.confidential, "published": p.published}

    def perform(self, data):
        new = actions.replace_paper(by=self.request.user, paper=self.paper, **data)
        return f"{new.title} is now version {new.version}; the earlier version is kept."


class WithdrawPaper(OfPaper):
    form_class = ReasonForm

    def get_title(self):
        return f"Withdraw {self.paper.title}"

    def perform(self, data):
        actions.withdraw_paper(by=self.request.user, paper=self.paper, reason=data["reason"])
        return f"{self.paper.title} is withdrawn: it stays listed and leaves the packs."
