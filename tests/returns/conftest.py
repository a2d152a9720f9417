import pytest

from ..works.data import make_works
from .data import make_returns


@pytest.fixture
def returns_world(world):
    return make_returns(make_works(world))
