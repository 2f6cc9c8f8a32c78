"""Writing the safety plan, and recording the person's agreement to have it texted to them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from staff.audit import audit_log

from ..models import SECTIONS, Case, SafetyPlan
from ..safety import crisis_lines
from ..selectors import case_get
from .cases import _check
from .errors import PHONE_REQUIRED, ROLE_CANNOT


def safety_plan_start(*, case: Case, user) -> SafetyPlan:
    """An unsaved plan with the crisis lines filled in, for the form to start from."""
    return SafetyPlan(case=case, updated_by=user, professionals="\n".join(crisis_lines()))


def safety_plan_save(*, user, case: Case, data: dict, request=None) -> SafetyPlan:
    _check(user)
    if case_get(user=user, case_id=case.pk) is None:
        raise PermissionDenied(ROLE_CANNOT)
    with transaction.atomic():
        plan = SafetyPlan.objects.filter(case=case).first() or SafetyPlan(case=case)
        for name in SECTIONS:
            setattr(plan, name, (data.get(name) or "").strip())
        plan.updated_by = user
        plan.updated_at = timezone.now()
        plan.full_clean()
        plan.save()
        audit_log(user=user, action="case_safety_plan_save", obj=case, request=request)
    return plan


def safety_plan_sms_consent(*, user, case: Case, phone: str, request=None) -> SafetyPlan:
    """The person agreed to receive the plan by text at ``phone``: heard and recorded by the user."""
    _check(user)
    if case_get(user=user, case_id=case.pk) is None:
        raise PermissionDenied(ROLE_CANNOT)
    phone = (phone or "").strip()
    if not phone:
        raise ValidationError({"phone": [PHONE_REQUIRED]})
    plan = SafetyPlan.objects.get(case=case)
    plan.sms_phone = phone
    plan.sms_consent_at = timezone.now()
    plan.sms_consent_by = user
    plan.full_clean()
    plan.save(update_fields=["sms_phone", "sms_consent_at", "sms_consent_by"])
    audit_log(user=user, action="case_safety_plan_sms_consent", obj=case, request=request)
    return plan
