"""The web page with a picture upload (Debian chromium via Playwright): the finding shows its cropped region."""
from __future__ import annotations

import pytest

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def server(serve):
    return serve(keep_drafts=False, users=[("chief", "section_chief", "办公室", [])])


def test_picture_upload_shows_the_cropped_region_of_each_finding(server, browser, shots, password, tmp_path):
    from PIL import Image, ImageDraw, ImageFont
    from playwright.sync_api import expect

    pic = tmp_path / "截图.png"
    img = Image.new("RGB", (560, 100), "white")
    ImageDraw.Draw(img).text((30, 30), "手机 13907315521", fill="black", font=ImageFont.truetype(FONT, 36, index=2))
    img.save(pic)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server) else route.abort())
    page.goto(server + "/")
    page.fill("#login-form input[name=name]", "chief")
    page.fill("#login-form input[name=password]", password)
    page.click("#login-form button[type=submit]")
    expect(page.locator("#whoami")).to_contain_text("chief")
    page.set_input_files("#file", str(pic))
    page.click("#scan-button")
    item = page.locator("#findings li").first
    expect(item).to_contain_text("13907315521", timeout=60_000)  # the first picture loads the OCR models
    crop = item.locator("img.crop")
    expect(crop).to_have_count(1)
    assert crop.get_attribute("src").startswith("data:image/jpeg;base64,")
    assert page.evaluate("document.querySelector('#findings img.crop').naturalWidth") > 50  # it decoded
    page.screenshot(path=str(shots / "ocr-crop.png"), full_page=True)
