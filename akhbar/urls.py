from django.conf import settings
from django.urls import include, path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from akhbar.api.api import api
from akhbar.core import views as core_views

handler404 = "akhbar.core.views.page_not_found"
handler500 = "akhbar.core.views.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz", core_views.health, name="health"),
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

urlpatterns.append(path("", include(wagtail_urls)))
