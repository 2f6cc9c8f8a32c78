"""Template helpers that ask ``staff.roles`` who is signed in: the role and its home page."""

from django import template

from staff.models import Role
from staff.roles import ROLE_WORK, staff_home_url, staff_role

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_home(context):
    """The signed-in user's home page, or "" for the public."""
    request = context.get("request")
    return (staff_home_url(request.user) if request is not None else None) or ""


@register.simple_tag(takes_context=True)
def role(context):
    request = context.get("request")
    return (staff_role(request.user) if request is not None else None) or ""


@register.simple_tag(takes_context=True)
def role_work(context):
    """The signed-in role's name and what it does here, or None for the public and non-staff."""
    request = context.get("request")
    current = staff_role(request.user) if request is not None else None
    if current not in ROLE_WORK:
        return None
    return {"label": Role(current).label, "work": ROLE_WORK[current]}
