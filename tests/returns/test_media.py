"""Thumbnails and picture sizes: upright, small, without metadata, bombs refused."""

import io
import struct
import zlib

import pytest
from PIL import Image

from fangzhi.returns import media
from fangzhi.returns.media import MediaError, image_info, thumbnail


def encode(image, fmt, **options):
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def halves(size=(400, 200)):
    """Left half red, right half blue: shows which way a picture was turned."""
    image = Image.new("RGB", size, "blue")
    image.paste("red", (0, 0, size[0] // 2, size[1]))
    return image


def png_header_only(width, height):
    """A PNG that claims a size; its pixels are never there."""

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def opened(data):
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_a_photo_becomes_a_small_jpeg():
    result = opened(thumbnail(encode(halves((1000, 500)), "JPEG")))
    assert (result.format, result.size) == ("JPEG", (320, 160))


def test_max_side():
    result = opened(thumbnail(encode(halves((300, 900)), "PNG"), max_side=90))
    assert result.size == (30, 90)
    with pytest.raises(ValueError):
        thumbnail(encode(halves(), "PNG"), max_side=0)


def test_small_pictures_are_not_enlarged():
    assert opened(thumbnail(encode(halves((40, 20)), "PNG"))).size == (40, 20)


def test_exif_orientation_is_applied():
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was held turned: show rotated 90° clockwise
    exif[0x010F] = "Camera maker"
    data = encode(halves((400, 200)), "JPEG", exif=exif)
    result = opened(thumbnail(data))
    assert result.size == (160, 320)
    # The left (red) half is on top once upright.
    red, green, blue = result.getpixel((80, 20))
    assert red > 200 and blue < 60
    assert image_info(data) == {"width": 200, "height": 400, "format": "JPEG"}
    # No metadata in the thumbnail (a phone photo's EXIF holds its GPS position).
    assert len(result.getexif()) == 0


def test_transparency_gives_a_png():
    image = Image.new("RGBA", (100, 50), (255, 0, 0, 0))
    result = opened(thumbnail(encode(image, "PNG")))
    assert (result.format, result.mode) == ("PNG", "RGBA")
    gif = Image.new("P", (100, 50), 0)
    gif.info["transparency"] = 0
    assert opened(thumbnail(encode(gif, "GIF", transparency=0))).format == "PNG"


@pytest.mark.parametrize(
    ("image", "fmt"),
    [
        (Image.new("CMYK", (64, 64), (0, 255, 255, 0)), "JPEG"),
        (Image.new("L", (64, 64), 128), "TIFF"),
        (Image.new("1", (64, 64), 1), "BMP"),
        (Image.new("RGB", (64, 64), "green"), "WEBP"),
        (Image.new("P", (64, 64), 3), "GIF"),
    ],
)
def test_every_picture_format(image, fmt):
    result = opened(thumbnail(encode(image, fmt)))
    assert (result.format, result.mode, result.size) == ("JPEG", "RGB", (64, 64))


def test_a_16_bit_scan_keeps_its_greys():
    scan = Image.new("I;16", (64, 64), 32768)
    result = opened(thumbnail(encode(scan, "PNG")))
    assert 120 <= result.getpixel((10, 10))[0] <= 136


def test_image_info():
    assert image_info(encode(halves((123, 45)), "PNG")) == {
        "width": 123,
        "height": 45,
        "format": "PNG",
    }
    assert image_info(encode(halves((10, 20)), "GIF"))["format"] == "GIF"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"%PDF-1.7\n%%EOF",
        "一张照片".encode(),
        b"<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>",
        # EPS would make Pillow run Ghostscript: it is not a format the returns take.
        b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n",
        encode(halves(), "ICO"),
    ],
)
def test_not_a_picture(data):
    for call in (thumbnail, image_info):
        with pytest.raises(MediaError) as caught:
            call(data)
        assert caught.value.code == "not_image"


def test_a_damaged_picture():
    data = encode(halves((800, 600)), "PNG")[:300]
    with pytest.raises(MediaError) as caught:
        thumbnail(data)
    assert caught.value.code == "not_image"


@pytest.mark.parametrize("side", [10_000, 30_000])
def test_decompression_bombs_are_refused_before_decoding(side):
    # 100 and 900 megapixels: beyond our limit, and beyond Pillow's own warning and error.
    data = png_header_only(side, side)
    for call in (thumbnail, image_info):
        with pytest.raises(MediaError) as caught:
            call(data)
        assert caught.value.code == "too_large"


def test_the_limit_is_ours(monkeypatch):
    monkeypatch.setattr(media, "MAX_PIXELS", 100)
    with pytest.raises(MediaError) as caught:
        thumbnail(encode(halves((20, 20)), "PNG"))
    assert caught.value.code == "too_large"
    assert isinstance(caught.value, ValueError)
