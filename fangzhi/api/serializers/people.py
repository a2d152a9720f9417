"""Serializers for people and their accounts. No password or hash is ever output, except
the temporary password a create or reset answers once."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from fangzhi.accounts.models import User
from fangzhi.accounts.roles import Role
from fangzhi.org.models import Unit

from .base import StrictSerializer, VisiblePK, label


class PersonBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "full_name"]
        read_only_fields = fields


class PersonSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True, default=None)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "role",
            "unit",
            "unit_name",
            "phone",
            "email",
            "title",
            "is_active",
        ]
        read_only_fields = fields


def _phone(**kwargs: object) -> serializers.CharField:
    return serializers.CharField(
        max_length=32, required=False, allow_blank=True, label=label(User, "phone"), **kwargs
    )


def _email(**kwargs: object) -> serializers.EmailField:
    return serializers.EmailField(
        max_length=254, required=False, allow_blank=True, label=label(User, "email"), **kwargs
    )


class NewPersonSerializer(StrictSerializer):
    """A successor's account, created with the replacement (自行替补) in one transaction."""

    username = serializers.CharField(max_length=150, label=label(User, "username"))
    full_name = serializers.CharField(
        max_length=200, allow_blank=True, label=label(User, "full_name")
    )
    phone = _phone(default="")
    email = _email(default="")


class PersonCreateSerializer(StrictSerializer):
    username = serializers.CharField(max_length=150, label=label(User, "username"))
    full_name = serializers.CharField(
        max_length=200, allow_blank=True, label=label(User, "full_name")
    )
    role = serializers.ChoiceField(choices=Role.choices, label=label(User, "role"))
    unit = VisiblePK(Unit, allow_null=True, required=False, label=label(User, "unit"))
    phone = _phone(default="")
    email = _email(default="")
    title = serializers.CharField(
        max_length=64, required=False, default="", allow_blank=True, label=label(User, "title")
    )


class PersonCreatedSerializer(PersonSerializer):
    temporary_password = serializers.CharField(
        read_only=True, help_text="Shown once; the person must change it at first sign-in."
    )

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "temporary_password"]
        read_only_fields = fields


class PersonUpdateSerializer(StrictSerializer):
    full_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, label=label(User, "full_name")
    )
    role = serializers.ChoiceField(choices=Role.choices, required=False, label=label(User, "role"))
    unit = VisiblePK(Unit, allow_null=True, required=False, label=label(User, "unit"))
    phone = _phone()
    email = _email()
    title = serializers.CharField(
        max_length=64, required=False, allow_blank=True, label=label(User, "title")
    )


class SetActiveSerializer(StrictSerializer):
    active = serializers.BooleanField(label=_("account enabled"))


class TemporaryPasswordSerializer(serializers.Serializer):
    temporary_password = serializers.CharField()
