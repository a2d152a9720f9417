from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from fangzhi.audit.api import LogEntryViewSet
from fangzhi.core.api import JobViewSet
from fangzhi.quality.api import (
    CheckerTermViewSet,
    CheckMarkViewSet,
    CheckRunViewSet,
    DismissalViewSet,
    TextCheckViewSet,
)

from .views.applications import ApplicationDocumentViewSet, SeriesApplicationViewSet
from .views.auth import TokenView
from .views.org import (
    CommitteePostViewSet,
    CommitteeViewSet,
    MembershipChangeViewSet,
    SeatViewSet,
    UnitViewSet,
)
from .views.people import PersonViewSet
from .views.returns import (
    CampaignViewSet,
    EntryViewSet,
    MappingViewSet,
    SubmissionVersionViewSet,
    SubmissionViewSet,
)
from .views.search import SearchViewSet
from .views.works import (
    CommentViewSet,
    CreditViewSet,
    ManuscriptVersionViewSet,
    NodeReviewerViewSet,
    NotificationViewSet,
    OutlineNodeViewSet,
    ReviewDecisionViewSet,
    WorkViewSet,
)

router = DefaultRouter()
router.register("committee", CommitteeViewSet, basename="committee")
router.register("committee-posts", CommitteePostViewSet, basename="committee-post")
router.register("units", UnitViewSet, basename="unit")
router.register("membership-changes", MembershipChangeViewSet, basename="membership-change")
router.register("seats", SeatViewSet, basename="seat")
router.register("people", PersonViewSet, basename="person")
router.register("jobs", JobViewSet, basename="job")
router.register("audit", LogEntryViewSet, basename="audit")
router.register("works", WorkViewSet, basename="work")
router.register("outline-nodes", OutlineNodeViewSet, basename="outline-node")
router.register("manuscript-versions", ManuscriptVersionViewSet, basename="manuscript-version")
router.register("comments", CommentViewSet, basename="comment")
router.register("review-decisions", ReviewDecisionViewSet, basename="review-decision")
router.register("credits", CreditViewSet, basename="credit")
router.register("node-reviewers", NodeReviewerViewSet, basename="node-reviewer")
router.register("series-applications", SeriesApplicationViewSet, basename="series-application")
router.register(
    "application-documents", ApplicationDocumentViewSet, basename="application-document"
)
router.register("notifications", NotificationViewSet, basename="notification")
router.register("returns-campaigns", CampaignViewSet, basename="returns-campaign")
router.register("returns-mappings", MappingViewSet, basename="returns-mapping")
router.register("returns-submissions", SubmissionViewSet, basename="returns-submission")
router.register("returns-entries", EntryViewSet, basename="returns-entry")
router.register("returns-versions", SubmissionVersionViewSet, basename="returns-version")
router.register("quality-runs", CheckRunViewSet, basename="quality-run")
router.register("quality-marks", CheckMarkViewSet, basename="quality-mark")
router.register("quality-dismissals", DismissalViewSet, basename="quality-dismissal")
router.register("quality-terms", CheckerTermViewSet, basename="quality-term")
router.register("quality-check", TextCheckViewSet, basename="quality-check")
router.register("search", SearchViewSet, basename="search")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("token/", TokenView.as_view(), name="api-token"),
    path("", include(router.urls)),
]
