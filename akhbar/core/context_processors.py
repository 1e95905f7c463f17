"""Values every reader page needs: site settings, date style, ticker and section menu."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def site_chrome(request: HttpRequest) -> dict:
    """Site settings and lazily evaluated ticker and menu, queried only if a template uses them."""
    if request.path.startswith(("/admin", "/django-admin")):
        return {}
    from akhbar.news.queries import current_ticker, menu_sections
    from akhbar.news.routing import request_settings

    site_settings = request_settings(request)
    return {
        "site_settings": site_settings,
        "arabic_display": site_settings.display_style,
        "ticker": SimpleLazyObject(lambda: current_ticker(site_settings.ticker_length)),
        "nav_sections": SimpleLazyObject(menu_sections),
    }
