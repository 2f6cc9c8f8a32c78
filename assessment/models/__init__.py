"""The assessment app's data: screening instruments, screenings, clinical assessments."""

from .choices import (
    LastUse,
    Medical,
    Mood,
    Orientation,
    OverdoseRisk,
    PresentingConcern,
    ScreeningAction,
    ScreeningResult,
    SleptLast,
    Substance,
    Support,
    ThoughtProcess,
)
from .clinical import ClinicalAssessment
from .instruments import Instrument
from .screenings import Screening

__all__ = [
    "ClinicalAssessment",
    "Instrument",
    "LastUse",
    "Medical",
    "Mood",
    "Orientation",
    "OverdoseRisk",
    "PresentingConcern",
    "Screening",
    "ScreeningAction",
    "ScreeningResult",
    "SleptLast",
    "Substance",
    "Support",
    "ThoughtProcess",
]
