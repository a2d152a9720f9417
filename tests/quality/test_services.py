"""Quality services: the check on every saved version, marks and their offsets, dismissals
remembered across versions, withdrawal, the office's lists."""

import pytest

from fangzhi.core.errors import Forbidden, ServiceError
from fangzhi.core.models import Job
from fangzhi.quality import services
from fangzhi.quality.config import checker_config, merge
from fangzhi.quality.models import CheckerTerm, CheckMark, CheckRun, Dismissal
from fangzhi.text.checker import CheckConfig

pytestmark = pytest.mark.django_db


def x99_marks(version):
    return list(CheckMark.objects.filter(run__version=version, rule="X99").order_by("start"))


def test_saving_a_version_runs_the_check_job(qw, x99, save):
    version = save(qw.unit_liaison, qw.node_a, "<p>2025年，某某同志到任。</p><p>某某离任。</p>")
    run = CheckRun.objects.get(version=version)
    assert run.status == CheckRun.Status.DONE
    assert run.checked_at is not None and run.ruleset
    job = Job.objects.get(pk=run.job_id)
    assert job.kind == "quality_check" and job.status == Job.Status.DONE
    assert job.created_by == qw.unit_liaison
    marks = x99_marks(version)
    assert [(m.start, m.end) for m in marks] == [
        (version.text.index("某某"), version.text.index("某某") + 2),
        (version.text.rindex("某某"), version.text.rindex("某某") + 2),
    ]
    for m in marks:
        assert version.text[m.start : m.end] == m.excerpt == "某某"
        assert m.message == "不得写“某某”" and m.suggestion == "写明姓名"
        assert m.is_open and len(m.fingerprint) == 32
    assert run.rule_counts["X99"] == 2
    assert run.characters == services.characters(version.text)
    assert run.error_rate == round(10_000 * run.mark_count / run.characters, 2)


def test_quotation_is_not_marked_by_the_style_rule(qw, x99, save):
    version = save(qw.unit_liaison, qw.node_a, "<p>他说：“某某来了。”《某某传》出版。</p>")
    assert x99_marks(version) == []


def test_a_version_saved_without_commit_has_no_run_yet(qw):
    # make_works saved versions inside the test transaction: the hook waits for a commit.
    assert not CheckRun.objects.filter(version=qw.version_a).exists()


def test_dismissal_is_remembered_on_the_next_version(qw, x99, save):
    v1 = save(qw.unit_liaison, qw.node_a, "<p>某某同志到任。</p><p>另有某某参加。</p>")
    first, second = x99_marks(v1)
    with pytest.raises(ServiceError) as err:
        services.mark_dismiss(by=qw.office_editor, mark=first, reason="  ")
    assert err.value.field == "reason"
    with pytest.raises(Forbidden):
        services.mark_dismiss(by=qw.unit_liaison, mark=first, reason="人名待定")
    dismissal = services.mark_dismiss(by=qw.office_editor, mark=first, reason="人名待定，保留")
    assert dismissal.reason == "人名待定，保留" and dismissal.excerpt == "某某"
    run = CheckRun.objects.get(version=v1)
    assert run.rule_counts["X99"] == 1
    # The next version adds text in front: the dismissed mark moves, and stays dismissed.
    v2 = save(
        qw.unit_liaison, qw.node_a, "<p>新增一段。</p><p>某某同志到任。</p><p>另有某某参加。</p>"
    )
    moved, other = x99_marks(v2)
    assert moved.start > first.start
    assert moved.fingerprint == first.fingerprint
    assert moved.dismissed_by == dismissal
    assert other.is_open and other.fingerprint == second.fingerprint
    assert CheckRun.objects.get(version=v2).rule_counts["X99"] == 1
    with pytest.raises(ServiceError):
        services.mark_dismiss(by=qw.office_editor, mark=moved, reason="again")


def test_withdrawn_dismissal_comes_back_on_the_next_check(qw, x99, save):
    v1 = save(qw.unit_liaison, qw.node_a, "<p>某某同志到任。</p>")
    (mark,) = x99_marks(v1)
    dismissal = services.mark_dismiss(by=qw.office_admin, mark=mark, reason="不是错误")
    with pytest.raises(Forbidden):
        services.dismissal_withdraw(by=qw.unit_head, dismissal=dismissal)
    services.dismissal_withdraw(by=qw.office_editor, dismissal=dismissal)
    dismissal.refresh_from_db()
    assert dismissal.withdrawn and dismissal.withdrawn_by == qw.office_editor
    assert Dismissal.objects.filter(pk=dismissal.pk).exists()  # kept
    mark.refresh_from_db()
    assert mark.is_open
    v2 = save(qw.unit_liaison, qw.node_a, "<p>前言。</p><p>某某同志到任。</p>")
    (again,) = x99_marks(v2)
    assert again.is_open
    with pytest.raises(ServiceError):
        services.dismissal_withdraw(by=qw.office_editor, dismissal=dismissal)
    # A new dismissal of the same mark is possible once the old one is withdrawn.
    services.mark_dismiss(by=qw.office_editor, mark=again, reason="确认不是错误")
    assert Dismissal.objects.filter(node=qw.node_a, withdrawn=False).count() == 1


def test_office_terms_change_what_is_marked(qw, x99, save, django_capture_on_commit_callbacks):
    html = "<p>测试用语出现在这里。</p>"
    v1 = save(qw.unit_liaison, qw.node_a, html)
    assert x99_marks(v1) == []
    with pytest.raises(Forbidden):
        services.term_add(by=qw.unit_liaison, kind="fixed_term", term="测试用语")
    entry = services.term_add(
        by=qw.office_editor, kind="fixed_term", term="测试用语", other="规范用语"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.version_check_start(by=qw.unit_liaison, version=v1)
    (mark,) = x99_marks(v1)
    assert mark.excerpt == "测试用语" and mark.message == "应写作“规范用语”"
    services.term_deactivate(by=qw.office_admin, entry=entry)
    with django_capture_on_commit_callbacks(execute=True):
        services.version_check_start(by=qw.office_editor, version=v1)
    assert x99_marks(v1) == []
    with pytest.raises(Forbidden):
        services.version_check_start(by=qw.liaison_b, version=v1)


def test_office_entry_wins_over_the_default():
    defaults = CheckConfig(
        evaluation_words=["伟大", "空前"],
        fixed_terms=[("解放前", "1949年前")],
        abbreviations=[("中国人民政治协商会议", "政协")],
    )
    entries = [
        CheckerTerm(kind="evaluation", term="空前", active=False),
        CheckerTerm(kind="evaluation", term="辉煌", active=True),
        CheckerTerm(kind="fixed_term", term="解放前", other="1949年10月前", active=True),
        CheckerTerm(kind="place_name", term="巴南区", valid_from=1994, other="巴县", active=True),
    ]
    config = merge(defaults, entries)
    assert config.evaluation_words == ["伟大", "辉煌"]
    assert config.fixed_terms == [("解放前", "1949年10月前")]
    assert config.abbreviations == [("中国人民政治协商会议", "政协")]
    (place,) = config.place_names
    assert (place.name, place.valid_from, place.valid_to, place.other_names) == (
        "巴南区",
        1994,
        None,
        "巴县",
    )


def test_term_rules(qw):
    with pytest.raises(ServiceError) as err:
        services.term_add(by=qw.office_admin, kind="abbreviation", term="中国人民政治协商会议")
    assert err.value.field == "other"
    with pytest.raises(ServiceError) as err:
        services.term_add(by=qw.office_admin, kind="place_name", term="巴南区")
    assert err.value.field == "valid_from"
    with pytest.raises(ServiceError):
        services.term_add(
            by=qw.office_admin, kind="place_name", term="巴南区", valid_from=2000, valid_to=1990
        )
    entry = services.term_add(by=qw.office_admin, kind="place_name", term="巴南区", valid_from=1994)
    with pytest.raises(ServiceError):
        services.term_add(by=qw.office_admin, kind="place_name", term="巴南区", valid_from=1995)
    services.term_update(by=qw.office_editor, entry=entry, other="巴县", active=False)
    entry.refresh_from_db()
    assert entry.other == "巴县" and not entry.active and entry.valid_from == 1994
    assert any(p.name == "巴南区" for p in checker_config().place_names) is False


def test_text_check_stores_nothing(qw, x99):
    marks = services.text_check(by=qw.reviewer, text="某某说过。")
    assert [m["excerpt"] for m in marks if m["rule"] == "X99"] == ["某某"]
    assert not CheckMark.objects.exists()
    with pytest.raises(Forbidden):
        services.text_check(by=None, text="某某")


def test_real_rule_r01_marks_jinnian(qw, save):
    from fangzhi.quality.config import all_rules

    if "R01" not in all_rules():
        pytest.skip("rule R01 has not landed")
    version = save(qw.unit_liaison, qw.node_a, "<p>今年，区委办公室完成换届。</p>")
    mark = CheckMark.objects.get(run__version=version, rule__startswith="R01")
    assert mark.excerpt == "今年" and mark.start == version.text.index("今年")
    assert mark.category == "time"
