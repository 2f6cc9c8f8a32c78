"""Case notes: staff only, audited like any read or write of a person's record."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from staff.audit import audit_log

from ..models import Case, CaseNote
from ..selectors import case_get
from .cases import _check
from .errors import ROLE_CANNOT

NOTE_REQUIRED = "Write the note first."


def case_note_add(*, user, case: Case, text: str, request=None) -> CaseNote:
    _check(user)
    if case_get(user=user, case_id=case.pk) is None:
        raise PermissionDenied(ROLE_CANNOT)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [NOTE_REQUIRED]})
    note = CaseNote.objects.create(case=case, text=text, written_by=user)
    audit_log(user=user, action="case_note_add", obj=case, request=request)
    return note
