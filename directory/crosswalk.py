"""The category crosswalk in the Wagtail admin: how each term of the 211's taxonomy is read as
Waypoint's categories, and a moderator's screen to correct it (moderators and superusers only)."""

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView

from directory import selectors, services
from directory.categories import category_name
from directory.forms import TermMappingForm
from directory.models import TaxonomyTerm, TermMapping
from directory.permissions import is_moderator
from directory.reports import ModeratorReportMixin

Method = TermMapping.Method
# Terms of Waypoint's own taxonomies mean their code and are not in the crosswalk.
FOREIGN_METHODS = [(value, label) for value, label in Method.choices if value != Method.OWN]
SERVICES_SHOWN = 5


def _edit_url(term):
    return reverse("crosswalk:edit", args=[term.pk])


def _names(codes) -> str:
    return ", ".join(category_name(code) for code in codes)


def term_origin(term) -> str:
    """Where the term comes from: "Open Eligibility · 102-05 · under Food"."""
    parts = [term.taxonomy.name if term.taxonomy_id else term.taxonomy_name, term.code]
    if term.parent_id:
        parts.append(_("under %(parent)s") % {"parent": term.parent.name})
    return " · ".join(p for p in parts if p)


def _mapping(term):
    return getattr(term, "mapping", None)


def mapped_to(term) -> str:
    mapping = _mapping(term)
    if mapping is None or not mapping.category_list:
        return _("No Waypoint category")
    return _names(mapping.category_list)


def groups_served(term) -> str:
    mapping = _mapping(term)
    if mapping is None or not mapping.population_list:
        return ""
    return _("Groups served: %(groups)s") % {"groups": _names(mapping.population_list)}


def decided(term) -> str:
    """How the mapping was decided, and why; nothing when nothing was found ("No Waypoint category" says it)."""
    mapping = _mapping(term)
    if mapping is None:
        return _("Not read yet")
    if mapping.method == Method.NONE:
        return ""
    return (
        f"{mapping.get_method_display()}: {mapping.evidence}"
        if mapping.evidence
        else mapping.get_method_display()
    )


def _service_count(term) -> str:
    return ngettext("%(count)d service", "%(count)d services", term.service_count) % {
        "count": term.service_count
    }


class DetailColumn(Column):
    """A value with smaller lines under it."""

    cell_template_name = "directory/admin/detail_cell.html"

    def __init__(self, name, *, details, **kwargs):
        super().__init__(name, **kwargs)
        self.details = details

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["details"] = [
            line for line in (detail(instance) for detail in self.details) if line
        ]
        return context


class TermColumn(DetailColumn, TitleColumn):
    cell_template_name = "directory/admin/term_cell.html"


class CrosswalkFilterSet(WagtailFilterSet):
    taxonomy = django_filters.ChoiceFilter(
        label=_("Taxonomy"),
        field_name="taxonomy_label",
        widget=forms.RadioSelect,
        empty_label=_("All"),
    )
    method = django_filters.ChoiceFilter(
        label=_("How it was decided"),
        choices=FOREIGN_METHODS,
        method="filter_method",
        widget=forms.RadioSelect,
        empty_label=_("All"),
    )

    class Meta:
        model = TaxonomyTerm
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["taxonomy"].extra["choices"] = [
            (n, n) for n in selectors.crosswalk_taxonomy_names()
        ]

    def filter_method(self, queryset, name, value):
        if value == Method.NONE:
            return queryset.filter(Q(mapping__isnull=True) | Q(mapping__method=value))
        return queryset.filter(mapping__method=value)


class CrosswalkView(ModeratorReportMixin, ReportView):
    page_title = _("Category crosswalk")
    header_icon = "tag"
    index_url_name = "crosswalk:index"
    index_results_url_name = "crosswalk:index_results"
    filterset_class = CrosswalkFilterSet
    is_searchable = True
    search_fields = ["name", "code"]
    model = TaxonomyTerm
    verbose_name_plural = _("taxonomy terms")
    results_template_name = "directory/admin/crosswalk_results.html"
    # Two columns, so that the listing fits a phone.
    columns = [
        TermColumn(
            "name",
            label=_("Term"),
            get_url=_edit_url,
            details=[term_origin, _service_count],
            width="55%",
        ),
        DetailColumn(
            "categories",
            label=_("Waypoint categories"),
            accessor=mapped_to,
            details=[groups_served, decided],
        ),
    ]

    def get_base_queryset(self):
        # The base, not get_queryset: the listing's search and filters then apply to it.
        return selectors.crosswalk_term_list()


class TermMappingEditView(WagtailAdminTemplateMixin, FormView):
    template_name = "directory/admin/term_mapping_edit.html"
    form_class = TermMappingForm

    def dispatch(self, request, *args, **kwargs):
        if not is_moderator(request.user):
            raise PermissionDenied
        # Only the terms the listing shows: Waypoint's own terms always mean their code.
        self.term = get_object_or_404(selectors.crosswalk_term_list(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.term.name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("crosswalk:index"), "label": _("Category crosswalk")},
            {"url": "", "label": self.term.name},
        ]

    def get_initial(self):
        mapping = _mapping(self.term)
        if mapping is None:
            return {}
        return {"categories": mapping.category_list, "populations": mapping.population_list}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        service_count = self.term.service_count
        context.update(
            term=self.term,
            origin=term_origin(self.term),
            mapped_to=mapped_to(self.term),
            groups_served=groups_served(self.term),
            decided=decided(self.term),
            service_count=service_count,
            services=[s.title for s in selectors.term_services(self.term)[:SERVICES_SHOWN]],
            more_services=max(service_count - SERVICES_SHOWN, 0),
            action_url=self.request.get_full_path(),
            submit_button_label=_("Save and re-sort its services"),
            submit_button_active_label=_("Saving…"),
        )
        return context

    def form_valid(self, form):
        categories, populations = form.cleaned_data["categories"], form.cleaned_data["populations"]
        service_ids = services.term_mapping_correct(
            term=self.term, categories=categories, populations=populations, user=self.request.user
        )
        means = _names(categories) or _("no Waypoint category")
        messages.success(
            self.request,
            ngettext(
                "“%(term)s” now means %(means)s; %(count)d service re-sorted.",
                "“%(term)s” now means %(means)s; %(count)d services re-sorted.",
                len(service_ids),
            )
            % {"term": self.term.name, "means": means, "count": len(service_ids)},
        )
        return redirect("crosswalk:index")
