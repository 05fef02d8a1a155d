"""A free-text question's themes: propose them, rename, merge, split, remove and accept them
into the framework, then map every answer. One form, its ``step`` naming the action; the page
shows each theme's top terms, representative (redacted) quotes and suppressed counts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse

from engineroom.accounts.permissions import Permission
from engineroom.engagement.actions import themes as actions
from engineroom.engagement.forms import THEME_STEPS, ThemeForm
from engineroom.engagement.models import QuestionKind, ThemeStatus
from engineroom.engagement.presenters import work as presenters
from engineroom.engagement.queries import work as queries
from engineroom.engagement.views.workspace import InConsultation
from engineroom.population.phm.suppression import suppress
from engineroom.web.pages import ActionFormPage

EDIT = Permission.ENGAGEMENT_EDIT


class Themes(InConsultation, ActionFormPage):
    permission = EDIT
    form_class = ThemeForm
    template_name = "engagement/themes.html"
    form_kwargs_system = False

    def dispatch(self, request, *args, **kwargs):
        self.key = kwargs["key"]
        return super().dispatch(request, *args, **kwargs)

    @property
    def question(self):
        if not hasattr(self, "_question"):
            self._question = queries.question(self.consultation, self.key)
        return self._question

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "themes": list(queries.live_themes(self.question))}

    def get_context_data(self, **kwargs):
        themes = list(queries.themes(self.question))
        quotes = queries.answer_texts(q for t in themes for q in t.quotes)
        cards = presenters.theme_cards(themes, quotes)
        free = [q for q in queries.questions(self.consultation) if q.kind == QuestionKind.FREE_TEXT]
        return super().get_context_data(
            question=self.question,
            free_questions=free,
            framework=[c for c in cards if c["theme"].status == ThemeStatus.FRAMEWORK],
            proposed=[c for c in cards if c["theme"].status == ThemeStatus.PROPOSED],
            history=queries.theme_history(self.question),
            counts=presenters.mapped_summary(queries.mapped_counts(self.question)),
            steps=THEME_STEPS,
            chosen=self.request.POST.getlist("themes"),
            **kwargs,
        )

    def perform(self, data):
        step, chosen, by = data["step"], data["chosen"], self.request.user
        if self.question.kind != QuestionKind.FREE_TEXT:
            raise ValidationError("Only free-text questions have themes.")
        if step == "propose":
            return f"{len(actions.propose(self.question, by=by))} themes proposed."
        if step == "map":
            mapped = actions.map_answers(self.question, by=by)
            return f"Answers mapped: {suppress(mapped)} carry a theme."
        if step == "rename":
            actions.rename(chosen[0], label=data["label"], description=data["description"], by=by)
            return "Theme renamed."
        if step == "merge":
            return f"Merged into “{actions.merge(chosen, label=data['label'], by=by).label}”."
        if step == "split":
            return f"Split into {len(actions.split(chosen[0], by=by))} proposed themes."
        if step == "remove":
            return f"“{actions.remove(chosen[0], by=by).label}” removed."
        return f"{len(actions.accept(chosen, by=by))} themes accepted into the framework."

    def get_success_url(self):
        args = [self.system.code, self.consultation.slug, self.question.key]
        return reverse("engagement:themes", args=args)
