"""Pages of the quality checks. Each views module lists its own ``urls``; this joins them."""

from .views import marks, terms, trend

app_name = "quality"

urlpatterns = [*marks.urls, *trend.urls, *terms.urls]
