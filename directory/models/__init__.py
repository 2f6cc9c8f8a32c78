"""The directory's data, shaped like Open Referral HSDS 3.0.

Organizations and services are Wagtail pages so that provider edits get revisions, previews and
moderation; everything that hangs off a service (hours, phones, languages, …) is a child row of
the page (``ParentalKey``) so it travels with the page's revisions. Capacity (beds) is a plain
model beside the pages: it changes hourly and must not wait for a moderator.
"""

from .capacity import CapacityChange, ServiceCapacity, Unit
from .categories import ServiceClassification, TermMapping
from .locations import Accessibility, Address, Location
from .pages import HomePage, OrganizationPage, ServicePage
from .records import (
    Attribute,
    Closure,
    Contact,
    CostOption,
    Language,
    Phone,
    RequiredDocument,
    Schedule,
    ServiceArea,
    ServiceAtLocation,
)
from .reports import ProblemReport
from .taxonomy import Taxonomy, TaxonomyTerm

__all__ = [
    "Accessibility",
    "Address",
    "Attribute",
    "CapacityChange",
    "Closure",
    "Contact",
    "CostOption",
    "HomePage",
    "Language",
    "Location",
    "OrganizationPage",
    "Phone",
    "ProblemReport",
    "RequiredDocument",
    "Schedule",
    "ServiceArea",
    "ServiceAtLocation",
    "ServiceCapacity",
    "ServiceClassification",
    "ServicePage",
    "Taxonomy",
    "TaxonomyTerm",
    "TermMapping",
    "Unit",
]
