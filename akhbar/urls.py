from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from akhbar.api.api import api
from akhbar.core import views as core_views
from akhbar.news import routing

handler404 = "akhbar.core.views.page_not_found"
handler500 = "akhbar.core.views.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz", core_views.health, name="health"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("api/v1/", api.urls),
    path("search/", include("akhbar.search.urls")),
    path("", include("akhbar.news.urls")),
    path("", include("akhbar.feeds.urls")),
    path("", include("akhbar.publishing.urls")),
]

if settings.DEBUG or settings.AKHBAR_SERVE_MEDIA:
    urlpatterns.append(
        path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}, name="media")
    )

# Wagtail's own URLs, its page-serving catch-all swapped for the reader route that finds an
# article in one query and then hands over to Wagtail's serve (akhbar.news.routing).
urlpatterns += [
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve")
    if getattr(pattern, "name", None) == "wagtail_serve"
    else pattern
    for pattern in wagtail_urls.urlpatterns
]
