"""The search form: the query and its filters. The form checks the shape of what was
typed; the query language itself is judged by ``fangzhi.text.query`` through the search
service, whose messages the page shows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fangzhi.core.querysets import VIEW
from fangzhi.works.models import Work

from .models import SearchDocument
from .sources import RETURNS_KIND

MAX_YEAR = 9999


def searchable_works(user: Any) -> Any:
    """The works a person may pick: those they see, and those some of whose documents
    they may find (a public imported text, for instance)."""
    seen = Work.visibility(user, VIEW)
    findable = SearchDocument.objects.visible_to(user).values("work_id")
    q = Q(pk__in=findable)
    if seen is not None:
        q |= seen
    return Work.objects.filter(q).order_by("title", "pk")


def kind_choices() -> list[tuple[str, Any]]:
    return [("", _("Any kind")), *Work.Kind.choices, (RETURNS_KIND, _("Annual returns"))]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        strip=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    work = forms.TypedChoiceField(label=_("Work"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    year_from = forms.IntegerField(
        label=_("From year"), required=False, min_value=1, max_value=MAX_YEAR
    )
    year_to = forms.IntegerField(
        label=_("To year"), required=False, min_value=1, max_value=MAX_YEAR
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    section = forms.CharField(label=_("Section"), required=False, max_length=200)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        works = searchable_works(user).values_list("pk", "title")
        self.fields["work"].choices = [("", _("Any work")), *works]
        self.fields["kind"].choices = kind_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("year_from"), data.get("year_to")
        if low and high and low > high:
            data["year_from"], data["year_to"] = high, low
        return data

    @property
    def query(self) -> str:
        return self.cleaned_data.get("q") or ""

    @property
    def page_number(self) -> int:
        return self.cleaned_data.get("page") or 1

    def filters(self) -> dict[str, str]:
        """The form's filters in the query language's terms (they win over the same
        ``field:value`` typed in the query)."""
        data = self.cleaned_data
        filters: dict[str, str] = {}
        if data.get("work"):
            filters["work"] = str(data["work"])
        if data.get("kind"):
            filters["kind"] = data["kind"]
        low, high = data.get("year_from"), data.get("year_to")
        if low or high:
            filters["year"] = f"{low or 1}-{high or MAX_YEAR}"
        for name in ("place", "section"):
            if (data.get(name) or "").strip():
                filters[name] = data[name].strip()
        return filters
