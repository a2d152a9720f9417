import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ..conftest import user_for


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
