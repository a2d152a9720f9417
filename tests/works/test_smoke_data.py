import pytest

from fangzhi.works.models import OutlineNode, Work


@pytest.mark.django_db
def test_works_world_builds(works_world):
    w = works_world
    assert Work.objects.count() == 3
    assert [n.title for n in OutlineNode.objects.filter(work=w.yearbook)] == [
        "综述",
        "区委办公室工作",
        "鱼洞街道概况",
    ]
    assert w.node_a.state == "assigned" and w.node_a.revision == 1
    assert w.version_a.number == 1 and "区委办公室" in w.version_a.text
    assert w.comment_a.quote == "2025年"
