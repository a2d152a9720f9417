"""Works, their outlines, manuscripts, reviews and publication (三.三, 三.四)."""

from .manuscripts import Comment, ImmutableError, ManuscriptAsset, ManuscriptVersion, SignOff
from .outline import LEVEL_LABELS, NodeEvent, NodeReviewer, OutlineNode
from .reviews import Credit, Filing, Publication, ReviewDecision
from .works import (
    UNIT_NAMED_KINDS,
    ApplicationDocument,
    LowerLimitChange,
    SeriesApplication,
    Work,
)

__all__ = [
    "LEVEL_LABELS",
    "UNIT_NAMED_KINDS",
    "ApplicationDocument",
    "Comment",
    "Credit",
    "Filing",
    "ImmutableError",
    "LowerLimitChange",
    "ManuscriptAsset",
    "ManuscriptVersion",
    "NodeEvent",
    "NodeReviewer",
    "OutlineNode",
    "Publication",
    "ReviewDecision",
    "SeriesApplication",
    "SignOff",
    "Work",
]
