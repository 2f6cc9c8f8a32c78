"""Referrals on the person card and timeline (the hooks ``outreach.selectors`` calls), and the
provider's referral inbox in the admin menu."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from outreach.selectors import PERSON_CARD_HOOK, PERSON_TIMELINE_HOOK, TimelineItem
from staff.admin_menu import RoleMenuItem
from staff.models import Role

from .models import FollowUp
from .selectors import referral_person_list


@hooks.register(PERSON_CARD_HOOK)
def referral_card(person, user):
    referrals = referral_person_list(user=user, person=person)
    last = referrals.order_by("-sent_at").first()
    out = {}
    if last is not None:
        out["last_referral"] = {
            "label": last.service.title,
            "status": last.get_status_display(),
            "at": last.sent_at,
            "url": reverse("referrals:detail", args=[last.pk]),
        }
    now = timezone.now()
    out["open_follow_ups"] = [
        {
            "label": f.shown_label + (" " + _("(overdue)") if f.due_at <= now else ""),
            "due": f.due_at,
            "url": reverse("referrals:detail", args=[f.referral_id]),
        }
        for f in FollowUp.objects.open()
        .filter(referral__in=referrals.values("pk"))
        .order_by("due_at")
    ]
    return out


@hooks.register(PERSON_TIMELINE_HOOK)
def referral_timeline(person, user):
    for r in referral_person_list(user=user, person=person).order_by("-sent_at"):
        yield TimelineItem(
            at=r.sent_at,
            kind="referral",
            title=r.service.title,
            detail=r.get_handoff_display(),
            url=reverse("referrals:detail", args=[r.pk]),
            status=r.get_status_display(),
            obj=r,
        )


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item():
    return RoleMenuItem(
        _("Referral inbox"),
        reverse("referrals:provider_inbox"),
        icon_name="mail",
        order=151,
        roles=[Role.PROVIDER],
    )
