"""``GET /api/search/``: the search page's results for other systems. The same service,
so the same visibility (inside its SQL) and the same messages: a query that does not
parse is a 400 whose ``detail`` says what is wrong, in Chinese."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from fangzhi.search import services
from fangzhi.search.views import describe

from ..schema import FangzhiAutoSchema
from ..serializers.search import SearchParamsSerializer, SearchResultsSerializer


class SearchViewSet(viewsets.ViewSet):
    """Full-text search of what the signed-in person may see."""

    permission_classes = [IsAuthenticated]
    schema = FangzhiAutoSchema()

    @extend_schema(parameters=[SearchParamsSerializer], responses=SearchResultsSerializer)
    def list(self, request: Request) -> Response:
        query = {k: v for k, v in request.query_params.items() if k != "format"}
        params = SearchParamsSerializer(data=query)
        try:
            params.is_valid(raise_exception=True)
        except ValidationError as exc:
            exc.serializer = params  # type: ignore[attr-defined]  # field labels for 400s
            raise
        d: dict[str, Any] = params.validated_data
        filters = {name: d[name] for name in SearchParamsSerializer.FILTERS if d.get(name)}
        results = services.search(
            user=request.user, q=d["q"], filters=filters, page=d["page"], per_page=d["per_page"]
        )
        data = {
            "total": results.total,
            "page": results.page,
            "per_page": results.per_page,
            "pages": results.pages,
            "description": describe(d["q"]),
            "hits": results.hits,
            "facets": {
                name: [{"value": str(f.value), "label": f.label, "count": f.count} for f in values]
                for name, values in results.facets.items()
            },
        }
        return Response(SearchResultsSerializer(data).data)
