"""Wagtail's page chooser, held to what ``construct_page_chooser_queryset`` lets it list.

Wagtail runs that hook on the pages the chooser lists (a parent's children, search results),
but opens any page id as the parent and answers "chosen" for any ids, each with its latest draft
title. These views refuse a page the listing would not show; waypoint/urls.py puts them in front
of Wagtail's at the same paths.
"""

from django.http import Http404
from wagtail import hooks
from wagtail.admin.views.chooser import BrowseView, ChosenMultipleView
from wagtail.models import Page


def chooser_page_list(request):
    """Every page the chooser may show to this user: all pages through the same hooks."""
    pages = Page.objects.all()
    for hook in hooks.get_hooks("construct_page_chooser_queryset"):
        pages = hook(pages, request)
    return pages


class ConfinedBrowseView(BrowseView):
    def get(self, request, parent_page_id=None):
        if (
            parent_page_id is not None
            and not chooser_page_list(request).filter(pk=parent_page_id).exists()
        ):
            raise Http404
        return super().get(request, parent_page_id)


class ConfinedChosenMultipleView(ChosenMultipleView):
    def get(self, request):
        asked = [pk for pk in request.GET.getlist("id") if pk.isdigit()]
        allowed = chooser_page_list(request).filter(pk__in=asked).values_list("pk", flat=True)
        query = request.GET.copy()
        query.setlist("id", [str(pk) for pk in allowed])
        request.GET = query  # Wagtail's view reads the ids from here
        return super().get(request)
