"""Errors and messages the case services raise (tests assert on the constants); views say them in
the user's language, so each is marked for the catalogue."""

from django.utils.translation import gettext_noop

ROLE_CANNOT = gettext_noop("Only responders and supervisors work cases.")
INVALID_TRANSITION = gettext_noop("A case that is %(current)s cannot become %(new)s.")
CHANGED_MEANWHILE = gettext_noop(
    "Someone else changed this case at the same moment; reload and try again."
)
REASON_REQUIRED = gettext_noop("Choose a closure reason and an outcome to close the case.")
UNKNOWN_STATUS = gettext_noop("Unknown status.")
NOBODY_ON_DUTY = gettext_noop("Nobody else on the team is on duty now: add a shift first.")
NOT_ON_TEAM = gettext_noop("The new worker must be on the case's team.")
UNKNOWN_PERSON = gettext_noop("No such person, or not one you may see.")
OPEN_ELSEWHERE = gettext_noop("This person has an open case with another team: ask a supervisor.")
PHONE_REQUIRED = gettext_noop("Give the number the person agreed to be texted at.")


class InvalidTransition(Exception):
    """A move the case lifecycle does not allow (HTTP 409)."""


class CaseConflict(Exception):
    """Someone else changed the case first (HTTP 409)."""
