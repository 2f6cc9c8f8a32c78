"""Screenings and assessments on the person card and timeline (the hooks ``outreach.selectors``
calls), each read written to the audit log."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail import hooks

from outreach.selectors import PERSON_CARD_HOOK, PERSON_TIMELINE_HOOK, TimelineItem
from staff.audit import audit_log_persons
from staff.models import AuditEvent

from .selectors import person_assessment_list, person_screening_list


@hooks.register(PERSON_CARD_HOOK)
def screening_card(person, user):
    query = f"?person={person.pk}"
    items = [
        format_html(
            '<a href="{}{}">{}</a> · <a href="{}{}">{}</a>',
            reverse("assessment:screening_new"),
            query,
            _("Screen for suicide risk (ASQ)"),
            reverse("assessment:assessment_new"),
            query,
            _("Clinical assessment"),
        )
    ]
    last = person_screening_list(user=user, person=person).first()
    if last is not None:
        audit_log_persons(
            user=user,
            action=AuditEvent.Action.VIEW_SCREENING,
            persons=[last],
            detail="person card: last screening",
        )
        items.append(
            format_html(
                '{}: <a href="{}">{}</a> ({})',
                _("Last screening"),
                reverse("assessment:screening_detail", args=[last.pk]),
                last.get_result_display(),
                last.occurred_at.strftime("%Y-%m-%d"),
            )
        )
    return {"sections": [{"title": _("Risk and assessment"), "items": items}]}


@hooks.register(PERSON_TIMELINE_HOOK)
def screening_timeline(person, user):
    screenings = list(person_screening_list(user=user, person=person))
    assessments = list(person_assessment_list(user=user, person=person))
    if screenings:
        audit_log_persons(
            user=user,
            action=AuditEvent.Action.VIEW_SCREENING,
            persons=screenings,
            detail="person timeline",
        )
    if assessments:
        audit_log_persons(
            user=user,
            action=AuditEvent.Action.VIEW_ASSESSMENT,
            persons=assessments,
            detail="person timeline",
        )
    for s in screenings:
        yield TimelineItem(
            at=s.occurred_at,
            kind="screening",
            title=_("Risk screen (%(instrument)s)") % {"instrument": s.instrument_code.upper()},
            url=reverse("assessment:screening_detail", args=[s.pk]),
            status=s.get_result_display(),
            obj=s,
        )
    for a in assessments:
        yield TimelineItem(
            at=a.occurred_at,
            kind="assessment",
            title=_("Clinical assessment"),
            url=reverse("assessment:assessment_detail", args=[a.pk]),
            obj=a,
        )
