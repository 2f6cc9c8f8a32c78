"""Template helpers that ask ``staff.roles`` who is signed in: the role and its home page."""

from django import template

from staff.roles import staff_home_url, staff_role

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
