"""Admin wiring for outreach: read-only, supervisor-only viewsets; every person read is audited."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from staff.audit import audit_log, audit_log_persons
from staff.models import AuditEvent, ShiftAssignment

from .models import Encounter, Person


class AuditedIndexView(generic.IndexView):
    """A listing of people, or of records about one (encounters, audit events): each is logged."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shown = [
            o for o in context.get("object_list") or [] if isinstance(o, Person) or o.person_id
        ]
        if shown:
            audit_log_persons(
                user=self.request.user,
                action=AuditEvent.Action.ADMIN_VIEW,
                persons=shown,
                detail=f"admin list: {self.model._meta.label_lower}",
                request=self.request,
            )
        return context


class AuditedInspectView(generic.InspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        audit_log(
            user=self.request.user,
            action=AuditEvent.Action.ADMIN_VIEW,
            obj=self.object,
            detail="admin inspect",
            request=self.request,
        )
        return context


class PersonFilterSet(WagtailFilterSet):
    class Meta:
        model = Person
        fields = ["consent_to_store", "consent_to_share", "created_by_team"]


class EncounterFilterSet(WagtailFilterSet):
    class Meta:
        model = Encounter
        fields = ["source", "disposition", "team", "co_response", "living_situation"]


class AuditEventFilterSet(WagtailFilterSet):
    class Meta:
        model = AuditEvent
        fields = ["action", "user"]


class PersonViewSet(ModelViewSet):
    model = Person
    icon = "user"
    menu_label = _("People")
    add_to_admin_menu = False
    inspect_view_enabled = True
    index_view_class = AuditedIndexView
    inspect_view_class = AuditedInspectView
    list_display = ["display_name", "created_by_team", DateColumn("updated_at", label=_("updated"))]
    search_fields = ["alias", "name", "descriptors"]
    filterset_class = PersonFilterSet
    form_fields = ["alias"]


class EncounterViewSet(ModelViewSet):
    model = Encounter
    icon = "list-ul"
    menu_label = _("Encounters")
    add_to_admin_menu = False
    inspect_view_enabled = True
    index_view_class = AuditedIndexView
    inspect_view_class = AuditedInspectView
    list_display = [
        DateColumn("occurred_at", label=_("when")),
        "source",
        "disposition",
        "team",
        "person",
    ]
    filterset_class = EncounterFilterSet
    form_fields = ["notes"]


class AuditEventViewSet(ModelViewSet):
    model = AuditEvent
    icon = "history"
    menu_label = _("Audit log")
    add_to_admin_menu = False
    inspect_view_enabled = True
    index_view_class = AuditedIndexView  # it shows whose data was read
    inspect_view_class = AuditedInspectView
    list_display = [
        DateColumn("at", label=_("when")),
        "username",
        "action",
        "object_type",
        "object_id",
        Column("person_id", label=_("person")),
    ]
    filterset_class = AuditEventFilterSet
    exclude_form_fields = []
    list_per_page = 100


class ShiftViewSet(ModelViewSet):
    """The team shift calendar that follow-ups use to find who is on duty."""

    model = ShiftAssignment
    icon = "date"
    menu_label = _("Shifts")
    add_to_admin_menu = False
    list_display = [
        "team",
        "user",
        DateColumn("starts_at", label=_("starts")),
        DateColumn("ends_at", label=_("ends")),
    ]
    list_filter = ["team"]
    form_fields = ["team", "user", "starts_at", "ends_at"]


class OutreachViewSetGroup(ModelViewSetGroup):
    menu_label = _("Outreach")
    menu_icon = "group"
    menu_order = 250
    items = (
        PersonViewSet("outreach_person"),
        EncounterViewSet("outreach_encounter"),
        AuditEventViewSet("outreach_auditevent"),
        ShiftViewSet("outreach_shift"),
    )


@hooks.register("register_admin_viewset")
def register_outreach_viewsets():
    return OutreachViewSetGroup()
