"""The consultation workspace: the system's consultations, a new one, its page of steps (an
NHS.UK task list), a new question, and opening, closing and publishing it. Every partner sees
the list (drafts only those who run consultations); the rest needs ``ENGAGEMENT_EDIT``."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse

from engineroom.accounts.permissions import Permission
from engineroom.engagement.actions import consultations as actions
from engineroom.engagement.forms import ConsultationForm, QuestionForm, StatusForm
from engineroom.engagement.models import QuestionKind, Status
from engineroom.engagement.presenters import work as presenters
from engineroom.engagement.queries import work as queries
from engineroom.web.pages import ActionFormPage, SystemPage

VIEW, EDIT = Permission.ENGAGEMENT_VIEW, Permission.ENGAGEMENT_EDIT


class ConsultationList(SystemPage):
    permission, edit_permission = VIEW, EDIT
    template_name = "engagement/work_list.html"

    def get_context_data(self, **kwargs):
        found = queries.consultations(self.system, drafts=self.can_edit)
        return super().get_context_data(consultations=found, **kwargs)


class ConsultationNew(ActionFormPage):
    permission = EDIT
    form_class = ConsultationForm
    template_name = "engagement/work_new.html"
    form_kwargs_system = False

    def perform(self, data):
        self.created = actions.create_consultation(self.system, by=self.request.user, **data)
        return f"Consultation “{self.created.title}” created as a draft."

    def get_success_url(self):
        return reverse("engagement:detail", args=[self.system.code, self.created.slug])


class InConsultation:
    """A page of one consultation of the system (``self.consultation``, 404 if none)."""

    def dispatch(self, request, *args, **kwargs):
        self.slug = kwargs["slug"]
        return super().dispatch(request, *args, **kwargs)

    @property
    def consultation(self):
        if not hasattr(self, "_consultation"):
            self._consultation = queries.consultation(self.system, self.slug)
        return self._consultation

    def get_context_data(self, **kwargs):
        return super().get_context_data(consultation=self.consultation, **kwargs)

    def back(self) -> str:
        return reverse("engagement:detail", args=[self.system.code, self.consultation.slug])


class ConsultationDetail(InConsultation, SystemPage):
    permission = EDIT
    template_name = "engagement/work_detail.html"

    def get_context_data(self, **kwargs):
        found = self.consultation
        questions = list(queries.questions(found))
        free = next((q.key for q in questions if q.kind == QuestionKind.FREE_TEXT), None)
        return super().get_context_data(
            questions=[(q, presenters.question_kind(q)) for q in questions],
            tasks=presenters.tasks(found, queries.progress(found), free),
            imports=queries.imports(found)[:10],
            redactions=presenters.redactions(queries.redaction_totals(found)),
            status_actions=presenters.status_actions(found),
            status_form=StatusForm(),
            **kwargs,
        )


class QuestionNew(InConsultation, ActionFormPage):
    permission = EDIT
    form_class = QuestionForm
    template_name = "engagement/work_question.html"
    form_kwargs_system = False

    def perform(self, data):
        question = actions.add_question(self.consultation, by=self.request.user, **data)
        return f"Question “{question.text}” added."

    def get_success_url(self):
        return self.back()


class StatusChange(InConsultation, ActionFormPage):
    """Open, close or publish (a POST from the workspace's buttons)."""

    permission = EDIT
    form_class = StatusForm
    http_method_names = ["post"]
    form_kwargs_system = False

    def perform(self, data):
        changed = actions.set_status(self.consultation, data["status"], by=self.request.user)
        return f"The consultation is now {Status(changed.status).label.lower()}."

    def form_invalid(self, form):
        for error in form.non_field_errors() or ["Choose a status."]:
            messages.error(self.request, error)
        return HttpResponseRedirect(self.back())

    def get_success_url(self):
        return self.back()
