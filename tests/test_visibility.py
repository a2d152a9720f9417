"""The one permission path: visible_to on every model, and 403-not-404 for strangers."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from fangzhi.accounts.models import User
from fangzhi.core.models import Job
from fangzhi.core.querysets import CHANGE, VIEW
from fangzhi.core.views.base import visible_object
from fangzhi.org.models import Committee, CommitteePost, MembershipChange, SeatTerm, Unit

from .conftest import ROLES, user_for

MODELS = [Committee, CommitteePost, Unit, MembershipChange, SeatTerm, User, Job]


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("role", ROLES)
def test_every_model_answers_visible_to_for_every_role(world, model, role):
    user = user_for(world, role)
    for action in (VIEW, CHANGE):
        qs = model.objects.visible_to(user, action)
        assert qs.count() <= model.objects.count()
    if role == "public":
        assert not model.objects.visible_to(user, VIEW).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["unit_liaison", "unit_head"])
def test_unit_people_see_only_their_unit(world, role):
    user = user_for(world, role)
    assert list(Unit.objects.visible_to(user)) == [world.unit_a]
    assert set(SeatTerm.objects.visible_to(user).values_list("unit_id", flat=True)) == {
        world.unit_a.pk
    }
    people_units = set(User.objects.visible_to(user).values_list("unit_id", flat=True))
    assert people_units == {world.unit_a.pk}


@pytest.mark.django_db
def test_editor_reads_everything_and_changes_nothing(world):
    editor = world.office_editor
    assert Unit.objects.visible_to(editor).count() == Unit.objects.count()
    assert not Unit.objects.visible_to(editor, CHANGE).exists()
    assert not SeatTerm.objects.visible_to(editor, CHANGE).exists()


@pytest.mark.django_db
def test_strangers_get_403_for_existing_and_missing_ids(world):
    liaison = world.unit_liaison
    with pytest.raises(PermissionDenied):
        visible_object(Unit, liaison, world.unit_b.pk)
    with pytest.raises(PermissionDenied):
        visible_object(Unit, liaison, 987654)
    assert visible_object(Unit, liaison, world.unit_a.pk) == world.unit_a


@pytest.mark.django_db
def test_office_admin_gets_404_for_missing_ids(world):
    with pytest.raises(Http404):
        visible_object(Unit, world.office_admin, 987654)


def test_a_model_without_visibility_is_refused():
    from django.contrib.contenttypes.models import ContentType

    from fangzhi.core.querysets import VisibleQuerySet

    qs = VisibleQuerySet(model=ContentType)
    with pytest.raises(TypeError):
        qs.visible_to(None)
