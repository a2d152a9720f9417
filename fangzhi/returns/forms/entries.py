"""Entry forms of the seven categories, the Excel table upload and withdrawal.

They check shape only (the fields a category has, a file not too large); the rules of
the work — dates in the year, 生不立传, files by content, macros — are judged by
``returns.services.entries``, and its errors are put back on these forms.
Every form carries the submission's ``base_revision``: a change based on an older one is
refused as a conflict.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..models import Category, Entry

SEASONS = {1: "春", 2: "夏", 3: "秋", 4: "冬"}
FIGURE_ROWS = 5  # empty label/value rows a page offers without JavaScript


def date_text(entry: Entry) -> str:
    """An entry's date as typed in the form (2025-03-05, 2025-03, 2025年春, 2025)."""
    if not entry.date_year:
        return ""
    precision = entry.date_precision
    if precision == "day":
        return f"{entry.date_year:04d}-{entry.date_month:02d}-{entry.date_day:02d}"
    if precision == "month":
        return f"{entry.date_year:04d}-{entry.date_month:02d}"
    if precision == "season":
        return f"{entry.date_year}年{SEASONS.get(entry.date_season or 0, '')}"
    return str(entry.date_year)


def check_size(upload: Any) -> Any:
    """Refuse an upload larger than the limit before it is read into memory."""
    limit = settings.MAX_UPLOAD_BYTES
    if upload and upload.size > limit:
        raise forms.ValidationError(
            _("The file is larger than %(limit)d MB.") % {"limit": limit // (1024 * 1024)}
        )
    return upload


def text_area(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class RevisionForm(forms.Form):
    """The revision of the return the person saw (hidden). Several forms share one page,
    so each has its own id prefix (``id_prefix``)."""

    id_prefix = "entry"
    base_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class EntryForm(RevisionForm):
    """Base of the category forms. ``service_fields`` are passed to ``entry_save``."""

    service_fields: tuple[str, ...] = ()
    file_accept = ""

    def __init__(self, *args: Any, entry: Entry | None = None, **kwargs: Any) -> None:
        self.entry = entry
        if entry is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(entry)
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            field = self.fields["file"]
            if self.file_accept:
                field.widget.attrs["accept"] = self.file_accept
            if entry is not None and entry.file_id:
                field.required = False
                field.help_text = _("Leave empty to keep the current file (%(name)s).") % {
                    "name": entry.file_name
                }

    @classmethod
    def initial_from(cls, entry: Entry) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for name in cls.service_fields:
            if name == "date":
                initial[name] = date_text(entry)
            elif hasattr(entry, name):
                initial[name] = getattr(entry, name)
        return initial

    def clean_file(self) -> Any:
        return check_size(self.cleaned_data.get("file"))

    def service_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {name: d.get(name) for name in self.service_fields}

    def upload(self) -> tuple[bytes, str] | None:
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        return upload.read(), upload.name


def date_field(required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=_("Date"),
        max_length=40,
        required=required,
        help_text=_(
            "As precise as it is known: a day (2025-03-05), a month (2025-03), "
            "a season (2025年春) or only the year (2025)."
        ),
        widget=forms.TextInput(attrs={"placeholder": "2025-03-05", "autocomplete": "off"}),
    )


def backfilled_field(label: Any) -> forms.BooleanField:
    return forms.BooleanField(
        label=label,
        required=False,
        help_text=_("Tick only for something of an earlier year recorded in these returns."),
    )


class ChronicleForm(EntryForm):
    """大事记: one dated event."""

    service_fields = ("date", "backfilled", "place", "text", "source")

    date = date_field(required=True)
    backfilled = backfilled_field(_("Event of an earlier year (back-filled)"))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    text = forms.CharField(label=_("What happened"), max_length=200_000, widget=text_area())
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        required=False,
        help_text=_("Where this is recorded: a document, meeting minutes, a report."),
    )


class TopicForm(EntryForm):
    """专题: a titled article."""

    service_fields = ("title", "text")

    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text"), max_length=200_000, widget=text_area(10))


class PeopleForm(EntryForm):
    """人物: a person; a biography only of the deceased (生不立传)."""

    service_fields = (
        "name",
        "sex",
        "born",
        "died",
        "native_place",
        "posts",
        "honours",
        "is_biography",
        "text",
    )

    name = forms.CharField(label=_("Name"), max_length=64)
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", "—"), *Entry.Sex.choices])
    born = forms.CharField(
        label=_("Born"), max_length=20, required=False, help_text=_("For example 1968 or 1968-05.")
    )
    died = forms.CharField(
        label=_("Died"),
        max_length=20,
        required=False,
        help_text=_("Leave empty for a living person."),
    )
    native_place = forms.CharField(label=_("Native place"), max_length=100, required=False)
    posts = forms.CharField(
        label=_("Posts held"), max_length=5000, required=False, widget=text_area(3)
    )
    honours = forms.CharField(
        label=_("Honours"), max_length=5000, required=False, widget=text_area(3)
    )
    is_biography = forms.BooleanField(
        label=_("Biography (only for the deceased, 生不立传)"),
        required=False,
        help_text=_("Living people are recorded in lists and tables, never with a biography."),
    )
    text = forms.CharField(
        label=_("Biography text"),
        max_length=200_000,
        required=False,
        widget=text_area(6),
        help_text=_("Only for a biography."),
    )


class DocumentForm(EntryForm):
    """文献: a document with its issuer and number (文号)."""

    service_fields = ("title", "issuer", "document_number", "date", "backfilled")
    file_accept = ".pdf,.doc,.docx,.ofd,.xlsx,.jpg,.jpeg,.png,.tif,.tiff"

    title = forms.CharField(label=_("Title"), max_length=200)
    issuer = forms.CharField(label=_("Issuer"), max_length=200, required=False)
    document_number = forms.CharField(
        label=_("Document number"),
        max_length=100,
        required=False,
        help_text=_("The 文号, for example 渝北委办发〔2025〕12号."),
    )
    date = date_field()
    backfilled = backfilled_field(_("Dated before the year of these returns (back-filled)"))
    file = forms.FileField(label=_("File"), required=False)


class MediaForm(EntryForm):
    """图片音像: a picture, recording or video with its caption and rights."""

    service_fields = ("text", "author", "date", "backfilled", "place", "rights")
    file_accept = "image/*,audio/*,video/*"

    file = forms.FileField(
        label=_("Picture, audio or video"),
        help_text=_("JPEG, PNG, TIFF; MP3, WAV; MP4 and the like. Checked by content."),
    )
    text = forms.CharField(
        label=_("Caption"), max_length=200_000, required=False, widget=text_area(2)
    )
    author = forms.CharField(label=_("Author"), max_length=100, required=False)
    date = date_field()
    backfilled = backfilled_field(_("Taken before the year of these returns (back-filled)"))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    rights = forms.CharField(
        label=_("Rights"),
        max_length=200,
        required=False,
        help_text=_("Who holds the copyright and what use is allowed."),
    )


class OtherForm(EntryForm):
    """其他具有存史价值的资料."""

    service_fields = ("title", "text")

    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Description"), max_length=200_000, required=False, widget=text_area(6)
    )
    file = forms.FileField(label=_("File"), required=False)


class OverviewForm(EntryForm):
    """概况: text plus figures as label/value rows (``figure_label``/``figure_value``
    repeated; empty rows are ignored)."""

    service_fields = ("title", "text", "fields")

    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    text = forms.CharField(label=_("Text"), max_length=200_000, widget=text_area(8))

    @classmethod
    def initial_from(cls, entry: Entry) -> dict[str, Any]:
        initial = super().initial_from(entry)
        initial["fields"] = dict(entry.figures)
        return initial

    def figure_pairs(self) -> list[tuple[str, str]]:
        if self.is_bound:
            labels = self.data.getlist("figure_label")
            values = self.data.getlist("figure_value")
            return list(zip(labels, values + [""] * (len(labels) - len(values)), strict=False))
        return [(k, str(v)) for k, v in (self.initial.get("fields") or {}).items()]

    def figure_rows(self) -> list[dict[str, Any]]:
        """The rows the form shows: the figures so far plus empty ones."""
        pairs = [(k, v) for k, v in self.figure_pairs() if k.strip() or v.strip()]
        pairs += [("", "")] * max(2, FIGURE_ROWS - len(pairs))
        return [{"n": i, "label": k, "value": v} for i, (k, v) in enumerate(pairs, 1)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        figures: dict[str, str] = {}
        for label, value in self.figure_pairs():
            label, value = label.strip(), value.strip()
            if not label and not value:
                continue
            if not label:
                self.add_error(
                    None, _("Each figure needs its item name (%(value)s).") % {"value": value}
                )
                continue
            if label in figures:
                self.add_error(None, _("The item “%(label)s” appears twice.") % {"label": label})
                continue
            figures[label] = value
        cleaned["fields"] = figures
        return cleaned


FORMS: dict[str, type[EntryForm]] = {
    Category.OVERVIEW: OverviewForm,
    Category.CHRONICLE: ChronicleForm,
    Category.TOPIC: TopicForm,
    Category.PEOPLE: PeopleForm,
    Category.DOCUMENTS: DocumentForm,
    Category.MEDIA: MediaForm,
    Category.OTHER: OtherForm,
}


def entry_form_class(category: str) -> type[EntryForm]:
    return FORMS[category]


class TableUploadForm(RevisionForm):
    id_prefix = "table"
    file = forms.FileField(
        label=_("Excel workbook (.xlsx)"),
        help_text=_(
            "Each table is kept as a table with its values. Cells with formulas keep the "
            "values Excel last saved (you are told how many); macro-enabled workbooks "
            "(.xlsm) are refused."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self) -> Any:
        return check_size(self.cleaned_data["file"])


class WithdrawForm(RevisionForm):
    """Withdraw an entry (kept, hidden by default)."""

    id_prefix = "withdraw"
