"""Template helpers for the public directory: each tag or filter hands a template what the module
that owns it reads or says (``selectors``, ``labels``, ``freshness``, ``phones``, ``permissions``)."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language

from directory import freshness, labels, permissions, phones, selectors
from directory.service_facts import beds_text

register = template.Library()

# Each interface language named in itself, so a visitor finds their own.
INTERFACE_LANGUAGE_NAMES = {"en": "English", "es": "Español"}


@register.simple_tag(takes_context=True)
def service_facts(context, service, detail=False):
    return selectors.service_facts(service, request=context.get("request"), detail=detail)


@register.simple_tag
def category_tiles():
    return selectors.category_list()


@register.simple_tag
def organization_services(organization):
    return selectors.organization_services(organization)


@register.simple_tag(takes_context=True)
def detailed_service(context, service):
    """The live service with everything prefetched; in a Wagtail preview, the draft being previewed."""
    request = context.get("request")
    if getattr(request, "is_preview", False) or not service.pk or not service.live:
        return service
    return selectors.service_detail(service)


@register.simple_tag(takes_context=True)
def can_update(context, service):
    request = context.get("request")
    return bool(request and permissions.can_update_service(request.user, service))


@register.simple_tag(takes_context=True)
def is_field_staff(context):
    request = context.get("request")
    return bool(request and permissions.is_responder(request.user))


@register.simple_tag(takes_context=True)
def language_links(context):
    """The other interface languages, each as a link that sets the language cookie and comes back."""
    request = context.get("request")
    here = request.get_full_path() if request else "/"
    current = get_language()
    return [
        {
            "code": code,
            "label": INTERFACE_LANGUAGE_NAMES.get(code, code),
            "url": reverse("directory:language", args=[code]) + "?" + urlencode({"next": here}),
        }
        for code, _name in settings.LANGUAGES
        if code != current
    ]


@register.simple_tag
def content_lang():
    """The language listing text is written in, for ``lang`` on the blocks that show it."""
    return getattr(settings, "WAYPOINT_CONTENT_LANGUAGE", "en")


register.filter("ago", freshness.ago)
register.filter("tel", phones.tel_uri)
register.filter("phone", phones.phone_text)
register.filter("beds", lambda count: beds_text(count.available, count.maximum))
register.filter("category_label", labels.category_label)
register.filter("weekdays", labels.weekdays)
