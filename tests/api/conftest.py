"""API fixtures: token-authenticated clients per role and a few more records than ``world``."""

import datetime as dt
from types import SimpleNamespace

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from fangzhi.accounts.roles import Role
from fangzhi.org.models import CommitteePost, MembershipChange

from ..conftest import user_for
from ..factories import UserFactory


@pytest.fixture
def api_for(world):
    """``api_for(role)``: an API client authenticated by that person's token."""

    def make(role):
        client = APIClient()
        user = user_for(world, role)
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


@pytest.fixture
def admin_api(api_for):
    return api_for("office_admin")


@pytest.fixture
def more(world):
    """People without a seat in each unit, the units' join decisions, a committee chair."""
    recorded = world.office_admin
    return SimpleNamespace(
        spare_a=UserFactory(username="spare_a", role=Role.UNIT_LIAISON, unit=world.unit_a),
        spare_b=UserFactory(username="spare_b", role=Role.UNIT_LIAISON, unit=world.unit_b),
        join_a=MembershipChange.objects.create(
            unit=world.unit_a,
            action=MembershipChange.Action.JOIN,
            effective_on=dt.date(2023, 1, 1),
            document_number="巴南府办〔2023〕1号",
            recorded_by=recorded,
        ),
        join_b=MembershipChange.objects.create(
            unit=world.unit_b,
            action=MembershipChange.Action.JOIN,
            effective_on=dt.date(2023, 1, 1),
            document_number="巴南府办〔2023〕2号",
            recorded_by=recorded,
        ),
        chair=CommitteePost.objects.create(
            committee=world.committee,
            post=CommitteePost.Post.CHAIR,
            person_name="张区长",
            position="区长",
            start_on=dt.date(2023, 1, 1),
        ),
    )
