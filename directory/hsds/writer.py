"""Write one checked ``Plan`` to the database: pages in the Wagtail tree, rows upserted by id.

Pages are written live and without revisions (the feed is the source of truth); new ones go
into the tree many at a time (``pages.create_pages``), a service that changed organization is
moved with treebeard. Child rows are matched by HSDS id:
updated in place, created when new, and unlinked (then deleted when nothing else points at
them) when the service no longer lists them. Locations are never deleted: other services may
use them.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from directory import models as d
from directory.phones import to_e164
from geo import neighbourhood_at

from . import fields as f
from .fields import as_uuid
from .pages import create_pages
from .plan import Plan, Row

NOT_FOUND = "no {what} with id {id} is known; embed it in the record instead"

# Which foreign keys tie each child row to its parents (HSDS's *_id columns).
LINKS = {
    d.Address: ("location",),
    d.Accessibility: ("location",),
    d.ServiceAtLocation: ("service",),
    d.Contact: ("service", "organization", "location", "service_at_location"),
    d.Phone: ("service", "organization", "location", "service_at_location", "contact"),
    d.Language: ("service", "location", "phone"),
    d.Schedule: ("service", "location", "service_at_location"),
    d.CostOption: ("service",),
    d.RequiredDocument: ("service",),
    d.ServiceArea: ("service",),
    d.Attribute: ("service",),
    d.ServiceCapacity: ("service",),
}
# Rows that hang off another row: unlinked (or deleted) before that row is deleted, so that a
# cascade never takes a row some other parent still uses.
DEPENDENTS = {
    d.ServiceAtLocation: (
        (d.Schedule, "service_at_location"),
        (d.Phone, "service_at_location"),
        (d.Contact, "service_at_location"),
    ),
    d.Contact: ((d.Phone, "contact"),),
    d.Phone: ((d.Language, "phone"),),
}
SPECS = {
    d.OrganizationPage: f.ORGANIZATION,
    d.ServicePage: f.SERVICE,
    d.Location: f.LOCATION,
    d.Address: f.ADDRESS,
    d.Accessibility: f.ACCESSIBILITY,
    d.ServiceAtLocation: f.SERVICE_AT_LOCATION,
    d.Contact: f.CONTACT,
    d.Phone: f.PHONE,
    d.Language: f.LANGUAGE,
    d.Schedule: f.SCHEDULE,
    d.CostOption: f.COST_OPTION,
    d.RequiredDocument: f.REQUIRED_DOCUMENT,
    d.ServiceArea: f.SERVICE_AREA,
    d.Attribute: f.ATTRIBUTE,
    d.Taxonomy: f.TAXONOMY,
    d.TaxonomyTerm: f.TAXONOMY_TERM,
    d.Unit: f.UNIT,
    d.ServiceCapacity: f.CAPACITY,
}
WHAT = {
    d.OrganizationPage: "organization",
    d.Location: "location",
    d.TaxonomyTerm: "taxonomy term",
    d.Unit: "unit",
}


class RecordError(Exception):
    """The record cannot be stored; ``problems`` is a list of (field path, reason)."""

    def __init__(self, problems):
        super().__init__("; ".join(f"{p}: {r}" for p, r in problems))
        self.problems = problems


def _default(model, attr):
    field = model._meta.get_field(attr)
    return None if field.null else field.get_default()


def _attrs(model) -> list[str]:
    """What ``_apply`` sets on a ``model`` instance."""
    return [spec.name for spec in SPECS[model]] + ["hsds_extra"]


def _page_attrs(model) -> list[str]:
    """What an import writes on a stored page."""
    return _attrs(model) + ["draft_title"] + (["hsds_hash"] if model is d.ServicePage else [])


def _apply(obj, row: Row) -> None:
    """Every mapped field: the record's value, or empty when the record leaves it out; and what
    the record gave beyond them, as it came."""
    for spec in SPECS[row.model]:
        setattr(obj, spec.name, row.given.get(spec.name, _default(row.model, spec.name)))
    obj.hsds_extra = row.hsds_extra


class Writer:
    def __init__(self, plan: Plan):
        self.plan = plan
        self.objects: dict = {}  # plan key → saved model instance
        self.new_keys: set = set()  # rows created by this plan: nothing else can point at them yet

    # ---- helpers -----------------------------------------------------------------------------

    def pk(self, key) -> int | None:
        return self.objects[key].pk if key in self.objects else None

    def covered_pks(self, model) -> dict[str, set[int]]:
        out = {}
        for child, fk, parent in self.plan.covered:
            if child is model and parent in self.objects and parent not in self.new_keys:
                out.setdefault(fk, set()).add(self.objects[parent].pk)
        return out

    def delete_rows(self, model, pks) -> None:
        pks = list(pks)
        if not pks:
            return
        for child, fk in DEPENDENTS.get(model, ()):
            others = [x for x in LINKS[child] if x != fk]
            linked = child.objects.filter(**{f"{fk}__in": pks})
            orphans = list(
                linked.filter(Q(**{f"{o}__isnull": True for o in others})).values_list(
                    "pk", flat=True
                )
            )
            self.delete_rows(child, orphans)
            child.objects.filter(**{f"{fk}__in": pks}).update(**{fk: None})
        model.objects.filter(pk__in=pks).delete()

    def remove_stale(self, model) -> None:
        """Rows a covered parent no longer lists: unlinked, and deleted when left without parents."""
        planned = [row.hsds_id for row in self.plan.of(model)]
        for fk, parent_pks in self.covered_pks(model).items():
            others = [x for x in LINKS[model] if x != fk]
            stale = model.objects.filter(**{f"{fk}__in": parent_pks}).exclude(hsds_id__in=planned)
            orphans = set(
                stale.filter(Q(**{f"{o}__isnull": True for o in others})).values_list(
                    "pk", flat=True
                )
            )
            if others:
                stale.exclude(pk__in=orphans).update(**{fk: None})
            self.delete_rows(model, orphans)

    def upsert(
        self, model, rows: list[Row], extra=None, *, extra_fields=(), existing: dict | None = None
    ) -> None:
        """Create or update ``rows`` by HSDS id; ``extra(obj, row)`` sets ``extra_fields``."""
        if not rows:
            return
        if existing is None:
            existing = {
                o.hsds_id: o for o in model.objects.filter(hsds_id__in=[r.hsds_id for r in rows])
            }
        covered = self.covered_pks(model)
        links = LINKS.get(model, ())
        attrs = _attrs(model) + [f"{fk}_id" for fk in links] + list(extra_fields)
        if hasattr(model, "sort_order"):
            attrs.append("sort_order")
        new, changed = [], []
        for row in rows:
            obj = existing.get(row.hsds_id) or model(hsds_id=row.hsds_id)
            before = {a: getattr(obj, a) for a in attrs} if obj.pk else None
            _apply(obj, row)
            for fk in links:
                if fk in row.links:
                    setattr(obj, f"{fk}_id", self.pk(row.links[fk]))
                elif obj.pk and getattr(obj, f"{fk}_id") in covered.get(fk, ()):
                    setattr(obj, f"{fk}_id", None)
            if row.order is not None and hasattr(obj, "sort_order"):
                obj.sort_order = row.order
            if extra:
                extra(obj, row)
            self.objects[row.key] = obj
            if not obj.pk:
                new.append(obj)
                self.new_keys.add(row.key)
            elif before != {a: getattr(obj, a) for a in attrs}:
                changed.append(obj)
        if new:
            model.objects.bulk_create(new)
        if changed:
            model.objects.bulk_update(changed, attrs)

    def require(self, key, path) -> None:
        model, hsds_id = key
        obj = model.objects.filter(hsds_id=hsds_id).first()
        if obj is None:
            raise RecordError(
                [(path, _(NOT_FOUND).format(what=WHAT.get(model, model.__name__), id=hsds_id))]
            )
        self.objects[key] = obj

    # ---- pages -------------------------------------------------------------------------------

    def home(self):
        from wagtail.models import Page, Site

        home = d.HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            home = root.add_child(instance=d.HomePage(title="Waypoint", slug="waypoint-home"))
            Site.objects.update_or_create(
                is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
            )
        return home

    def pages(self, model, keys, parents: dict) -> None:
        """Create or update the pages of ``keys`` (``parents``: key → parent page for new ones)."""
        rows = [self.plan.rows[key] for key in keys]
        existing = {
            p.hsds_id: p for p in model.objects.filter(hsds_id__in=[r.hsds_id for r in rows])
        }
        new, changed = {}, []
        for row in rows:
            page = existing.get(row.hsds_id)
            if page is None:
                page = model(hsds_id=row.hsds_id)
                _apply(page, row)
                self.prepare(page, row, parents[row.key])
                new.setdefault(parents[row.key], []).append(page)
                self.new_keys.add(row.key)
            elif self.update_page(page, row):
                changed.append(page)
            self.objects[row.key] = page
        if new:
            create_pages(model, new)
        if changed:
            model.objects.bulk_update(changed, _page_attrs(model))

    def prepare(self, page, row: Row, parent) -> None:
        """What ``ServicePage.save`` would set on a new page, and the record's digest."""
        if row.model is d.ServicePage:
            page.organization_id = parent.pk
            page.last_modified = page.last_modified or timezone.now()
            page.hsds_hash = self.plan.hashes.get(row.key, "")

    def update_page(self, page, row: Row) -> bool:
        """Apply ``row`` to a stored page; True when anything changed."""
        attrs = _page_attrs(row.model)
        before = [getattr(page, a) for a in attrs]
        _apply(page, row)
        page.draft_title = page.title
        if row.model is d.ServicePage:
            # A service is written only when its record changed; with no date in the feed,
            # that change is dated now.
            page.last_modified = page.last_modified or timezone.now()
            page.hsds_hash = self.plan.hashes.get(row.key, "")
        return before != [getattr(page, a) for a in attrs]

    def organizations(self) -> None:
        keys = [
            key for key in dict.fromkeys(self.plan.services.values()) if key is not None
        ]  # in record order
        planned = [key for key in keys if key in self.plan.rows]
        for key in keys:
            if key not in self.plan.rows:
                self.require(key, self.plan.refs.get(key, "organization_id"))
        if planned:
            home = self.home()
            self.pages(d.OrganizationPage, planned, dict.fromkeys(planned, home))

    def services(self) -> None:
        keys = list(self.plan.services)
        orgs = {key: self.objects[org] for key, org in self.plan.services.items()}
        # Fresh rows of the organizations (path, numchild) to hang new services under.
        fresh = {
            o.pk: o for o in d.OrganizationPage.objects.filter(pk__in={o.pk for o in orgs.values()})
        }
        self.pages(d.ServicePage, keys, {key: fresh[org.pk] for key, org in orgs.items()})
        for key in keys:
            page, org = self.objects[key], fresh[orgs[key].pk]
            if key not in self.new_keys and (
                not page.path.startswith(org.path) or page.depth != org.depth + 1
            ):
                self.objects[key] = self.move(page, org)

    def move(self, page, org):
        """The service changed organization: move its page under the new one (unique slug there)."""
        from wagtail.models import Page

        target = d.OrganizationPage.objects.get(pk=org.pk)
        slug, n = page.slug, 1
        while not Page._slug_is_available(slug, target, page):
            n += 1
            slug = f"{page.slug}-{n}"
        if slug != page.slug:
            page.slug = slug
            page.save(clean=False)
        page.move(target, pos="last-child")
        page = d.ServicePage.objects.get(pk=page.pk)
        page.organization = target
        page.save(clean=False)
        return page

    # ---- rows --------------------------------------------------------------------------------

    def locations(self) -> None:
        rows = self.plan.of(d.Location)
        existing = {
            o.hsds_id: o for o in d.Location.objects.filter(hsds_id__in=[r.hsds_id for r in rows])
        }
        old_points = {k: (o.latitude, o.longitude) for k, o in existing.items()}

        def extra(obj, row):
            owner = row.links.get("organization")
            if owner is not None:
                obj.organization_id = self.pk(owner)
            elif obj.organization_id is None and row.fallback_org is not None:
                obj.organization_id = self.pk(row.fallback_org)
            if "neighbourhood" in row.extra:
                obj.neighbourhood = row.extra["neighbourhood"]
            elif not obj.pk or old_points.get(row.hsds_id) != (obj.latitude, obj.longitude):
                obj.neighbourhood = _neighbourhood(obj.latitude, obj.longitude)

        self.upsert(
            d.Location,
            rows,
            extra,
            extra_fields=["organization_id", "neighbourhood"],
            existing=existing,
        )

    def rows(self, model, extra=None, extra_fields=()) -> None:
        self.remove_stale(model)
        self.upsert(model, self.plan.of(model), extra, extra_fields=extra_fields)

    def service_at_locations(self) -> None:
        def extra(obj, row):
            obj.location_id = self.pk(row.links["location"])

        self.rows(d.ServiceAtLocation, extra, ["location_id"])

    def phones(self) -> None:
        def extra(obj, row):
            obj.e164 = to_e164(obj.number)

        self.rows(d.Phone, extra, ["e164"])

    def taxonomies(self) -> None:
        for row in self.plan.of(d.Taxonomy):
            obj = (
                d.Taxonomy.objects.filter(hsds_id=row.hsds_id).first()
                or d.Taxonomy.objects.filter(
                    name=row.given.get("name")
                ).first()  # same vocabulary, other id
                or d.Taxonomy(hsds_id=row.hsds_id)
            )
            _apply(obj, row)
            obj.save()
            self.objects[row.key] = obj
        for row in self.plan.of(d.TaxonomyTerm):
            taxonomy = self.objects.get(row.links.get("taxonomy"))
            if taxonomy is None and row.extra.get("taxonomy_id"):
                taxonomy = d.Taxonomy.objects.filter(
                    hsds_id=as_uuid(row.extra["taxonomy_id"])
                ).first()
            obj = d.TaxonomyTerm.objects.filter(hsds_id=row.hsds_id).first()
            if obj is None and taxonomy is not None and row.given.get("code"):
                obj = d.TaxonomyTerm.objects.filter(
                    taxonomy=taxonomy, code=row.given["code"]
                ).first()
            obj = obj or d.TaxonomyTerm(hsds_id=row.hsds_id)
            _apply(obj, row)
            obj.taxonomy = taxonomy
            obj.taxonomy_name = row.extra.get("taxonomy_name", "")
            if taxonomy is not None and obj.taxonomy_name == taxonomy.name:
                obj.taxonomy_name = ""  # the linked taxonomy already says it
            obj.parent_hsds_id = as_uuid(row.extra.get("parent_id"))
            obj.parent = (
                d.TaxonomyTerm.objects.filter(hsds_id=obj.parent_hsds_id).first()
                if obj.parent_hsds_id
                else None
            )
            obj.save()
            # Terms that named this one as parent before it arrived.
            d.TaxonomyTerm.objects.filter(parent_hsds_id=obj.hsds_id, parent__isnull=True).update(
                parent=obj
            )
            self.objects[row.key] = obj

    def attributes(self) -> None:
        def extra(obj, row):
            obj.taxonomy_term_id = self.pk(row.links["taxonomy_term"])
            obj.link_entity, obj.link_id = "service", self.objects[row.links["service"]].hsds_id

        self.rows(d.Attribute, extra, ["taxonomy_term_id", "link_entity", "link_id"])

    def capacities(self) -> None:
        for row in self.plan.of(d.Unit):
            obj = (
                d.Unit.objects.filter(hsds_id=row.hsds_id).first()
                or d.Unit.objects.filter(name=row.given.get("name")).order_by("pk").first()
                or d.Unit(hsds_id=row.hsds_id)
            )
            _apply(obj, row)
            obj.save()
            self.objects[row.key] = obj
        rows = self.plan.of(d.ServiceCapacity)
        existing = {
            o.hsds_id: o
            for o in d.ServiceCapacity.objects.filter(hsds_id__in=[r.hsds_id for r in rows])
        }
        before = {k: (o.available, o.maximum) for k, o in existing.items()}

        def extra(obj, row):
            obj.unit_id = self.pk(row.links["unit"])

        self.remove_stale(d.ServiceCapacity)
        self.upsert(d.ServiceCapacity, rows, extra, extra_fields=["unit_id"], existing=existing)
        changes = [
            d.CapacityChange(
                capacity=self.objects[row.key],
                available=obj.available,
                maximum=obj.maximum,
                changed_at=obj.updated,
            )
            for row in rows
            if (obj := self.objects[row.key])
            and before.get(row.hsds_id) != (obj.available, obj.maximum)
        ]
        d.CapacityChange.objects.bulk_create(changes)

    def closures(self) -> None:
        services = {key: self.objects[key] for key in self.plan.closures}
        d.Closure.objects.filter(service__in=[s.pk for s in services.values() if s.pk]).delete()
        d.Closure.objects.bulk_create(
            [
                d.Closure(service=services[key], sort_order=i, **values)
                for key, closures in self.plan.closures.items()
                for i, values in enumerate(closures)
            ]
        )

    # ---- the whole record --------------------------------------------------------------------

    def write(self) -> dict:
        """Store the plan; returns the primary key of each service page it wrote, and whether it
        created it, by plan key."""
        for key, path in self.plan.refs.items():
            if key[0] is not d.OrganizationPage and key not in self.plan.rows:
                self.require(key, path)
        self.organizations()
        self.locations()
        self.rows(d.Address)
        self.rows(d.Accessibility)
        self.services()
        self.service_at_locations()
        self.rows(d.Contact)
        self.phones()
        self.rows(d.Language)
        self.rows(d.Schedule)
        self.rows(d.ServiceArea)
        self.rows(d.CostOption)
        self.rows(d.RequiredDocument)
        self.taxonomies()
        self.attributes()
        self.capacities()
        self.closures()
        return {key: (self.objects[key].pk, key in self.new_keys) for key in self.plan.services}


def _neighbourhood(lat, lng) -> str:
    if lat is None or lng is None:
        return ""
    return neighbourhood_at(lat, lng)


def write_plan(plan: Plan) -> dict:
    """Write a checked plan (one record's, or several merged): service key → (pk, created?)."""
    return Writer(plan).write()
