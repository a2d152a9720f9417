from .committee import (
    CommitteePostAssignView,
    CommitteePostEndView,
    CommitteeView,
    UnitAddView,
    UnitReinstateView,
    UnitRetireView,
)
from .units import (
    SeatAppointView,
    SeatEndView,
    SeatReplaceView,
    UnitDetailView,
    UnitEditView,
    UnitListView,
)

__all__ = [
    "CommitteePostAssignView",
    "CommitteePostEndView",
    "CommitteeView",
    "SeatAppointView",
    "SeatEndView",
    "SeatReplaceView",
    "UnitAddView",
    "UnitDetailView",
    "UnitEditView",
    "UnitListView",
    "UnitReinstateView",
    "UnitRetireView",
]
