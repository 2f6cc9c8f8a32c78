from django import forms
from django.utils.translation import gettext_lazy as _

from directory.categories import CATEGORIES, POPULATIONS, category_description, category_name
from directory.models import ProblemReport


class ProblemReportForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("What is wrong?"),
        choices=ProblemReport.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Please do not write anyone's name or health information."),
    )
    # A field people cannot see; bots fill it in.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if not data.get("kinds") and not (data.get("note") or "").strip():
            raise forms.ValidationError(_("Tick at least one box or write a note."))
        return data


class CapacityForm(forms.Form):
    available = forms.IntegerField(label=_("Beds available now"), min_value=0, required=False)
    maximum = forms.IntegerField(label=_("Total beds"), min_value=0, required=False)
    action = forms.ChoiceField(
        choices=[("set", "set"), ("inc", "+1"), ("dec", "-1")],
        required=False,
        widget=forms.HiddenInput,
    )


def _choices(codes):
    return [(code, f"{category_name(code)}: {category_description(code)}") for code in codes]


class TermMappingForm(forms.Form):
    """A moderator's reading of one taxonomy term: the Waypoint categories and groups it means."""

    categories = forms.MultipleChoiceField(
        label=_("Waypoint categories"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Tick every category a service with this term belongs in. Tick none if no category fits."
        ),
    )
    populations = forms.MultipleChoiceField(
        label=_("Groups served"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Only when the term itself says who the service is for (for example “Youth shelter”)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built here, not at import, so the labels are in the moderator's language.
        self.fields["categories"].choices = _choices(CATEGORIES)
        self.fields["populations"].choices = _choices(POPULATIONS)


class ChangeDecisionForm(forms.Form):
    """A moderator's answer to a change: approve it, or send it back with a note."""

    comment = forms.CharField(
        label=_("Note to the provider"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed to send a change back; shown to the provider in its history."),
    )
