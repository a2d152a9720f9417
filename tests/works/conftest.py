import pytest

from .data import make_works


@pytest.fixture
def works_world(world):
    return make_works(world)
