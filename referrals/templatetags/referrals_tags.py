"""Template helpers: the count on the outreach pages' bottom bar, the provider home's inbox count."""

from django import template

from outreach.permissions import can_use_outreach

from ..selectors import followup_due_today_count, is_provider, provider_inbox_list

register = template.Library()


@register.simple_tag(takes_context=True)
def due_today_count(context):
    """Follow-ups overdue or due today for the signed-in responder (no person data: not audited)."""
    request = context.get("request")
    if request is None or not can_use_outreach(request.user):
        return 0
    return followup_due_today_count(user=request.user)


@register.simple_tag(takes_context=True)
def inbox_open_count(context):
    """Referrals waiting on the signed-in provider (sent, accepted or arrived); a count only."""
    request = context.get("request")
    if request is None or not is_provider(request.user):
        return 0
    return provider_inbox_list(user=request.user, open_only=True).count()
