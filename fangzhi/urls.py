from django.urls import include, path

from fangzhi.core.views import errors

urlpatterns = [
    path("", include("fangzhi.core.urls")),
    path("accounts/", include("fangzhi.accounts.urls")),
    path("org/", include("fangzhi.org.urls")),
    path("works/", include("fangzhi.works.urls")),
    path("returns/", include("fangzhi.returns.urls")),
    path("quality/", include("fangzhi.quality.urls")),
    path("search/", include("fangzhi.search.urls")),
    path("audit/", include("fangzhi.audit.urls")),
    path("api/", include("fangzhi.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
