"""factory_boy factories for the org and accounts models."""

import datetime as dt

import factory

from fangzhi.accounts.models import User
from fangzhi.accounts.roles import Role
from fangzhi.org.models import Committee, SeatTerm, Unit

PASSWORD = "correct-horse-battery"


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ("name",)

    name = "重庆市巴南区地方志编纂委员会"
    district = "巴南区"
    office_name = "巴南区地方志编纂委员会办公室"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"测试单位{n}")
    category = Unit.Category.DEPARTMENT
    joined_on = dt.date(2023, 1, 1)
    sort_order = factory.Sequence(lambda n: n)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"人员{n}")
    role = Role.OFFICE_EDITOR
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class SeatTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SeatTerm

    unit = factory.SubFactory(UnitFactory)
    seat = SeatTerm.Seat.LIAISON
    holder = factory.SubFactory(
        UserFactory, role=Role.UNIT_LIAISON, unit=factory.SelfAttribute("..unit")
    )
    start_on = dt.date(2023, 1, 1)
