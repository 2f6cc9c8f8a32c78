"""Template helpers for the outreach pages' bottom bar."""

from django import template

from outreach.permissions import can_use_outreach

from ..selectors import followup_due_today_count

register = template.Library()


@register.simple_tag(takes_context=True)
def due_today_count(context):
    """Follow-ups overdue or due today for the signed-in responder (no person data: not audited)."""
    request = context.get("request")
    if request is None or not can_use_outreach(request.user):
        return 0
    return followup_due_today_count(user=request.user)
