"""The public read API under /api/v1/, with its OpenAPI document at /api/v1/openapi.json."""

from ninja import NinjaAPI

from akhbar.api.policies import apply_policies

api = NinjaAPI(
    title="akhbar API",
    version="1.0.0",
    description="Read API of an akhbar news site.",
    urls_namespace="api_v1",
)

apply_policies(api)
api.add_router("", "akhbar.search.api.router")
api.add_router("/articles", "akhbar.api.articles.router")
api.add_router("", "akhbar.api.browse.router")
