"""Annual returns (资料年报, 三.六): campaigns, submissions, entries, signed-off versions."""

from .campaigns import Campaign, Category, ReportingUnit, YearbookMapping
from .submissions import DraftSource, Entry, Submission, SubmissionEvent, SubmissionVersion

__all__ = [
    "Campaign",
    "Category",
    "DraftSource",
    "Entry",
    "ReportingUnit",
    "Submission",
    "SubmissionEvent",
    "SubmissionVersion",
    "YearbookMapping",
]
