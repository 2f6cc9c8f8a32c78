"""Forms of the case pages: validation only, the writes are in services."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import SECTIONS, CaseOutcome, ClosureReason, SafetyPlan, StepKind
from .plans import common_steps

# "When" chips for a step typed by hand; none chosen means each step's own default.
DUE_CHOICES = [
    ("", _("Default")),
    ("4", _("In 4 hours")),
    ("24", _("Tomorrow")),
    ("72", _("In 3 days")),
    ("168", _("In a week")),
]
# Team members are listed by username: a name, not words to translate.
NAMES = {"translate": "no"}


class PlanForm(forms.Form):
    goal = forms.CharField(label=_("Goal, in their words"), required=False, max_length=500)
    common = forms.MultipleChoiceField(
        label=_("Common steps"), required=False, widget=forms.CheckboxSelectMultiple
    )
    text = forms.CharField(label=_("Another step"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=StepKind.choices, initial=StepKind.TASK, required=False
    )
    due = forms.ChoiceField(
        label=_("Due"), choices=DUE_CHOICES, required=False, widget=forms.RadioSelect
    )
    owner = forms.TypedChoiceField(
        label=_("Owner"), coerce=int, required=False, widget=forms.Select(attrs=NAMES)
    )

    def __init__(self, *args, members=(), user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["common"].choices = [(s.code, s.label) for s in common_steps().values()]
        self.fields["owner"].choices = [(u.pk, u.get_username()) for u in members]
        self.members = {u.pk: u for u in members}
        if user is not None:
            self.fields["owner"].initial = user.pk

    def clean(self):
        data = super().clean()
        if not (data.get("goal") or data.get("common") or data.get("text")):
            raise forms.ValidationError(_("Pick a common step, write one, or write a goal."))
        data["owner_user"] = self.members.get(data.get("owner"))
        hours = data.get("due")
        data["due_at"] = timezone.now() + timedelta(hours=int(hours)) if hours else None
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=(), widget=forms.RadioSelect)
    closure_reason = forms.ChoiceField(
        label=_("Closure reason"), choices=[("", "—"), *ClosureReason.choices], required=False
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "—"), *CaseOutcome.choices], required=False
    )

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = list(allowed)


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(
        label=_("Give this case to"), coerce=int, widget=forms.Select(attrs=NAMES)
    )

    def __init__(self, *args, members=(), case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {u.pk: u for u in members if case is None or u.pk != case.assigned_to_id}
        self.fields["assignee"].choices = [(pk, u.get_username()) for pk, u in self.members.items()]

    def clean_assignee(self):
        return self.members[self.cleaned_data["assignee"]]


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


class SafetyPlanForm(forms.ModelForm):
    class Meta:
        model = SafetyPlan
        fields = list(SECTIONS)
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in SECTIONS}


class TextConsentForm(forms.Form):
    phone = forms.CharField(label=_("Their phone number"), max_length=30)
    agreed = forms.BooleanField(
        label=_("They agreed to receive their safety plan by text message"), required=True
    )
