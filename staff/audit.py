"""Writing the audit log (contracts §5: every staff read of a person's data is logged)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from .models import AuditEvent


def _is_person(obj):
    # A model whose rows are people says so (``audit_person = True``): staff imports no app above it.
    return getattr(type(obj), "audit_person", False)


def _person_id(person):
    if person is None:
        return None
    if _is_person(person):
        return person.pk
    if isinstance(person, uuid.UUID):
        return person
    return uuid.UUID(str(person))


def _event(*, user, action, obj=None, person=None, detail="", request=None, path=""):
    if person is None and _is_person(obj):
        person = obj
    if person is None and obj is not None and getattr(obj, "person_id", None):
        person = obj.person_id
    if request is not None and not path:
        path = request.path  # never the query string: it may hold a searched name
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return AuditEvent(
        user=user,
        username=user.get_username() if user is not None else "",
        action=str(action),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        person_id=_person_id(person),
        detail=detail,
        path=path[:500],
    )


def audit_log(
    *, user, action, obj=None, person=None, detail="", request=None, path=""
) -> AuditEvent:
    """Write one append-only AuditEvent: who (user), what (action, object, person), when (now)."""
    event = _event(
        user=user, action=action, obj=obj, person=person, detail=detail, request=request, path=path
    )
    event.save()
    return event


def audit_log_persons(
    *, user, action, persons: Iterable, detail="", request=None, path=""
) -> list[AuditEvent]:
    """One event per person shown (a list, a search, an export): every person whose data was read.

    ``persons`` holds people, records about one (a referral, an encounter: its person is logged
    with it) or bare person ids (an export's rows). A read that showed nobody still writes one
    event, so that the read itself is on record.
    """
    events = [
        _event(
            user=user,
            action=action,
            detail=detail,
            request=request,
            path=path,
            **({"person": p} if isinstance(p, uuid.UUID) else {"obj": p}),
        )
        for p in persons
    ]
    return AuditEvent.objects.bulk_create(
        events or [_event(user=user, action=action, detail=detail, request=request, path=path)]
    )


def referral_reads_audit(
    *, user, referrals, action: str = "list_referrals", detail: str = "", request=None
) -> None:
    """One audit event per referral shown in a list (each with its person), like person lists."""
    audit_log_persons(user=user, action=action, persons=referrals, detail=detail, request=request)
