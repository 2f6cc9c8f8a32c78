"""Admin edit panels of the directory pages that need more than Wagtail's own."""

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel

from directory.permissions import provider_organization


class OwnOrganizationChoicesForm(WagtailAdminModelForm):
    """A row of a service (a "Where", a contact) that links to a location, an organization or a
    service-at-location. Wagtail offers every organization's, unpublished ones too; a provider
    gets its own organization's only, and keeps what the row already links to (an import may
    have set it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organization = provider_organization(self.for_user) if self.for_user is not None else None
        if organization is None:
            return
        from directory.selectors import own_organization_choice_lists  # selectors import the models

        for name, choices in own_organization_choice_lists(organization=organization).items():
            if name in self.fields:
                linked = choices.model.objects.filter(pk=getattr(self.instance, f"{name}_id"))
                self.fields[name].queryset = choices | linked


class OwnOrganizationInlinePanel(InlinePanel):
    """An InlinePanel whose rows are :class:`OwnOrganizationChoicesForm` (told who edits)."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name].update(
            form=OwnOrganizationChoicesForm, inherit_kwargs=["for_user"]
        )
        return options
