"""Search fixtures: the works world with its manuscripts indexed, and a corpus helper."""

import pytest

from fangzhi.search import services
from fangzhi.search.models import SearchDocument

from ..works.data import make_works


@pytest.fixture
def sw(world):
    """``make_works`` with the index rebuilt (its versions were saved inside the test's
    transaction, so the on-commit hooks did not run)."""
    make_works(world)
    services.reindex_all()
    world.doc_a = SearchDocument.objects.get(
        source_type="works.node", source_id=str(world.node_a.pk)
    )
    world.doc_b = SearchDocument.objects.get(
        source_type="works.node", source_id=str(world.node_b.pk)
    )
    return world


def ids(results):
    return {h.id for h in results.hits}


def search_all(user, q, **kw):
    """Every hit of a query (all pages), as a set of document ids."""
    first = services.search(user=user, q=q, per_page=100, **kw)
    found = ids(first)
    for page in range(2, first.pages + 1):
        found |= ids(services.search(user=user, q=q, per_page=100, page=page, **kw))
    assert len(found) == first.total
    return found
