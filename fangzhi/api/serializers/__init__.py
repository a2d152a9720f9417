"""Serializers validate shape only; the services enforce the rules of the work.

Output serializers are read-only ``ModelSerializer``s; input serializers derive from
``StrictSerializer`` (unknown fields are an error) and name fields with the models'
translated verbose names, so a 400 says in Chinese which field is wrong.
"""

from .base import StrictSerializer, VisiblePK, label
from .org import (
    CommitteePostCreateSerializer,
    CommitteePostSerializer,
    CommitteeSerializer,
    DecisionSerializer,
    MembershipChangeSerializer,
    PostEndSerializer,
    SeatAppointSerializer,
    SeatEndSerializer,
    SeatReplacedSerializer,
    SeatReplaceSerializer,
    SeatTermSerializer,
    UnitCreateSerializer,
    UnitSerializer,
    UnitUpdateSerializer,
)
from .people import (
    NewPersonSerializer,
    PersonBriefSerializer,
    PersonCreatedSerializer,
    PersonCreateSerializer,
    PersonSerializer,
    PersonUpdateSerializer,
    SetActiveSerializer,
    TemporaryPasswordSerializer,
)

__all__ = [
    "CommitteePostCreateSerializer",
    "CommitteePostSerializer",
    "CommitteeSerializer",
    "DecisionSerializer",
    "MembershipChangeSerializer",
    "NewPersonSerializer",
    "PersonBriefSerializer",
    "PersonCreateSerializer",
    "PersonCreatedSerializer",
    "PersonSerializer",
    "PersonUpdateSerializer",
    "PostEndSerializer",
    "SeatAppointSerializer",
    "SeatEndSerializer",
    "SeatReplaceSerializer",
    "SeatReplacedSerializer",
    "SeatTermSerializer",
    "SetActiveSerializer",
    "StrictSerializer",
    "TemporaryPasswordSerializer",
    "UnitCreateSerializer",
    "UnitSerializer",
    "UnitUpdateSerializer",
    "VisiblePK",
    "label",
]
