import pytest
from django.core.management import CommandError, call_command

from fangzhi.accounts.models import User
from fangzhi.accounts.roles import Role


@pytest.mark.django_db
def test_createadmin_creates_an_office_admin(monkeypatch):
    monkeypatch.setenv("FANGZHI_ADMIN_PASSWORD", "a-long-Secure-pass-2026")
    call_command("createadmin", "zhangsan", "--full-name", "张三")
    user = User.objects.get(username="zhangsan")
    assert user.role == Role.OFFICE_ADMIN and user.full_name == "张三"
    assert user.check_password("a-long-Secure-pass-2026")
    with pytest.raises(CommandError):
        call_command("createadmin", "ZhangSan", "--full-name", "张三")


@pytest.mark.django_db
def test_createadmin_refuses_weak_password(monkeypatch):
    monkeypatch.setenv("FANGZHI_ADMIN_PASSWORD", "123")
    with pytest.raises(CommandError):
        call_command("createadmin", "lisi", "--full-name", "李四")
    assert not User.objects.filter(username="lisi").exists()
