"""Image files as documents, and every kind of bad image: a coded error or a reading, never a crash."""
from __future__ import annotations

import io
import struct
import zlib

import pytest

import pipelines
from pipelines.ocr import OcrSettings
from scanner import BaomiError

OFF = OcrSettings(enabled=False)


def save(img, fmt, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def texts(doc) -> str:
    return "\n".join(p.text for p in doc.parts if p.location.get("source") == "ocr")


def _chunk(tag: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))


def test_decompression_bomb_is_refused_with_a_code():
    # a PNG header claiming 100000 x 100000 pixels, with almost no data behind it
    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + _chunk(b"IEND", b"")
    with pytest.raises(BaomiError) as ei:
        pipelines.read_bytes(data, "bomb.png")
    assert ei.value.code == "too_large"
    assert "解压炸弹" in ei.value.message


def test_truncated_jpeg_is_corrupt(text_image):
    data = save(text_image(["内部资料"]), "JPEG", quality=90)
    with pytest.raises(BaomiError) as ei:
        pipelines.read_bytes(data[: len(data) // 2], "half.jpg")
    assert ei.value.code == "corrupt"


def test_garbage_behind_an_image_signature_is_corrupt():
    with pytest.raises(BaomiError) as ei:
        pipelines.read_bytes(b"\x89PNG\r\n\x1a\n" + b"\x07" * 200, "junk.png")
    assert ei.value.code == "corrupt"


def test_a_wav_file_is_not_taken_for_a_webp():
    data = b"RIFF" + struct.pack("<I", 36) + b"WAVEfmt " + b"\x00" * 40
    from pipelines.reader import sniff

    assert sniff(data) != "image"


@pytest.mark.parametrize("mode", ["CMYK", "P", "LA", "I;16"])
def test_unusual_modes_are_read(text_image, mode):
    from PIL import Image

    img = text_image(["内部资料 注意保存"])
    if mode == "I;16":
        import numpy as np

        arr = (np.asarray(img.convert("L"), dtype=np.uint16) * 257).astype(np.uint16)
        conv = Image.fromarray(arr)
        data = save(conv, "PNG")
        assert Image.open(io.BytesIO(data)).mode.startswith("I;16")
    elif mode == "CMYK":
        data = save(img.convert("CMYK"), "JPEG", quality=92)
    else:
        data = save(img.convert(mode), "PNG")
    doc = pipelines.read_bytes(data, f"mode.{mode}")
    assert doc.format == "image"
    assert "内部资料" in texts(doc).replace(" ", "")


def test_exif_rotation_is_applied_before_reading(text_image):
    from PIL import Image

    upright = text_image(["内部资料 注意保存"])
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # as a phone stores a picture taken sideways
    exif = Image.Exif()
    exif[0x0112] = 8  # orientation: rotate 90 degrees clockwise to view
    data = save(stored, "JPEG", quality=92, exif=exif)
    doc = pipelines.read_bytes(data, "sideways.jpg")
    assert doc.info["pixels"] == [stored.width, stored.height]
    assert "内部资料注意保存" in texts(doc).replace(" ", "")


def test_animated_gif_reads_the_first_frame_only(text_image):
    first, second = text_image(["第一帧 内部资料"]), text_image(["第二帧 公开内容"])
    data = save(first.convert("P"), "GIF", save_all=True, append_images=[second.convert("P")], duration=500, loop=0)
    doc = pipelines.read_bytes(data, "anim.gif")
    got = texts(doc)
    assert "第一帧" in got and "第二帧" not in got
    assert doc.info["pages"] == 1


def test_every_page_of_a_tiff_is_read(text_image):
    a, b = text_image(["第一页 内部资料"]), text_image(["第二页 注意保存"])
    data = save(a, "TIFF", save_all=True, append_images=[b], compression="tiff_lzw")
    doc = pipelines.read_bytes(data, "two.tif")
    pages = {p.page: p.text.replace(" ", "") for p in doc.parts if p.location.get("source") == "ocr"}
    assert doc.info["pages"] == 2
    assert "第一页" in pages[1] and "第二页" in pages[2]


@pytest.mark.parametrize("fmt,ext", [("BMP", "bmp"), ("WEBP", "webp"), ("PNG", "png"), ("JPEG", "jpg")])
def test_every_listed_format_is_a_document(text_image, fmt, ext):
    data = save(text_image(["身份证号：430105199001011237"]), fmt, **({"quality": 95} if fmt in ("JPEG", "WEBP") else {}))
    doc = pipelines.read_bytes(data, f"x.{ext}")
    assert doc.format == "image"
    assert "430105199001011237" in texts(doc)


def test_ocr_off_leaves_each_page_unread_with_a_flag(text_image):
    a, b = text_image(["第一页"]), text_image(["第二页"])
    data = save(a, "TIFF", save_all=True, append_images=[b])
    doc = pipelines.read_bytes(data, "two.tif", ocr=OFF)
    assert [(p.kind, p.page, p.flag) for p in doc.parts] == [("image_unread", 1, "media.unread"), ("image_unread", 2, "media.unread")]
    assert all("文字识别已关闭" in p.text for p in doc.parts)
    assert doc.warnings


def test_page_cap_reads_the_first_pages_and_flags_the_rest(text_image):
    pages = [text_image([f"第{n}页"]) for n in "一二三"]
    data = save(pages[0], "TIFF", save_all=True, append_images=pages[1:])
    doc = pipelines.read_bytes(data, "three.tif", ocr=OcrSettings(max_pages=2))
    unread = [p for p in doc.parts if p.flag == "media.unread"]
    assert [p.page for p in unread] == [3]
    assert "2 页" in unread[0].text
    assert {p.page for p in doc.parts if p.location.get("source") == "ocr"} == {1, 2}


def test_time_cap_flags_what_was_not_read_in_time(text_image):
    from pipelines.ocr import PixelReader
    from pipelines.readers import PartList

    ticks = iter([0.0, 5.0, 5.0, 5.0])  # the first picture takes 5 s of a 3 s budget
    reader = PixelReader(OcrSettings(max_seconds=3), clock=lambda: next(ticks))
    out = PartList()
    assert reader.read(out, text_image(["第一张"]), "图片 1") is True
    assert reader.read(out, text_image(["第二张"]), "图片 2") is False
    assert out.parts[-1].flag == "media.unread" and "3 秒" in out.parts[-1].text
