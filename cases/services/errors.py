"""Errors and messages the case services raise (tests assert on the constants)."""

ROLE_CANNOT = "Only responders and supervisors work cases."
INVALID_TRANSITION = "A case that is %(current)s cannot become %(new)s."
CHANGED_MEANWHILE = "Someone else changed this case at the same moment; reload and try again."
REASON_REQUIRED = "Choose a closure reason and an outcome to close the case."
UNKNOWN_STATUS = "Unknown status."
NOBODY_ON_DUTY = "Nobody else on the team is on duty now: add a shift first."
NOT_ON_TEAM = "The new worker must be on the case's team."
UNKNOWN_PERSON = "No such person, or not one you may see."
OPEN_ELSEWHERE = "This person has an open case with another team: ask a supervisor."
PHONE_REQUIRED = "Give the number the person agreed to be texted at."


class InvalidTransition(Exception):
    """A move the case lifecycle does not allow (HTTP 409)."""


class CaseConflict(Exception):
    """Someone else changed the case first (HTTP 409)."""
