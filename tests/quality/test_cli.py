"""``fangzhi check FILE``: encodings detected or refused, empty and broken files, Word
files, JSON output with offsets, and a 20-million-character file in bounded memory."""

import io
import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fangzhi.quality.textfile import TextFileError, detect_encoding

pytestmark = pytest.mark.django_db

TEXT = "某某到任。\n他说：“某某来了。”\n2024年，某某离任。\n"
TEXT_BIG5 = "某某到任。\n他說：「某某來了。」\n2024年，某某離任。\n"


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("check", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def ours(marks):
    return [m for m in marks if m["rule"] == "X99"]


@pytest.mark.parametrize(
    "encoding,prefix",
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("big5", b""), ("utf-16", b"")],
)
def test_encodings_are_detected(tmp_path, x99, encoding, prefix):
    text = TEXT_BIG5 if encoding == "big5" else TEXT
    path = tmp_path / "稿件.txt"
    path.write_bytes(prefix + text.encode(encoding))
    out, _err = run(path, "--json")
    marks = ours(json.loads(out))
    assert [(m["start"], m["end"], m["excerpt"]) for m in marks] == [
        (0, 2, "某某"),
        (text.rindex("某某"), text.rindex("某某") + 2, "某某"),
    ]
    assert set(marks[0]) >= {"rule", "category", "start", "end", "excerpt", "message"}
    assert marks[0]["category"] == "test" and marks[0]["message"] == "不得写“某某”"


def test_gb18030_and_big5_are_told_apart(tmp_path):
    texts = {
        "gb18030": "巴南区位于重庆市主城区南部，历史悠久，人文荟萃。" * 20,
        "big5": "巴縣位於重慶市主城區南部，歷史悠久，人文薈萃。" * 20,
    }
    for encoding, text in texts.items():
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        with path.open("rb") as handle:
            assert detect_encoding(handle) == encoding


def test_plain_output_gives_line_and_column(tmp_path, x99):
    path = tmp_path / "a.txt"
    path.write_text("第一行\r\n第二行有某某。\r\n", encoding="utf-8")
    out, err = run(path, "--rules", "X99")
    assert out.splitlines() == ["2:5 X99 某某 — 不得写“某某”"]
    assert "1" in err


def test_rules_option_limits_the_rules(tmp_path, x99):
    path = tmp_path / "a.txt"
    path.write_text("今年某某到任。", encoding="utf-8")
    marks = json.loads(run(path, "--json", "--rules", "X99")[0])
    assert {m["rule"] for m in marks} == {"X99"}
    with pytest.raises(CommandError):
        run(path, "--rules", "R77")


def test_binary_and_undecodable_files_are_refused(tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(CommandError, match="binary|二进制"):
        run(binary)
    mixed = tmp_path / "mixed.txt"
    # Valid in none of UTF-8, GB18030 and Big5: a lone 0xFF byte among Chinese text.
    mixed.write_bytes("巴南区".encode() + b"\xff\xfe\xff" + "概况".encode("gb18030"))
    with pytest.raises(CommandError, match="GB18030"):
        run(mixed)
    with pytest.raises(TextFileError), mixed.open("rb") as handle:
        detect_encoding(handle)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    out, err = run(path, "--json")
    assert json.loads(out) == []
    assert err.strip()
    out, err = run(path)
    assert out == "" and err.strip()


def test_malformed_docx(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(CommandError) as err:
        run(path)
    from fangzhi.works.docx_io import DocxError
    from fangzhi.works.services.messages import docx_error_message

    assert str(err.value) in {
        docx_error_message(DocxError(code, "")) for code in ("not_docx", "corrupt")
    }


def test_docx_made_with_python_docx(tmp_path, x99):
    from docx import Document

    document = Document()
    document.add_heading("人物", level=1)
    document.add_paragraph("某某，巴县人。")
    path = tmp_path / "稿件.docx"
    document.save(path)
    out, _err = run(path, "--json")
    (mark,) = ours(json.loads(out))
    from fangzhi.works.docx_io import docx_to_html

    text = docx_to_html(path.read_bytes(), store_image=lambda c, t: "/x/", image_prefix="/x/").text
    assert text[mark["start"] : mark["end"]] == "某某"


def test_exit_status_from_the_shell(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a word file")
    env = {**os.environ, "FANGZHI_DATA_DIR": str(tmp_path / "data")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    cmd = [sys.executable, "-m", "fangzhi.manage", "check"]
    ok = subprocess.run([*cmd, str(empty)], env=env, capture_output=True, text=True)  # noqa: S603
    assert ok.returncode == 0 and ok.stdout == ""
    bad = subprocess.run([*cmd, str(broken)], env=env, capture_output=True, text=True)  # noqa: S603
    assert bad.returncode == 1 and bad.stderr.strip()


class Counter(io.TextIOBase):
    """Counts what the command prints without keeping it."""

    def __init__(self):
        self.lines = 0

    def write(self, s):
        self.lines += s.count("\n")
        return len(s)


PARAGRAPH = (
    "2019年，区委办公室围绕中心工作，服务大局，完成各项任务。全年办理文件1200件，"
    "组织会议36次，督查事项48件，办结率100%。\n"
)


@pytest.mark.slow
def test_twenty_million_characters_in_bounded_memory(tmp_path):
    block = PARAGRAPH * 9 + "今年，区委办公室完成换届。\n"
    path = tmp_path / "big.txt"
    with path.open("w", encoding="utf-8") as handle:
        written = 0
        while written < 20_000_000:
            handle.write(block)
            written += len(block)
    out, err = Counter(), io.StringIO()
    started = time.monotonic()
    tracemalloc.start()
    try:
        call_command("check", str(path), "--rules", "R01", stdout=out, stderr=err)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.monotonic() - started
    assert peak < 200 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"
    blocks = -(-20_000_000 // len(block))
    from fangzhi.quality.config import all_rules

    if "R01" in all_rules():
        assert out.lines == blocks  # one 今年 per block
    print(f"20M characters: {elapsed:.1f} s, peak {peak / 1e6:.0f} MB")  # noqa: T201
    assert Path(path).stat().st_size > 20_000_000
