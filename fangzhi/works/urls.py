"""Pages of the works app. Each views module lists its own ``urls``; this joins them."""

from .views import manuscripts, outline, reviews, works

app_name = "works"

urlpatterns = [*works.urls, *outline.urls, *manuscripts.urls, *reviews.urls]
