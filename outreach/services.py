"""Write operations of the outreach log: encounters (idempotent), people, merges."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.forms.models import model_to_dict
from django.utils import timezone

from core import idempotency
from geo import neighbourhood_at
from staff.audit import audit_log
from staff.models import AuditEvent
from staff.roles import staff_team

from .models import Encounter, Person, PersonMerge
from .permissions import can_log_encounters, can_undo_merge
from .selectors import encounters_visible_to, person_get, persons_visible_to
from .signal_handlers import person_merge_undone, person_merged

ENCOUNTER_CONFLICT = "An encounter with this id already exists with different content."
NOT_ALLOWED = "Only responders and supervisors may log encounters."
UNKNOWN_PERSON = "No such person."
MERGE_SAME = "A record cannot be merged into itself."
MERGE_NOT_VISIBLE = "Both records must be ones you can see."
MERGE_ALREADY_UNDONE = "This merge was already undone."
MERGE_UNDO_BLOCKED = "The kept record was merged again since; undo that merge first."
UNDO_NOT_ALLOWED = "Only a supervisor can undo a merge."
ENCOUNTER_UNDO_TOO_LATE = "Too late to undo: ask a supervisor to correct it."
ENCOUNTER_UNDO_IN_USE = "A referral or screening rests on this contact; it cannot be undone."
# The quick log's Undo reaches a contact already sent only this long after the server stored it.
ENCOUNTER_UNDO_WINDOW = timedelta(minutes=5)

PERSON_NAMESPACE_LABEL = "person"

# Fields that make up an encounter's content (the idempotency hash covers exactly these).
CONTENT_FIELDS = (
    "id",
    "occurred_at",
    "source",
    "cad_incident",
    "lat",
    "lng",
    "location_text",
    "neighbourhood",
    "person_id",
    "person_alias",
    "needs",
    "disposition",
    "notes",
    "call_received_at",
    "dispatched_at",
    "on_scene_at",
    "cleared_at",
    "co_response",
    "police_backup_requested",
    "police_backup_reason",
    "arrest_or_citation",
    "transport_destination",
    "transport_destination_text",
    "danger_to_self",
    "danger_to_others",
    "medical_emergency",
    "intoxication",
    "services_given",
    "living_situation",
    "language",
    "interpreter",
    "team_members",
)


class EncounterConflict(Exception):
    """The id is taken by an encounter with different content (or one the caller may not see)."""


TEXT_FIELDS = (
    "cad_incident",
    "location_text",
    "neighbourhood",
    "notes",
    "person_alias",
    "police_backup_reason",
    "transport_destination_text",
    "language",
)


def encounter_content_hash(data: dict) -> str:
    """A stable hash of cleaned encounter data: the same content however it was spelled."""
    return idempotency.content_hash(data, CONTENT_FIELDS, text_fields=TEXT_FIELDS)


def person_id_for_encounter(encounter_id: uuid.UUID) -> uuid.UUID:
    """The id of a person created by an encounter's alias: the same on every retry."""
    return uuid.uuid5(encounter_id, PERSON_NAMESPACE_LABEL)


def _neighbourhood_of(data: dict) -> str:
    if data.get("lat") is None or data.get("lng") is None:
        return ""
    return neighbourhood_at(data["lat"], data["lng"])


def _repeat(*, user, encounter_id, content_hash) -> Encounter:
    existing = encounters_visible_to(user).filter(pk=encounter_id).first()
    if existing is None or existing.content_hash != content_hash:
        raise EncounterConflict(ENCOUNTER_CONFLICT)
    return existing


def encounter_create(*, user, data: dict, request=None) -> tuple[Encounter, bool]:
    """Store an encounter from cleaned ``EncounterForm`` data; idempotent on ``data["id"]``.

    Returns ``(encounter, True)`` the first time and ``(encounter, False)`` for a repeat with the
    same content; raises ``EncounterConflict`` for a repeat with different content. Two requests
    with the same id at the same moment are settled by the primary key: the loser's insert fails
    with an IntegrityError inside its own transaction and it then compares with the winner's row.
    """
    if not can_log_encounters(user):
        raise PermissionDenied(NOT_ALLOWED)
    encounter_id = data["id"]
    content_hash = encounter_content_hash(data)

    def stored():
        if Encounter.objects.filter(pk=encounter_id).exists():
            return _repeat(user=user, encounter_id=encounter_id, content_hash=content_hash)
        return None

    if (existing := stored()) is not None:
        return existing, False

    # Every read happens before the transaction, so its first statement is a write (SQLite then
    # queues writers behind its busy timeout instead of failing with "database is locked").
    person = None
    if data.get("person_id"):
        person = person_get(user=user, person_id=data["person_id"])
        if person is None:
            raise ValidationError({"person": UNKNOWN_PERSON})
    team = staff_team(user)
    team_members = list(data.get("team_members") or [])

    encounter = Encounter(
        id=encounter_id,
        occurred_at=data["occurred_at"],
        source=data["source"],
        cad_incident=data.get("cad_incident") or "",
        call_received_at=data.get("call_received_at"),
        dispatched_at=data.get("dispatched_at"),
        on_scene_at=data.get("on_scene_at"),
        cleared_at=data.get("cleared_at"),
        co_response=data["co_response"],
        police_backup_requested=bool(data.get("police_backup_requested")),
        police_backup_reason=data.get("police_backup_reason") or "",
        arrest_or_citation=bool(data.get("arrest_or_citation")),
        transport_destination=data["transport_destination"],
        transport_destination_text=data.get("transport_destination_text") or "",
        team=team,
        responder=user,
        person=person,
        latitude=data.get("lat"),
        longitude=data.get("lng"),
        location_text=data.get("location_text") or "",
        # The phone sends its position, rarely a name: the name is what the dashboard counts.
        neighbourhood=data.get("neighbourhood") or _neighbourhood_of(data),
        needs=sorted(set(data.get("needs") or [])),
        danger_to_self=data["danger_to_self"],
        danger_to_others=data["danger_to_others"],
        medical_emergency=data["medical_emergency"],
        intoxication=data["intoxication"],
        services_given=sorted(set(data.get("services_given") or [])),
        disposition=data["disposition"],
        living_situation=data["living_situation"],
        language=data.get("language") or "",
        interpreter=data["interpreter"],
        notes=data.get("notes") or "",
        content_hash=content_hash,
    )
    # person, team and responder were looked up above; the rest (codes, times, ranges) is checked here.
    encounter.full_clean(
        exclude=["person", "team", "responder"], validate_unique=False, validate_constraints=False
    )

    def write():
        with transaction.atomic():
            if data.get("person_alias"):
                person = Person(
                    id=person_id_for_encounter(encounter_id),
                    alias=data["person_alias"].strip(),
                    created_by_team=team,
                    created_by=user,
                )
                person.save(force_insert=True)
                encounter.person = person
            encounter.save(force_insert=True)
            if team_members:
                encounter.team_members.set(team_members)
            if data.get("person_alias"):
                audit_log(
                    user=user, action=AuditEvent.Action.CREATE_PERSON, obj=person, request=request
                )
            audit_log(
                user=user, action=AuditEvent.Action.CREATE_ENCOUNTER, obj=encounter, request=request
            )
        return encounter

    # Someone stored this id (or its alias person) first: compare with what they stored.
    return idempotency.store_once(write=write, stored=stored)


def encounter_undo(*, user, encounter_id, request=None) -> bool:
    """The quick log's Undo of a contact already sent: only the responder who logged it, only
    within ``ENCOUNTER_UNDO_WINDOW`` of storing it, only while nothing rests on it. The person its
    alias created goes too, unless something else now refers to them. Audited; False when there
    is no such contact of this user (never stored, already undone, or someone else's)."""
    encounter = Encounter.objects.filter(pk=encounter_id, responder=user).first()
    if encounter is None or not can_log_encounters(user):
        return False
    if timezone.now() - encounter.created_at > ENCOUNTER_UNDO_WINDOW:
        raise ValidationError(ENCOUNTER_UNDO_TOO_LATE)
    alias_person = (
        encounter.person if encounter.person_id == person_id_for_encounter(encounter.pk) else None
    )
    try:
        with transaction.atomic():
            audit_log(
                user=user,
                action=AuditEvent.Action.OTHER,
                obj=encounter,
                detail="undid a contact just logged (quick log)",
                request=request,
            )
            encounter.delete()
            if alias_person is not None and not alias_person.encounters.exists():
                try:
                    with transaction.atomic():
                        alias_person.delete()
                except ProtectedError:
                    pass  # a referral or case now names them: the person stays
    except ProtectedError:
        raise ValidationError(ENCOUNTER_UNDO_IN_USE) from None
    return True


def person_update(*, user, person: Person, data: dict, request=None) -> Person:
    if not persons_visible_to(user).filter(pk=person.pk).exists():
        raise PermissionDenied(UNKNOWN_PERSON)
    with transaction.atomic():
        changed = sorted(k for k, v in data.items() if getattr(person, k) != v)
        for key, value in data.items():
            setattr(person, key, value)
        person.full_clean()
        person.save()
        audit_log(
            user=user,
            action=AuditEvent.Action.UPDATE_PERSON,
            obj=person,
            detail="changed: " + ", ".join(changed),
            request=request,
        )
    return person


def person_create(*, user, data: dict, request=None) -> Person:
    if not can_log_encounters(user):
        raise PermissionDenied(NOT_ALLOWED)
    with transaction.atomic():
        person = Person(created_by_team=staff_team(user), created_by=user, **data)
        person.full_clean()
        person.save()
        audit_log(user=user, action=AuditEvent.Action.CREATE_PERSON, obj=person, request=request)
    return person


# --- merging -------------------------------------------------------------------------------------
MERGE_FILL_FIELDS = ("name", "alias", "date_of_birth", "preferred_language")
MERGE_JOIN_FIELDS = ("descriptors", "hazard_note", "consent_to_share_scope")
PERSON_SNAPSHOT_FIELDS = (*MERGE_FILL_FIELDS, *MERGE_JOIN_FIELDS)


def _person_relations():
    """Every foreign key to Person from another model (encounters, and referrals once they exist)."""
    for rel in Person._meta.related_objects:
        if rel.related_model in (Person, PersonMerge) or not (rel.one_to_many or rel.one_to_one):
            continue
        yield rel.related_model, rel.field.name


def person_merge(*, user, source: Person, target: Person, request=None) -> PersonMerge:
    """Fold ``source`` into ``target``: its rows move over, it stays behind as a pointer."""
    if source.pk == target.pk:
        raise ValidationError(MERGE_SAME)
    visible = persons_visible_to(user)
    if visible.filter(pk__in=[source.pk, target.pk]).count() != 2:
        raise PermissionDenied(MERGE_NOT_VISIBLE)
    with transaction.atomic():
        source = Person.objects.select_for_update().get(pk=source.pk)
        target = Person.objects.select_for_update().get(pk=target.pk)
        snapshot = model_to_dict(target, fields=PERSON_SNAPSHOT_FIELDS)
        snapshot["date_of_birth"] = (
            target.date_of_birth.isoformat() if target.date_of_birth else None
        )
        moved = {}
        for model, field_name in _person_relations():
            ids = list(
                model._default_manager.filter(**{field_name: source}).values_list("pk", flat=True)
            )
            if ids:
                model._default_manager.filter(pk__in=ids).update(**{field_name: target})
                moved[model._meta.label] = [str(pk) for pk in ids]
        for name in MERGE_FILL_FIELDS:
            if not getattr(target, name) and getattr(source, name):
                setattr(target, name, getattr(source, name))
        for name in MERGE_JOIN_FIELDS:
            a, b = getattr(target, name).strip(), getattr(source, name).strip()
            if b and b not in a:
                setattr(target, name, f"{a}\n{b}".strip())
        target.save()
        source.merged_into = target
        source.save(update_fields=["merged_into", "updated_at"])
        merge = PersonMerge.objects.create(
            source=source, target=target, moved=moved, target_before=snapshot, merged_by=user
        )
        audit_log(
            user=user,
            action=AuditEvent.Action.MERGE_PERSONS,
            obj=merge,
            person=target,
            detail=f"merged {source.pk} into {target.pk}; moved {json.dumps(moved)}",
            request=request,
        )
        audit_log(
            user=user,
            action=AuditEvent.Action.MERGE_PERSONS,
            obj=merge,
            person=source,
            detail=f"merged {source.pk} into {target.pk}",
            request=request,
        )
        transaction.on_commit(
            lambda: person_merged.send(sender=PersonMerge, merge=merge, user=user)
        )
    return merge


def person_merge_undo(*, user, merge: PersonMerge, request=None) -> PersonMerge:
    """Put both records back as they were; rows added to the kept record since stay there."""
    if not can_undo_merge(user):
        raise PermissionDenied(UNDO_NOT_ALLOWED)
    with transaction.atomic():
        merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
        if merge.is_undone:
            raise ValidationError(MERGE_ALREADY_UNDONE)
        target = Person.objects.select_for_update().get(pk=merge.target_id)
        source = Person.objects.select_for_update().get(pk=merge.source_id)
        if target.merged_into_id:
            raise ValidationError(MERGE_UNDO_BLOCKED)
        relations = {
            model._meta.label: (model, field_name) for model, field_name in _person_relations()
        }
        for label, ids in merge.moved.items():
            model, field_name = relations[label]
            model._default_manager.filter(pk__in=ids, **{field_name: target}).update(
                **{field_name: source}
            )
        for name, value in merge.target_before.items():
            if name == "date_of_birth":
                value = datetime.fromisoformat(value).date() if value else None
            setattr(target, name, value)
        target.save()
        source.merged_into = None
        source.save(update_fields=["merged_into", "updated_at"])
        merge.undone_by = user
        merge.undone_at = timezone.now()
        merge.save(update_fields=["undone_by", "undone_at"])
        for person in (target, source):
            audit_log(
                user=user,
                action=AuditEvent.Action.UNDO_MERGE,
                obj=merge,
                person=person,
                detail=f"undid merge of {source.pk} into {target.pk}",
                request=request,
            )
        transaction.on_commit(
            lambda: person_merge_undone.send(sender=PersonMerge, merge=merge, user=user)
        )
    return merge
