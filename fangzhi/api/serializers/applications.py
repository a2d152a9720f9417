"""Serializers for applications to the national and city 名志/特志 series and their
documents (申报材料). Shape only: the services in ``works.services.applications`` say who
may apply, submit, withdraw or record the decision, and in which status."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from fangzhi.org.models import Unit
from fangzhi.works.models import ApplicationDocument, SeriesApplication, Work

from .base import StrictSerializer, VisiblePK, label


class ApplicationDocumentSerializer(serializers.ModelSerializer):
    uploaded_by_name = serializers.CharField(source="uploaded_by.__str__", read_only=True)
    size = serializers.IntegerField(source="file.size", read_only=True)
    content_type = serializers.CharField(source="file.content_type", read_only=True)

    class Meta:
        model = ApplicationDocument
        fields = [
            "id",
            "application",
            "title",
            "file_name",
            "size",
            "content_type",
            "uploaded_by",
            "uploaded_by_name",
            "uploaded_at",
        ]
        read_only_fields = fields


class SeriesApplicationSerializer(serializers.ModelSerializer):
    series_label = serializers.CharField(source="get_series_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    applicant_name = serializers.CharField(source="applicant.name", read_only=True)

    class Meta:
        model = SeriesApplication
        fields = [
            "id",
            "series",
            "series_label",
            "title",
            "applicant",
            "applicant_name",
            "work",
            "status",
            "status_label",
            "submitted_on",
            "decided_on",
            "document_number",
            "notes",
            "created_at",
        ]
        read_only_fields = fields


class SeriesApplicationDetailSerializer(SeriesApplicationSerializer):
    """An application with the documents filed with it."""

    documents = ApplicationDocumentSerializer(many=True, read_only=True)

    class Meta(SeriesApplicationSerializer.Meta):
        fields = [*SeriesApplicationSerializer.Meta.fields, "documents"]
        read_only_fields = fields


def _text(field: str, max_length: int | None = None, **kwargs: object) -> serializers.CharField:
    """Blank is let through so that the service says what is missing, in its words."""
    if max_length is not None:
        kwargs["max_length"] = max_length
    return serializers.CharField(allow_blank=True, label=label(SeriesApplication, field), **kwargs)


class ApplicationCreateSerializer(StrictSerializer):
    series = serializers.ChoiceField(
        choices=SeriesApplication.Series.choices, label=label(SeriesApplication, "series")
    )
    title = _text("title", 200)
    applicant = VisiblePK(
        Unit,
        label=label(SeriesApplication, "applicant"),
        help_text="The applying unit: a unit's people apply for their own unit.",
    )
    work = VisiblePK(
        Work,
        required=False,
        allow_null=True,
        label=label(SeriesApplication, "work"),
        help_text="The work the application is about, if it is one of ours.",
    )
    notes = _text("notes", required=False, default="")


class ApplicationUpdateSerializer(StrictSerializer):
    """Only a draft can be changed."""

    title = _text("title", 200, required=False)
    notes = _text("notes", required=False)


class ApplicationDecisionSerializer(StrictSerializer):
    """The deciding body's answer, made outside the system, recorded by an office admin."""

    decision = serializers.ChoiceField(
        choices=[
            (SeriesApplication.Status.ACCEPTED.value, SeriesApplication.Status.ACCEPTED.label),
            (SeriesApplication.Status.REJECTED.value, SeriesApplication.Status.REJECTED.label),
        ],
        label=_("decision"),
    )
    document_number = _text("document_number", 100)
    decided_on = serializers.DateField(label=label(SeriesApplication, "decided_on"))


class ApplicationDocumentUploadSerializer(StrictSerializer):
    title = serializers.CharField(
        max_length=200, allow_blank=True, label=label(ApplicationDocument, "title")
    )
    file = serializers.FileField(
        label=_("File"), help_text="Any format; at most the configured upload limit."
    )
