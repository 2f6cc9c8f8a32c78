"""New live pages for imported records, many at a time, without Wagtail's per-page save.

``Page.add_child`` costs a dozen queries and a search-index task per page, and finding the last
child grows with the tree. Here each parent's next path step is read once per batch and only the
slugs the new pages could take are looked up, both through an index, so a batch costs the same
under a parent with ten children as under one with ten thousand; the Page rows go in with one
``bulk_create`` and the specific rows with one insert, and the parent's ``numchild`` is moved
once. What ``Page.save`` would fill in (draft title, URL path, locale, content type, published
dates) is filled in here. The search indexes are brought up to date for the whole import
afterwards (``directory.tasks``).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page

BATCH = 500
# Numbered slugs (night-shelter-2, -3, …) looked up at once when a slug is taken.
SLUG_WINDOW = 20


def _children(parent):
    """By path range, as treebeard finds children: ``path__startswith`` is a LIKE that SQLite
    cannot answer from the path index, so it read every page in the tree."""
    return Page.objects.filter(
        depth=parent.depth + 1, path__range=Page._get_children_path_interval(parent.path)
    )


def _base_slug(page) -> str:
    """As Wagtail derives it from the title (or from the id, for a title with no letters)."""
    allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
    return (
        page.slug
        or slugify(page.title, allow_unicode=allow_unicode)
        or f"{page._meta.model_name}-{page.hsds_id.hex[:8]}"
    )


class _SiblingSlugs:
    """Slugs unique among a parent's children, numbered as Wagtail numbers them (base, base-2,
    base-3, …). Only the slugs asked about are looked up, by the slug index, never the whole
    list of siblings."""

    def __init__(self, parent, bases: set):
        self.siblings = _children(parent)
        self.taken, self.checked = set(), set()
        self._look_up(list(bases))

    def _look_up(self, slugs: list) -> None:
        self.taken |= set(self.siblings.filter(slug__in=slugs).values_list("slug", flat=True))
        self.checked |= set(slugs)

    def unique(self, base: str) -> str:
        slug, n = base, 1
        while True:
            if slug not in self.checked:
                self._look_up([slug] + [f"{base}-{m}" for m in range(n + 1, n + SLUG_WINDOW)])
            if slug not in self.taken:
                break
            n += 1
            slug = f"{base}-{n}"
        self.taken.add(slug)
        return slug


def create_pages(model, pages_by_parent: dict) -> None:
    """Insert ``pages_by_parent`` (parent page → unsaved ``model`` instances) as live children.

    Each instance gets its tree position, a slug unique among its siblings and its primary key.
    """
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    bases = []
    for parent, pages in pages_by_parent.items():
        last = _children(parent).order_by("-path").values_list("path", flat=True).first()
        step = Page._str2int(last[-Page.steplen :]) if last else 0
        slugs = _SiblingSlugs(parent, {_base_slug(page) for page in pages})
        for page in pages:
            step += 1
            page.path = Page._get_path(parent.path, parent.depth + 1, step)
            page.depth, page.numchild = parent.depth + 1, 0
            page.slug = slugs.unique(_base_slug(page))
            page.url_path = f"{parent.url_path}{page.slug}/"
            page.draft_title = page.title
            page.locale_id = parent.locale_id
            page.content_type = content_type
            page.live, page.has_unpublished_changes = True, False
            page.first_published_at = page.last_published_at = now
            bases.append(
                Page(**{f.attname: getattr(page, f.attname) for f in Page._meta.concrete_fields})
            )
    Page.objects.bulk_create(bases, batch_size=BATCH)
    pages = [page for pages in pages_by_parent.values() for page in pages]
    for page, base in zip(pages, bases):
        page.pk = page.page_ptr_id = base.pk
        page._state.adding = False
    fields = model._meta.local_concrete_fields
    for start in range(0, len(pages), BATCH):
        model._base_manager._insert(
            pages[start : start + BATCH], fields=fields, using=connection.alias
        )
    for parent, pages in pages_by_parent.items():
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
        parent.numchild += len(pages)
