"""The coded answers of the outreach log.

The stored values are the codes of contracts §4.3 (and, for living situation, HUD's numeric codes
as strings). "Unknown" and "refused" are answers with codes of their own, never a blank.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    DISPATCH = "dispatch", _("Dispatch (911 / CAD)")
    OUTREACH = "outreach", _("Outreach")
    WALK_IN = "walk_in", _("Walk-in")
    FOLLOW_UP = "follow_up", _("Follow-up")


class Need(models.TextChoices):
    MENTAL_HEALTH = "mental_health", _("Mental health")
    SUBSTANCE_USE = "substance_use", _("Substance use")
    HOUSING = "housing", _("Housing")
    FOOD = "food", _("Food")
    MEDICAL = "medical", _("Medical")
    SAFETY = "safety", _("Safety")
    BENEFITS = "benefits", _("Benefits")
    OTHER = "other", _("Other")


class Disposition(models.TextChoices):
    RESOLVED_ON_SCENE = "resolved_on_scene", _("Resolved on scene")
    REFERRED = "referred", _("Referred")
    TRANSPORTED = "transported", _("Transported")
    POLICE_REQUESTED = "police_requested", _("Police requested")
    DECLINED = "declined", _("Declined services")
    UNABLE_TO_LOCATE = "unable_to_locate", _("Unable to locate")


class CoResponse(models.TextChoices):
    """Who was dispatched together with the team (co-dispatch, decided before arrival)."""

    ALONE = "alone", _("Team alone")
    POLICE = "police", _("With police")
    EMS = "ems", _("With EMS")
    POLICE_EMS = "police_ems", _("With police and EMS")


class YesNoUnknown(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")
    REFUSED = "refused", _("Refused to answer")


class ServiceGiven(models.TextChoices):
    """What the team handed out or did on scene."""

    NALOXONE = "naloxone", _("Naloxone")
    FIRST_AID = "first_aid", _("First aid")
    WATER = "water", _("Water")
    FOOD = "food", _("Food / snacks")
    CLOTHING = "clothing", _("Clothing / blankets")
    HYGIENE = "hygiene", _("Hygiene kit")
    HARM_REDUCTION = "harm_reduction", _("Harm-reduction supplies")
    SAFETY_PLAN = "safety_plan", _("Safety plan")
    DE_ESCALATION = "de_escalation", _("De-escalation / counselling")
    INFORMATION = "information", _("Information / resources")
    PHONE_CALL = "phone_call", _("Phone call for the person")
    TRANSPORT = "transport", _("Transport")
    OTHER = "other", _("Other")


class TransportDestination(models.TextChoices):
    NONE = "none", _("No transport")
    HOSPITAL = "hospital", _("Hospital emergency department")
    CRISIS_CENTER = "crisis_center", _("Crisis stabilization / mental-health crisis centre")
    DETOX = "detox", _("Detox / withdrawal management")
    SHELTER = "shelter", _("Shelter or warming centre")
    TREATMENT = "treatment", _("Treatment programme")
    HOME = "home", _("Home / family / friends")
    SERVICE = "service", _("Other service provider")
    OTHER = "other", _("Other")


class Interpreter(models.TextChoices):
    NONE = "none", _("No interpreter needed")
    STAFF = "staff", _("Bilingual team member")
    PHONE = "phone", _("Phone / video interpreter line")
    IN_PERSON = "in_person", _("In-person interpreter")
    FAMILY = "family", _("Family member or friend")
    NEEDED_UNAVAILABLE = "needed_unavailable", _("Needed but not available")


class LivingSituation(models.TextChoices):
    """HUD HMIS FY2024 Data Standards, element 4.12 Current Living Situation.

    The stored values are HUD's numeric codes (as strings). The FY2024 list for 4.12 uses
    335/336 for staying with family/friends; 312/313/422/423 and the HOPWA moves (327/426) belong
    to the Destination list (3.12) only, and 24/30 likewise.
    """

    # Homeless situations
    PLACE_NOT_MEANT = (
        "116",
        _(
            "Place not meant for habitation (vehicle, abandoned building, station, anywhere outside)"
        ),
    )
    EMERGENCY_SHELTER = (
        "101",
        _("Emergency shelter, incl. hotel/motel paid with a shelter voucher, Host Home shelter"),
    )
    SAFE_HAVEN = "118", _("Safe Haven")
    # Institutional situations
    FOSTER_CARE = "215", _("Foster care home or foster care group home")
    HOSPITAL = "206", _("Hospital or other residential non-psychiatric medical facility")
    JAIL = "207", _("Jail, prison or juvenile detention facility")
    LONG_TERM_CARE = "225", _("Long-term care facility or nursing home")
    PSYCHIATRIC = "204", _("Psychiatric hospital or other psychiatric facility")
    SUBSTANCE_TREATMENT = "205", _("Substance abuse treatment facility or detox center")
    # Temporary housing situations
    TRANSITIONAL = "302", _("Transitional housing for homeless persons (including homeless youth)")
    RESIDENTIAL_PROJECT = "329", _("Residential project or halfway house with no homeless criteria")
    HOTEL_NO_VOUCHER = "314", _("Hotel or motel paid for without emergency shelter voucher")
    HOST_HOME = "332", _("Host Home (non-crisis)")
    FAMILY_ROOM = "335", _("Staying or living in a family member's room, apartment, or house")
    FRIEND_ROOM = "336", _("Staying or living in a friend's room, apartment, or house")
    # Permanent housing situations
    RENTAL_NO_SUBSIDY = "410", _("Rental by client, no ongoing housing subsidy")
    RENTAL_SUBSIDY = "435", _("Rental by client, with ongoing housing subsidy")
    OWNED_SUBSIDY = "421", _("Owned by client, with ongoing housing subsidy")
    OWNED_NO_SUBSIDY = "411", _("Owned by client, no ongoing housing subsidy")
    # Other
    OTHER = "17", _("Other")
    WORKER_UNABLE = "37", _("Worker unable to determine")
    CLIENT_DOESNT_KNOW = "8", _("Client doesn't know")
    CLIENT_PREFERS_NOT = "9", _("Client prefers not to answer")
    NOT_COLLECTED = "99", _("Data not collected")

    @classmethod
    def homeless(cls):
        return {cls.PLACE_NOT_MEANT, cls.EMERGENCY_SHELTER, cls.SAFE_HAVEN}


class ConsentStatus(models.TextChoices):
    GIVEN = "given", _("Given")
    DECLINED = "declined", _("Declined")
    NOT_ASKED = "not_asked", _("Not asked yet")
    UNABLE = "unable", _("Unable to consent (e.g. in crisis)")
