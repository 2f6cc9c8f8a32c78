"""Open Referral HSDS 3.0: schema validation, serialization, import and export.

- ``schema``: offline JSON-schema validators (the official schema files, no network).
- ``fields``: how each HSDS field maps onto a model field (shared by both directions).
- ``serialize``: model → HSDS dicts, with querysets that prefetch everything they touch.
- ``checks``: what the schema does not assert (ranges, times, dates, lengths, duplicates).
- ``importer``: HSDS files → pages and rows, all-or-nothing or per record.
"""
