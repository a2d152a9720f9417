"""Manuscript figures: import a ~1 MB .docx (long paragraphs, photos, or ~12,000 short
paragraphs), export it back, diff two 200,000-character versions. Prints a table; copy
it into docs/benchmarks.md with the machine.

    .venv/bin/python bench/import_docx.py [--runs 5] [--size-mb 1.0]
"""

from __future__ import annotations

import argparse
import glob
import io
import os
import platform
import random
import re
import statistics
import struct
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import docx
from docx.shared import Mm

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fangzhi.text.diff import diff_stats, diff_texts, side_by_side  # noqa: E402
from fangzhi.works.docx_io import docx_to_html, html_to_docx  # noqa: E402

CORPUS = Path("/work/shared/corpus/sichuan-tongzhi")
PREFIX = "/bench/assets/"


def corpus_paragraphs() -> list[str]:
    """The 四川通志 text as paragraphs: no org-mode headers, page markers or ¶ signs."""
    paragraphs = []
    for name in sorted(glob.glob(str(CORPUS / "*.txt"))):
        with open(name, encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("#"):
                    continue
                line = re.sub(r"<pb:[^>]*>", "", line).replace("¶", "").strip()
                if line:
                    paragraphs.append(line)
    return paragraphs


def noise_png(size: int, seed: int) -> bytes:
    """A size × size PNG of random pixels (does not compress: a photo-like weight)."""
    rnd = random.Random(seed)

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    rows = b"".join(b"\x00" + rnd.randbytes(size * 3) for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def build_docx(target_bytes: int, *, characters: int | None = None) -> tuple[bytes, int, int]:
    """A manuscript of about ``target_bytes``: 篇/章/节 headings, corpus paragraphs
    (twelve lines of the 通志 each, ~250 characters like a modern paragraph), a table
    per 章 and a figure per 篇 (four distinct small images, as Word stores a repeated
    image once). With ``characters``, the text stops there and distinct 256-pixel
    photographs make up the size. Returns the file, its characters and its images."""
    source = corpus_paragraphs()
    figures = [noise_png(96, seed) for seed in range(4)]
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    at = written = pian = 0
    photos = 0

    def add_pian() -> None:
        nonlocal at, written, pian
        pian += 1
        document.add_heading(f"第{pian}篇", 1)
        document.add_picture(io.BytesIO(figures[pian % len(figures)]), width=Mm(60))
        for zhang in range(1, 6):
            document.add_heading(f"第{zhang}章", 2)
            table = document.add_table(rows=4, cols=3)
            for r in range(4):
                for c in range(3):
                    table.cell(r, c).text = source[(at + r * 3 + c) % len(source)][:12]
            for jie in range(1, 4):
                document.add_heading(f"第{jie}节", 3)
                for _ in range(8):
                    if characters is not None and written >= characters:
                        return
                    text = "".join(source[(at + k) % len(source)] for k in range(12))
                    at += 12
                    paragraph = document.add_paragraph(text[:60])
                    paragraph.add_run(text[60:70]).bold = True
                    paragraph.add_run(text[70:])
                    written += len(text)

    def size() -> int:
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.tell()

    # Saving is slow, so measure one 篇 and add the estimated rest at once.
    add_pian()
    per_pian = size()
    while (characters is None or written < characters) and (current := size()) < target_bytes:
        for _ in range(max(1, int((target_bytes - current) / per_pian * 0.9))):
            add_pian()
    while size() < target_bytes:
        photos += 1
        document.add_picture(io.BytesIO(noise_png(256, 100 + photos)), width=Mm(120))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), written, min(pian, len(figures)) + photos


def build_short_paragraphs(target_bytes: int, length: int = 60) -> tuple[bytes, int, int]:
    """The worst case for import: about ``target_bytes`` of ``length``-character
    paragraphs (a chronicle of events, a list of names), every other one with a bold
    phrase, a 节 heading every 200. Returns the file, its characters and paragraphs."""
    text = "".join(corpus_paragraphs())
    looped = text + text[:length]  # so that every slice has ``length`` characters
    document = docx.Document()
    at = paragraphs = 0

    def size() -> int:
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.tell()

    while size() < target_bytes:
        for _ in range(1000):
            if paragraphs % 200 == 0:
                document.add_heading(f"第{paragraphs // 200 + 1}节", 3)
            start = at % len(text)
            line = looped[start : start + length]
            at += length
            paragraph = document.add_paragraph(line[:40])
            if paragraphs % 2 == 0:
                paragraph.add_run(line[40:48]).bold = True
                paragraph.add_run(line[48:])
            else:
                paragraph.add_run(line[40:])
            paragraphs += 1
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), at, paragraphs


def timed(function: Callable[[], object], runs: int) -> tuple[float, float, object]:
    """Median wall-clock and median CPU seconds over ``runs`` calls, and the last result.
    CPU time is the steadier figure on a shared machine."""
    walls, cpus = [], []
    result: object = None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def two_versions(length: int, edits: int, seed: int = 1) -> tuple[str, str]:
    """A ``length``-character text and a copy with scattered insertions, deletions and
    replacements, as an editor's pass over a manuscript makes them."""
    source = corpus_paragraphs()
    text = "\n".join("".join(source[i : i + 4]) for i in range(0, len(source), 4))
    old = text[:length]
    rnd = random.Random(seed)
    chars = list(old)
    for _ in range(edits):
        at = rnd.randrange(len(chars))
        kind = rnd.choice(("insert", "delete", "replace"))
        if kind == "insert":
            chars.insert(at, rnd.choice(["按：", "据档案记载，", "县", "（今巴南区）"]))
        elif kind == "delete":
            del chars[at : at + rnd.randint(1, 6)]
        else:
            chars[at : at + 2] = rnd.choice(["江北", "巴县", "重庆府"])
    return old, "".join(chars)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size-mb", type=float, default=1.0)
    args = parser.parse_args()
    target = int(args.size_mb * 1024 * 1024)
    documents: dict[str, tuple[bytes, str]] = {}
    for name, (data, characters, images) in {
        "text only": build_docx(target),
        "with photos": build_docx(target, characters=120_000),
    }.items():
        documents[name] = (data, f"{characters:,} characters, {images} images")
    data, characters, paragraphs = build_short_paragraphs(target)
    documents["short paragraphs"] = (data, f"{paragraphs:,} paragraphs of 60 characters")

    store: dict[str, bytes] = {}

    def store_image(content: bytes, content_type: str) -> str:
        url = f"{PREFIX}{zlib.crc32(content):08x}"
        store[url] = content
        return url

    figures = []
    for name, (data, contents) in documents.items():
        wall, cpu, result = timed(
            lambda data=data: docx_to_html(data, store_image=store_image, image_prefix=PREFIX),
            args.runs,
        )
        html = result.html  # type: ignore[attr-defined]
        export_wall, export_cpu, exported = timed(
            lambda html=html: html_to_docx(html, title="基准", load_image=store.get), args.runs
        )
        size = f"{len(data) / 1024 / 1024:.2f} MB: {contents}"
        figures.append((f"import {name} ({size})", wall, cpu, "< 1 s"))
        figures.append(
            (
                f"export {name} (to {len(exported) / 1024 / 1024:.2f} MB)",  # type: ignore[arg-type]
                export_wall,
                export_cpu,
                "—",
            )
        )

    old, new = two_versions(200_000, 200)
    wall, cpu, ops = timed(lambda: diff_texts(old, new), args.runs)
    stats = diff_stats(ops)  # type: ignore[arg-type]
    figures.append(
        (
            f"diff_texts, 200,000 characters, 200 edits (+{stats['inserted']} −{stats['deleted']})",
            wall,
            cpu,
            "< 1 s",
        )
    )
    wall, cpu, rows = timed(lambda: side_by_side(old, new), args.runs)
    figures.append((f"side_by_side, same texts ({len(rows)} rows)", wall, cpu, "< 1 s"))  # type: ignore[arg-type]

    print("| machine | |")
    print("| --- | --- |")
    print(f"| platform | {platform.platform()} |")
    print(f"| processor | {platform.processor() or platform.machine()} |")
    print(f"| CPUs | {os.cpu_count()} |")
    print(f"| Python | {platform.python_version()} |")
    print()
    print(f"| measure (median of {args.runs}) | wall | CPU | target |")
    print("| --- | --- | --- | --- |")
    for label, wall, cpu, target_text in figures:
        print(f"| {label} | {wall:.3f} s | {cpu:.3f} s | {target_text} |")


if __name__ == "__main__":
    main()
