"""The public read API under /api/v1/, with its OpenAPI document at /api/v1/openapi.json."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="akhbar API",
    version="1.0.0",
    description="Read API of an akhbar news site.",
    urls_namespace="api_v1",
)
