"""The codes of screenings and assessments (stored codes; the labels are what the screen shows)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScreeningResult(models.TextChoices):
    NEGATIVE = "negative", _("Negative")
    POSITIVE_NON_ACUTE = "positive_non_acute", _("Positive, not acute")
    POSITIVE_ACUTE = "positive_acute", _("Positive, acute")


class ScreeningAction(models.TextChoices):
    """What the responder did after a positive screen (counted for the evaluator)."""

    STAYED = "stayed_with_person", _("Stayed with the person")
    EMERGENCY_EVALUATION = "emergency_evaluation", _("Emergency evaluation arranged")
    SAFETY_ASSESSMENT = "safety_assessment", _("Brief safety assessment done")
    SAFETY_PLAN = "safety_plan", _("Safety plan made")
    MEANS_REMOVED = "means_removed", _("Dangerous objects removed")
    REFERRED = "referred", _("Referred")
    TRANSPORTED = "transported", _("Transported for evaluation")
    RESOURCES = "resources_given", _("988 and crisis resources given")
    DECLINED = "declined", _("Person declined help")


class PresentingConcern(models.TextChoices):
    SUICIDAL = "suicidal_thoughts", _("Suicidal thoughts")
    PSYCHOSIS = "psychosis", _("Psychosis")
    DEPRESSION = "depression", _("Depression")
    ANXIETY = "anxiety", _("Anxiety or panic")
    AGITATION = "agitation", _("Agitation")
    INTOXICATION = "intoxication", _("Intoxication")
    WITHDRAWAL = "withdrawal", _("Withdrawal")
    CONFLICT = "conflict", _("Conflict or violence")
    HOUSING = "housing_crisis", _("Housing crisis")
    WELFARE = "welfare_check", _("Welfare check")
    OTHER = "other", _("Other")


class Orientation(models.TextChoices):
    ORIENTED = "oriented", _("Oriented")
    PARTLY = "partly", _("Partly oriented")
    DISORIENTED = "disoriented", _("Disoriented")


class Mood(models.TextChoices):
    CALM = "calm", _("Calm")
    ANXIOUS = "anxious", _("Anxious")
    LOW = "low", _("Low or depressed")
    IRRITABLE = "irritable", _("Irritable")
    ANGRY = "angry", _("Angry")
    ELEVATED = "elevated", _("Elevated")
    TEARFUL = "tearful", _("Tearful")
    FLAT = "flat", _("Flat")


class ThoughtProcess(models.TextChoices):
    CLEAR = "clear", _("Clear")
    TANGENTIAL = "tangential", _("Wandering")
    RACING = "racing", _("Racing")
    DISORGANISED = "disorganised", _("Disorganised")
    SLOWED = "slowed", _("Slowed")


class Substance(models.TextChoices):
    ALCOHOL = "alcohol", _("Alcohol")
    OPIOIDS = "opioids", _("Opioids or fentanyl")
    STIMULANTS = "stimulants", _("Cocaine, crack or meth")
    BENZODIAZEPINES = "benzodiazepines", _("Benzos")
    CANNABIS = "cannabis", _("Cannabis")
    OTHER = "other", _("Other")
    NONE = "none", _("None")


class LastUse(models.TextChoices):
    HOUR = "last_hour", _("Within the hour")
    TODAY = "today", _("Today")
    YESTERDAY = "yesterday", _("Yesterday")
    WEEK = "this_week", _("This week")
    LONGER = "longer", _("Longer ago")


class OverdoseRisk(models.TextChoices):
    LOW = "low", _("Low")
    RAISED = "raised", _("Raised")
    HIGH = "high", _("High")


class Medical(models.TextChoices):
    INJURY = "injury", _("Injury or wound")
    PAIN = "pain", _("Pain")
    MEDICATION = "medication_missed", _("Missed medication")
    CHRONIC = "chronic_illness", _("Chronic illness")
    PREGNANT = "pregnant", _("Pregnant")
    COLD = "exposure", _("Cold or heat exposure")
    NONE = "none", _("None")


class SleptLast(models.TextChoices):
    OWN = "own_place", _("Own place")
    FAMILY = "family_friends", _("With family or friends")
    SHELTER = "shelter", _("Shelter")
    OUTSIDE = "outside", _("Outside")
    VEHICLE = "vehicle", _("Vehicle")
    INSTITUTION = "institution", _("Hospital or jail")
    UNKNOWN = "unknown", _("Did not say")


class Support(models.TextChoices):
    FAMILY = "family", _("Family")
    FRIENDS = "friends", _("Friends")
    CLINICIAN = "clinician", _("Clinician or case manager")
    PEER = "peer", _("Peer support")
    FAITH = "faith", _("Faith community")
    PET = "pet", _("Pet")
    NONE = "none", _("No one")
