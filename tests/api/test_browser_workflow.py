"""The daily workflow in Debian's chromium: what each person sees on the page, at laptop and phone sizes.

Screenshots go to $BAOMI_SCREENSHOTS (default: the test's tmp dir) so a person can look at them.
"""
from __future__ import annotations

import pytest

PHONE_TEXT = "关于发放补贴的通知\n申请人：张三，手机13912345678。"
CLEAN_TEXT = "关于发放补贴的通知\n联系人：张三，手机139****5678。"
MARKED_TEXT = "秘密★5年\n关于召开年度工作会议的通知"
STAFF = [("chief", "section_chief", "办公室", []), ("leader", "leader", "局领导", ["办公室"]),
         ("officer", "secrecy_officer", "保密办", []), ("pub", "publisher", "法宣科", [])]
pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def serve(serve):
    """The live service of tests/api/conftest.py, staffed with this file's roles by default."""
    return lambda keep_drafts=True, users=STAFF: serve(keep_drafts, users)


@pytest.fixture(autouse=True)
def _staff_password(password):
    Page.password = password  # the staff of tests/api/conftest.py share one password


class Page:
    """One person at one browser window."""

    password = ""

    def __init__(self, browser, base: str, width: int = 1366, height: int = 768) -> None:
        from playwright.sync_api import expect

        self.expect = expect
        self.base = base
        self.page = browser.new_page(viewport={"width": width, "height": height}, locale="zh-CN")
        # nothing but this server: an offline page must not need anything else
        self.page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())

    def login(self, name: str) -> None:
        p = self.page
        p.goto(self.base + "/")
        self.expect(p.locator("#nav")).to_be_hidden()  # no navigation before login
        p.fill("#login-form input[name=name]", name)
        p.fill("#login-form input[name=password]", self.password)
        p.click("#login-form button[type=submit]")
        self.expect(p.locator("#whoami")).to_contain_text(name)

    def logout(self) -> None:
        self.page.click("#logout")
        self.expect(self.page.locator("#login-form")).to_be_visible()

    def scan_text(self, text: str) -> None:
        self.page.fill("#text", text)
        self.page.click("#scan-button")
        self.expect(self.page.locator("#result")).to_be_visible()

    def send(self, title: str) -> None:
        self.page.fill("#send-title", title)
        self.page.click("#send-button")
        self.expect(self.page.locator("#message")).to_contain_text("已送审")

    def tab(self, view: str) -> None:
        self.page.click(f"nav .tab[data-view={view}]")
        if view in ("queue", "mine"):
            self.page.wait_for_selector(f"#{view}-list[data-loaded]")

    def approve_first_as(self, name: str) -> None:
        """Someone else logs in at this window and approves the first item of their queue."""
        self.login(name)
        self.tab("queue")
        self.page.locator("[data-submission] button[data-action=approve]").first.click()
        self.expect(self.page.locator("#message")).to_contain_text("已同意")

    def approve_all_mine(self) -> None:
        """The drafter's own steps (self-review) from 待我办理."""
        self.tab("queue")
        while self.page.locator("[data-submission] button[data-action=approve]").count():
            self.page.click("[data-submission] button[data-action=approve]")
            self.expect(self.page.locator("#message")).to_contain_text("已同意")
            self.tab("queue")

    def upload_version(self, sub_row: str, name: str, text: str) -> None:
        detail = self.page.locator(f"tr[data-submission='{sub_row}'] + tr.detail")
        detail.locator("input[name=version]").set_input_files(
            {"name": name, "mimeType": "text/plain", "buffer": text.encode("utf-8")})
        detail.locator("button[data-action=version]").click()


def test_pasted_text_after_a_file_is_what_gets_scanned(serve, browser, shots):
    ui = Page(browser, serve())
    p = ui.page
    ui.login("chief")
    p.set_input_files("#file", {"name": "通知.txt", "mimeType": "text/plain", "buffer": "关于开展植树活动的通知".encode()})
    p.click("#scan-button")
    ui.expect(p.locator("#verdict")).to_contain_text("可以公开")
    p.fill("#text", "秘密★5年\n关于会议的通知，手机13912345678")  # pasted while the old file is still chosen
    ui.expect(p.locator("#input-note")).to_contain_text("已取消所选文件")
    assert p.eval_on_selector("#file", "el => el.files.length") == 0
    p.click("#scan-button")
    ui.expect(p.locator("#verdict")).to_contain_text("不予公开")
    ui.expect(p.locator("#doc mark.hl.block")).to_have_text("秘密★5年")
    p.screenshot(path=str(shots / "paste-after-file.png"), full_page=True)
    # the result survives leaving the page and coming back
    p.reload()
    ui.expect(p.locator("#verdict")).to_contain_text("不予公开")
    ui.expect(p.locator("#doc mark.hl.block")).to_have_text("秘密★5年")


def test_downloads_say_why_when_drafts_are_not_kept(serve, browser, shots):
    ui = Page(browser, serve(keep_drafts=False))
    ui.login("chief")
    ui.scan_text(PHONE_TEXT)
    p = ui.page
    ui.expect(p.locator("#dl-report")).to_be_visible()
    assert p.locator("#dl-annotated, #dl-redacted").count() == 0  # no link that would open an error page
    ui.expect(p.locator("#no-annotated")).to_contain_text("仅适用于 Word")
    ui.expect(p.locator("#no-redacted")).to_contain_text("不保存原稿")
    p.screenshot(path=str(shots / "downloads-unavailable.png"), full_page=True)


def test_redacted_copy_is_checked_before_it_is_offered(serve, browser, shots):
    ui = Page(browser, serve())
    ui.login("chief")
    ui.scan_text(PHONE_TEXT)
    p = ui.page
    ui.expect(p.locator("#dl-redacted")).to_have_text("下载脱敏副本（已复查）")
    ui.scan_text(MARKED_TEXT + "\n手机13912345678")
    ui.expect(p.locator("#redacted-left")).to_contain_text("密级标志")
    ui.expect(p.locator("#redacted-left")).to_contain_text("不能作为已脱敏文件公开")
    p.screenshot(path=str(shots / "redacted-not-clean.png"), full_page=True)


def test_return_with_reason_and_resubmission(serve, browser, shots):
    base = serve()
    chief = Page(browser, base)
    chief.login("chief")
    chief.scan_text(CLEAN_TEXT)
    chief.send("补贴通知")
    chief.approve_all_mine()

    leader = Page(browser, base)
    leader.login("leader")
    leader.tab("queue")
    item = leader.page.locator("[data-submission]").first
    item.locator("button[data-action=return]").click()  # no reason yet: refused on the page
    leader.expect(leader.page.locator("#message")).to_contain_text("退回须填写理由")
    item.locator("input[name=note]").fill("请补充发放日期")
    item.locator("button[data-action=return]").click()
    leader.expect(leader.page.locator("#message")).to_contain_text("已退回")

    chief.tab("mine")
    row = chief.page.locator("#mine-rows tr[data-submission]").first
    sub_id = row.get_attribute("data-submission")
    chief.expect(row.locator("td[data-label=状态]")).to_have_text("已退回")
    chief.expect(chief.page.locator("tr.detail .returned")).to_contain_text("请补充发放日期")
    chief.expect(chief.page.locator("tr.detail .returned")).to_contain_text("leader")
    chief.page.screenshot(path=str(shots / "returned-with-reason.png"), full_page=True)
    chief.upload_version(sub_id, "补贴通知-第2版.txt", CLEAN_TEXT + "\n发放日期：5月6日。")
    chief.expect(chief.page.locator("#message")).to_contain_text("已提交第 2 版")
    row = chief.page.locator(f"#mine-rows tr[data-submission='{sub_id}']")
    chief.expect(row.locator("td[data-label=版本]")).to_have_text("第 2 版")
    chief.expect(row.locator("td[data-label=状态]")).to_have_text("审批中")
    chief.expect(row.locator("td[data-label=当前步骤]")).to_contain_text("自审")
    chief.page.screenshot(path=str(shots / "resubmitted.png"), full_page=True)


def test_redaction_step_rejects_an_unclean_version(serve, browser, shots):
    ui = Page(browser, serve())
    ui.login("chief")
    ui.scan_text(PHONE_TEXT)
    ui.expect(ui.page.locator("#verdict")).to_contain_text("脱敏后公开")
    ui.send("补贴通知")
    ui.tab("mine")
    row = ui.page.locator("#mine-rows tr[data-submission]").first
    sub_id = row.get_attribute("data-submission")
    ui.expect(row.locator("td[data-label=当前步骤]")).to_contain_text("脱敏处理")
    ui.upload_version(sub_id, "仍未脱敏.txt", PHONE_TEXT + "\n（已核对）")
    ui.expect(ui.page.locator("#message")).to_contain_text("新版本仍有需要脱敏的内容")
    row = ui.page.locator(f"#mine-rows tr[data-submission='{sub_id}']")
    ui.expect(row.locator("td[data-label=当前步骤]")).to_contain_text("脱敏处理")
    ui.page.screenshot(path=str(shots / "redaction-rejected.png"), full_page=True)
    ui.upload_version(sub_id, "已脱敏.txt", CLEAN_TEXT)
    ui.expect(ui.page.locator("#message")).to_contain_text("审批从第一步重新开始")
    ui.expect(row.locator("td[data-label=当前步骤]")).to_contain_text("自审")
    ui.expect(row.locator("td[data-label=审查结论]")).to_have_text("可以公开")


def test_not_publishable_needs_confirmation_and_a_stuck_step_is_shown(serve, browser, shots):
    base = serve(users=[u for u in STAFF if u[1] != "secrecy_officer"])  # nobody can declassify
    chief = Page(browser, base)
    chief.login("chief")
    chief.scan_text(MARKED_TEXT)
    p = chief.page
    chief.expect(p.locator("#send-confirm")).to_be_visible()
    p.click("#send-button")
    chief.expect(p.locator("#message")).to_contain_text("请勾选确认并填写送审理由")
    p.check("#send-confirm-box")
    p.fill("#send-reason", "申请解密后公开")
    chief.send("年度会议通知")
    chief.expect(p.locator("#send-button")).to_be_disabled()  # a second press cannot send it again
    chief.approve_all_mine()
    Page(browser, base).approve_first_as("leader")
    chief.tab("mine")
    chief.expect(p.locator("#mine-warnings")).to_contain_text("没有可以办理的账号")
    chief.expect(p.locator("tr.detail .stuck")).to_contain_text("原定密单位（科室）：解密")
    assert p.locator("#mine-rows tr[data-submission]").count() == 1
    p.screenshot(path=str(shots / "stuck-step.png"), full_page=True)


def test_laptop_layout_keeps_the_document_on_screen(serve, browser, shots):
    ui = Page(browser, serve(), 1366, 768)
    ui.login("chief")
    long = "\n".join(f"第{i}段：秘密★5年 申请人手机13912345678。" for i in range(1, 160))
    ui.scan_text(long)
    p = ui.page
    # 159 identical findings of each kind are one group each, with the count
    ui.expect(p.locator("#findings li")).to_have_count(2)
    ui.expect(p.locator("#findings li").first).to_contain_text("×159")
    # three-digit positions are not cut off
    p.click("#next-high")
    p.click("#prev-high")
    ui.expect(p.locator("#position")).to_contain_text("/ 318")
    # one scroll box at most: the document itself does not scroll inside the page
    assert p.eval_on_selector("#doc", "el => getComputedStyle(el).overflowY") == "visible"
    box = p.locator("#doc").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1366
    p.select_option("#sev-filter", "block")
    ui.expect(p.locator("#findings li")).to_have_count(1)
    p.screenshot(path=str(shots / "laptop-1366x768.png"))
    assert p.evaluate("document.documentElement.scrollWidth") <= 1366


def test_phone_layout_of_the_scan_and_the_register(serve, browser, shots):
    base = serve()
    ui = Page(browser, base, 390, 844)
    ui.login("chief")
    ui.scan_text(CLEAN_TEXT)
    p = ui.page
    p.screenshot(path=str(shots / "phone-scan.png"), full_page=True)
    assert p.evaluate("document.documentElement.scrollWidth") <= 390
    ui.send("补贴通知")
    ui.approve_all_mine()
    Page(browser, base).approve_first_as("leader")
    pub = Page(browser, base, 390, 844)
    pub.login("pub")
    pub.tab("queue")
    item = pub.page.locator("[data-submission]").first
    item.locator("input[name=url]").fill("https://www.example.gov.cn/tzgg/2024/0506/a-very-long-path-name-1.html")
    item.locator("input[name=published_at]").fill("2024-05-06T09:30")
    item.locator("button[data-action=register]").click()
    pub.expect(pub.page.locator("#message")).to_contain_text("已登记发布")
    pub.tab("register")
    row = pub.page.locator("#register-rows tr").first
    pub.expect(row.locator("td[data-label=发布时间]")).to_have_text("2024-05-06 09:30")
    pub.expect(row.locator("td[data-label=审批人]")).to_have_text("leader")
    assert pub.page.evaluate("document.documentElement.scrollWidth") <= 390
    pub.page.screenshot(path=str(shots / "phone-register.png"), full_page=True)


def test_api_docs_load_offline(serve, browser, shots):
    base = serve()
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    elsewhere = []

    def only_here(route):
        if route.request.url.startswith(base):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_here)
    page.goto(base + "/docs")
    from playwright.sync_api import expect

    expect(page.locator("h1")).to_contain_text("接口文档")
    page.locator("details.op summary", has_text="/v1/files/{sha256}").click()
    expect(page.locator("details.op[open]")).to_contain_text("FingerprintStatus")
    page.screenshot(path=str(shots / "api-docs.png"))
    assert elsewhere == []
