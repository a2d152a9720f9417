"""Pages of the annual returns. Each views module lists its own ``urls``; this joins them."""

from .views import campaigns, submissions

app_name = "returns"

urlpatterns = [*campaigns.urls, *submissions.urls]
