"""A moderator's review of one change waiting for approval, built for a phone: who asked and
when, what changed (Wagtail's own comparison of the live page with the submitted revision), and
Approve or Send back one tap away at the bottom of the screen."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.views.pages.revisions import RevisionsCompareView

from directory import selectors, services
from directory.forms import ChangeDecisionForm
from directory.permissions import is_moderator

QUEUE = "directory_reports:pending"


class ChangeReviewView(RevisionsCompareView):
    template_name = "directory/admin/change_review.html"

    def setup(self, request, pk, *args, **kwargs):
        super().setup(request, pk, "live", "latest", *args, **kwargs)

    def get_object(self, queryset=None):
        return selectors.pending_change_list().filter(pk=self.pk).first()

    def dispatch(self, request, *args, **kwargs):
        if not is_moderator(request.user):
            raise PermissionDenied
        if self.object is None:
            # Approved or sent back meanwhile (by a colleague, or a second tap).
            messages.info(request, services.CHANGE_ALREADY_DECIDED)
            return redirect(QUEUE)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Review a change")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(QUEUE), "label": _("Moderation queue")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.object
        context.update(
            page=page,
            form=form or ChangeDecisionForm(),
            is_new=not page.live,
            compare_url=reverse(
                "wagtailadmin_pages:revisions_compare",
                args=[page.pk, "live", page.latest_revision_id],
            ),
            edit_url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
            preview_url=reverse(
                "wagtailadmin_pages:revisions_view", args=[page.pk, page.latest_revision_id]
            ),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ChangeDecisionForm(request.POST)
        approve = "approve" in request.POST
        if form.is_valid():
            try:
                services.change_decide(
                    page=self.object,
                    user=request.user,
                    approve=approve,
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                form.add_error("comment", error)
            else:
                title = self.object.get_admin_display_title()
                if approve:
                    messages.success(
                        request, _("Approved: “%(title)s” is live.") % {"title": title}
                    )
                else:
                    messages.success(
                        request,
                        _("Sent back: the provider sees your note on “%(title)s”.")
                        % {"title": title},
                    )
                return redirect(QUEUE)
        return self.render_to_response(self.get_context_data(form=form))
