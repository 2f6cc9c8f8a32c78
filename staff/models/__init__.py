"""Staff data used by every app: the roles, teams and their shifts, staff profiles, the audit log.

The package re-exports every public name, so ``from staff.models import Team`` keeps working as
modules are added. The tables keep the ``outreach_`` names they were created with (``db_table``).
"""

from .audit import AuditEvent
from .teams import Role, ShiftAssignment, StaffProfile, Team

__all__ = ["AuditEvent", "Role", "ShiftAssignment", "StaffProfile", "Team"]
