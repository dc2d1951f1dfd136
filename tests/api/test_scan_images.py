"""The service accepts picture uploads and reads them like any document."""
from __future__ import annotations

import io

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def test_png_upload_is_read_by_ocr(client):
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (520, 200), "white")
    d = ImageDraw.Draw(img)
    f = ImageFont.truetype(FONT, 36, index=2)
    d.text((30, 30), "内部资料", fill="black", font=f)
    d.text((30, 110), "手机 13907315521", fill="black", font=f)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    r = client.post("/v1/scans", files={"file": ("截图.png", buf.getvalue(), "image/png")}, headers=client.tokens["chief"])
    body = r.json()
    assert r.status_code == 200 and body["document"]["format"] == "image"
    types = {(f["type"], f["text"]) for f in body["findings"]}
    assert ("marking.restricted", "内部资料") in types and ("pii.phone", "13907315521") in types
    assert body["verdict"] == "not_publishable"


def test_web_page_gets_crops_of_picture_findings(client):
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (520, 100), "white")
    ImageDraw.Draw(img).text((30, 30), "手机 13907315521", fill="black", font=ImageFont.truetype(FONT, 36, index=2))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    r = client.post("/v1/scans?include_text=true", files={"file": ("a.png", buf.getvalue(), "image/png")},
                    headers=client.tokens["chief"])
    body = r.json()
    phone = next(f for f in body["findings"] if f["type"] == "pii.phone")
    k = f"{phone['part']}:{phone['start']}:{phone['end']}:pii.phone"
    assert body["crops"][k].startswith("data:image/jpeg;base64,")


def test_kept_picture_gives_a_masked_copy_and_a_record_with_crops(make_client, scanner):
    from PIL import Image, ImageDraw, ImageFont

    import pipelines

    c = make_client(keep_drafts=True)
    img = Image.new("RGB", (520, 100), "white")
    ImageDraw.Draw(img).text((30, 30), "手机 13907315521", fill="black", font=ImageFont.truetype(FONT, 36, index=2))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    sid = c.post("/v1/scans", files={"file": ("a.png", buf.getvalue(), "image/png")}, headers=c.tokens["chief"]).json()["id"]
    r = c.get(f"/v1/scans/{sid}/redacted", headers=c.tokens["chief"])
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/png")
    again = scanner.scan(pipelines.read_bytes(r.content, "copy.png"))
    assert not any(f.type == "pii.phone" for f in again.findings)
    page = c.get(f"/v1/scans/{sid}/report.html", headers=c.tokens["chief"]).text
    assert 'class="crop"' in page and "data:image/jpeg;base64," in page
