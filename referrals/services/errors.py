"""What the referral services raise (HTTP 409) and the messages more than one of them uses."""

# Error messages (tests assert on these).
ROLE_CANNOT = "Your role cannot make this change."


class ReferralConflict(Exception):
    """409: the id is taken with different content, or the status moved under the caller."""


class InvalidTransition(ReferralConflict):
    """409: the lifecycle does not allow this change."""
