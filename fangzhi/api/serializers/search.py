"""Search: the query parameters of ``/api/search/`` and the shape of its answer."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from fangzhi.search.services import MAX_PER_PAGE

from .base import StrictSerializer


class SearchParamsSerializer(StrictSerializer):
    """``GET /api/search/?q=…``: the query (its syntax as on the search page), the same
    filters as ``field:value`` in it (these win), and the page."""

    q = serializers.CharField(label=_("query"), allow_blank=True, trim_whitespace=False)
    work = serializers.CharField(
        label=_("work"), required=False, help_text=_("A work's id, or words of its title.")
    )
    kind = serializers.CharField(label=_("kind"), required=False, max_length=20)
    year = serializers.CharField(
        label=_("year"), required=False, max_length=20, help_text=_("2020 or 2010-2020")
    )
    place = serializers.CharField(label=_("place"), required=False, max_length=200)
    section = serializers.CharField(label=_("section"), required=False, max_length=200)
    access = serializers.CharField(label=_("access"), required=False, max_length=10)
    page = serializers.IntegerField(label=_("page"), required=False, min_value=1, default=1)
    per_page = serializers.IntegerField(
        label=_("results per page"),
        required=False,
        min_value=1,
        max_value=MAX_PER_PAGE,
        default=20,
    )

    FILTERS = ("work", "kind", "year", "place", "section", "access")


class HitSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("The search document's id."))
    source_type = serializers.CharField(help_text=_("works.node, returns.entry or imported"))
    source_id = serializers.CharField()
    work = serializers.IntegerField(source="work_id", allow_null=True)
    work_title = serializers.CharField()
    kind = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    section = serializers.CharField()
    title = serializers.CharField()
    access = serializers.CharField()
    score = serializers.FloatField()
    snippets = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("HTML, escaped, the matches in <mark>, cut from the original text."),
    )
    offsets = serializers.ListField(
        child=serializers.IntegerField(),
        help_text=_("The start of every match in the original text."),
    )


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    kind = FacetValueSerializer(many=True)
    work = FacetValueSerializer(many=True)
    year = FacetValueSerializer(many=True)


class SearchResultsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    page = serializers.IntegerField()
    per_page = serializers.IntegerField()
    pages = serializers.IntegerField()
    description = serializers.CharField(help_text=_("The query in words."))
    hits = HitSerializer(many=True)
    facets = FacetsSerializer()
