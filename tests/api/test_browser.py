"""The web page in a real browser (Debian chromium driven by Playwright): scan, highlight, approve, register."""
from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def server(serve):
    return serve(keep_drafts=True, users=[("chief", "section_chief", "办公室", []), ("leader", "leader", "局领导", ["办公室"]),
                                          ("pub", "publisher", "法宣科", ["*"])])


def test_scan_highlight_approve_register(server, browser, shots, password, tmp_path, make_docx):
    from playwright.sync_api import expect

    marked = tmp_path / "会议通知.docx"
    marked.write_bytes(make_docx("秘密★5年", "关于召开年度工作会议的通知", "各科室：定于下周一召开年度工作会议。"))
    clean = tmp_path / "公开通知.docx"
    clean.write_bytes(make_docx("关于开展植树活动的通知", "各科室：本周六上午开展植树活动，请按时参加。"))

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server) else route.abort())

    def login(name: str) -> None:
        page.goto(server + "/")
        page.fill("#login-form input[name=name]", name)
        page.fill("#login-form input[name=password]", password)
        page.click("#login-form button[type=submit]")
        expect(page.locator("#whoami")).to_contain_text(name)

    def queue() -> None:
        page.click("nav .tab[data-view=queue]")
        page.wait_for_selector("#queue-list[data-loaded]")

    login("chief")
    page.set_input_files("#file", str(marked))
    page.select_option("#channel", "website")
    page.click("#scan-button")
    mark = page.locator("#doc mark.hl.block").first
    expect(mark).to_have_text("秘密★5年")
    expect(page.locator("#verdict")).to_contain_text("不予公开")
    expect(page.locator("#findings li").first).to_contain_text("秘密★5年")
    expect(page.locator("#findings li").first).to_contain_text("密级标志")  # Chinese label, not the type id
    page.screenshot(path=str(shots / "1-highlight.png"), full_page=True)
    # the annotated copy downloads (drafts are kept in this test)
    with page.expect_download() as dl:
        page.click("#dl-annotated")
    assert dl.value.suggested_filename.endswith(".docx")

    # a publishable draft goes through the chain
    page.set_input_files("#file", str(clean))
    page.click("#scan-button")
    expect(page.locator("#verdict")).to_contain_text("可以公开")
    page.fill("#send-title", "植树活动通知")
    page.click("#send-form button[type=submit]")
    expect(page.locator("#message")).to_contain_text("已送审")
    queue()
    while page.locator("[data-submission] button[data-action=approve]").count():  # the chief's own steps
        page.click("[data-submission] button[data-action=approve]")
        expect(page.locator("#message")).to_contain_text("已同意")
        queue()

    page.click("#logout")
    login("leader")
    queue()
    item = page.locator("[data-submission]").first
    expect(item).to_contain_text("植树活动通知")
    page.screenshot(path=str(shots / "2-leader-queue.png"), full_page=True)
    item.locator("button[data-action=approve]").click()
    expect(page.locator("#message")).to_contain_text("已同意")

    page.click("#logout")
    login("pub")
    queue()
    item = page.locator("[data-submission]").first
    item.locator("input[name=url]").fill("https://www.example.gov.cn/zsdt/1.html")
    item.locator("input[name=published_at]").fill("2024-05-06T09:30")  # typed in the unit's local time
    item.locator("button[data-action=register]").click()
    expect(page.locator("#message")).to_contain_text("已登记发布")
    page.click("nav .tab[data-view=register]")
    row = page.locator("#register-rows tr").first
    expect(row).to_contain_text("植树活动通知")
    expect(row.locator("td[data-label=审批人]")).to_have_text("leader")  # the drafter's self-review is not an approval
    expect(row).to_contain_text("https://www.example.gov.cn/zsdt/1.html")
    expect(row.locator("td[data-label=发布时间]")).to_have_text("2024-05-06 09:30")  # local time, not UTC 01:30
    expect(page.locator("#view-register thead")).to_contain_text("北京时间")
    page.screenshot(path=str(shots / "3-register.png"), full_page=True)
