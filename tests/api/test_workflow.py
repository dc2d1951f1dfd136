"""Submissions through the routing of their report, the register, and the audit trail."""
from __future__ import annotations

import csv
import io

import pytest

from api import workflow

PHONE = "申请人手机 13812345678，请按时补交材料。"  # a private person's number: masked
MARKED = "秘密★5年\n关于召开年度工作会议的通知"
BY_ROLE = {"section_chief": "chief", "leader": "leader", "secrecy_officer": "officer", "publisher": "pub"}


def _submission(c, text=PHONE, title="年度会议通知"):
    sid = c.post("/v1/scans", json={"text": text, "channel": "website"}, headers=c.tokens["chief"]).json()["id"]
    sub = c.post("/v1/submissions", json={"scan_id": sid, "title": title}, headers=c.tokens["chief"]).json()
    return sid, sub


REDACTED = "申请人手机 138****5678，请按时补交材料。"


def _advance_to_register(c, sub_id):
    """Approve every step before registration, each by the user holding the step's role.

    At the redaction step the drafter uploads the redacted version, as the page asks them to.
    """
    while True:
        sub = c.get(f"/v1/submissions/{sub_id}", headers=c.tokens["chief"]).json()
        step = sub["current_step"]
        if step["action"] == "register_publication":
            return sub
        if step["action"] == "redact":
            sid = c.post("/v1/scans", json={"text": REDACTED, "channel": "website"}, headers=c.tokens["chief"]).json()["id"]
            r = c.post(f"/v1/submissions/{sub_id}/versions", json={"scan_id": sid}, headers=c.tokens["chief"])
            assert r.status_code == 200, r.json()
            continue
        user = BY_ROLE[workflow.user_role_for(step)]
        r = c.post(f"/v1/submissions/{sub_id}/approve", json={"note": "同意"}, headers=c.tokens[user])
        assert r.status_code == 200, r.json()


def test_full_chain_to_the_register(client):
    _, sub = _submission(client)
    assert sub["status"] == "draft" and sub["steps"][-1]["action"] == "register_publication"
    roles = [workflow.user_role_for(s) for s in sub["steps"]]
    assert roles[0] == "section_chief" and "leader" in roles and roles[-1] == "publisher"
    assert client.post(f"/v1/submissions/{sub['id']}/submit", headers=client.tokens["chief"]).json()["status"] == "in_review"
    # the leader cannot skip the section chief's self-review
    r = client.post(f"/v1/submissions/{sub['id']}/approve", json={}, headers=client.tokens["leader"])
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    # registration before approval is out of order
    r = client.post(f"/v1/submissions/{sub['id']}/register", json={"channel": "website"}, headers=client.tokens["pub"])
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"
    _advance_to_register(client, sub["id"])
    queue = client.get("/v1/submissions?queue=true", headers=client.tokens["pub"]).json()["submissions"]
    assert [s["id"] for s in queue] == [sub["id"]]
    r = client.post(f"/v1/submissions/{sub['id']}/approve", json={}, headers=client.tokens["leader"])
    assert r.status_code == 409  # approvals are done; the publisher registers now
    r = client.post(f"/v1/submissions/{sub['id']}/register", headers=client.tokens["pub"],
                    json={"channel": "website", "url": "https://www.example.gov.cn/a.html", "published_at": "2024-05-06T00:00:00Z"})
    assert r.status_code == 200 and r.json()["status"] == "published"
    r = client.post(f"/v1/submissions/{sub['id']}/approve", json={}, headers=client.tokens["leader"])
    assert r.status_code == 409 and "已发布" in r.json()["error"]["message"]

    entries = client.get("/v1/register", headers=client.tokens["pub"]).json()["entries"]
    assert len(entries) == 1
    e = entries[0]
    assert (e["title"], e["channel"], e["department"], e["registered_by"]) == ("年度会议通知", "website", "办公室", "pub")
    # the drafter's own self-review does not make them an approver
    assert e["approved_by"] == "leader" and e["published_at"].startswith("2024-05-06T00:00")
    assert e["published_at_local"] == "2024-05-06 08:00"  # Beijing is UTC+8
    for query, n in [("channel=website", 1), ("channel=weibo", 0), ("department=财务科", 0),
                     ("date_from=2024-05-06&date_to=2024-05-06", 1), ("date_from=2024-05-07", 0)]:
        assert len(client.get(f"/v1/register?{query}", headers=client.tokens["pub"]).json()["entries"]) == n, query
    assert client.get("/v1/register", headers=client.tokens["chief2"]).json()["entries"] == []
    text = client.get("/v1/register.csv", headers=client.tokens["pub"]).text.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:6] == ["登记号", "标题", "部门", "发布渠道", "网址", "发布时间（北京时间）"]
    assert rows[1][1:6] == ["年度会议通知", "办公室", "政府网站", "https://www.example.gov.cn/a.html", "2024-05-06 08:00"]


def test_return_and_new_version_restart_the_review(client):
    _, sub = _submission(client)
    client.post(f"/v1/submissions/{sub['id']}/submit", headers=client.tokens["chief"])
    r = client.post(f"/v1/submissions/{sub['id']}/return", json={"note": "电话要删"}, headers=client.tokens["chief"])
    assert r.json()["status"] == "returned" and r.json()["step"] == 0
    # the drafter reads the reason on the submission itself, not only in the audit log
    seen = client.get(f"/v1/submissions/{sub['id']}", headers=client.tokens["chief"]).json()["returned"]
    assert (seen["by"], seen["note"]) == ("chief", "电话要删")
    sid2 = client.post("/v1/scans", json={"text": "关于召开年度工作会议的通知。"}, headers=client.tokens["chief"]).json()["id"]
    r = client.post(f"/v1/submissions/{sub['id']}/versions", json={"scan_id": sid2}, headers=client.tokens["chief"])
    body = r.json()
    assert (body["version"], body["scan_id"], body["status"], body["step"]) == (2, sid2, "in_review", 0)
    assert body["verdict"] == "publish"
    # an approval given to version 1 does not count for version 2
    assert body["current_step"]["role"] == "section_chief"


def test_a_marked_draft_cannot_be_registered(client):
    _, sub = _submission(client, text=MARKED)
    assert sub["verdict"] == "not_publishable"
    r = client.post(f"/v1/submissions/{sub['id']}/submit", headers=client.tokens["chief"])
    assert r.status_code == 409 and "确认并填写送审理由" in r.json()["error"]["message"]
    r = client.post(f"/v1/submissions/{sub['id']}/submit", json={"confirm": True, "reason": " "}, headers=client.tokens["chief"])
    assert r.status_code == 409  # a blank reason is no reason
    r = client.post(f"/v1/submissions/{sub['id']}/submit", json={"confirm": True, "reason": "申请解密后公开"},
                    headers=client.tokens["chief"])
    assert r.json()["status"] == "in_review"
    _advance_to_register(client, sub["id"])
    r = client.post(f"/v1/submissions/{sub['id']}/register", headers=client.tokens["pub"],
                    json={"channel": "website", "url": "https://www.example.gov.cn/b.html", "published_at": "2024-05-06T09:30"})
    assert r.status_code == 409 and "不予公开" in r.json()["error"]["message"]


def test_other_departments_cannot_touch_a_submission(client):
    _, sub = _submission(client)
    assert client.get(f"/v1/submissions/{sub['id']}", headers=client.tokens["chief2"]).status_code == 404
    r = client.post(f"/v1/submissions/{sub['id']}/submit", headers=client.tokens["chief2"])
    assert r.status_code == 404
    sid_other = client.post("/v1/scans", json={"text": PHONE}, headers=client.tokens["chief2"]).json()["id"]
    r = client.post("/v1/submissions", json={"scan_id": sid_other}, headers=client.tokens["chief"])
    assert r.status_code == 404


def test_audit_log_records_actions_masked_and_has_no_write_route(client):
    _, sub = _submission(client)
    client.post(f"/v1/submissions/{sub['id']}/submit", headers=client.tokens["chief"])
    client.post(f"/v1/submissions/{sub['id']}/return", json={"note": "删去电话 13812345678"}, headers=client.tokens["chief"])
    assert client.get("/v1/audit", headers=client.tokens["chief"]).status_code == 403
    entries = client.get("/v1/audit", headers=client.tokens["officer"]).json()["entries"]
    actions = [e["action"] for e in entries]
    assert {"scan", "submission_create", "submit", "return"} <= set(actions)
    ret = next(e for e in entries if e["action"] == "return")
    assert ret["actor"] == "chief" and ret["verdict"] == "publish_after_redaction" and len(ret["sha256"]) == 64
    assert "13812345678" not in str(entries)
    assert ret["details"]["note"] == "删去电话 13*******78"  # first two and last two digits kept
    for method in ("put", "patch", "delete"):
        r = getattr(client, method)("/v1/audit", headers=client.tokens["officer"])
        assert r.status_code == 405


@pytest.mark.parametrize("verdict,routing,roles", [
    ("publish", [{"role": "section_chief", "action": "self_review"}], ["section_chief", "publisher"]),
    ("escalate", [{"role": "section_chief", "action": "self_review"}, {"role": "leader_in_charge", "action": "approve"},
                  {"role": "publisher", "action": "register_publication"}],
     ["section_chief", "leader", "secrecy_officer", "publisher"]),
    ("escalate", [{"role": "secrecy_bureau", "action": "determine_classification"}], ["secrecy_officer", "publisher"]),
])
def test_steps_for_adds_what_the_workflow_cannot_do_without(verdict, routing, roles):
    steps = workflow.steps_for({"verdict": verdict, "routing": {"steps": routing}})
    assert [workflow.user_role_for(s) for s in steps] == roles


def _submitted(c, text=PHONE, who="chief"):
    sid = c.post("/v1/scans", json={"text": text, "channel": "website"}, headers=c.tokens[who]).json()["id"]
    sub = c.post("/v1/submissions", json={"scan_id": sid, "title": "通知"}, headers=c.tokens[who]).json()
    assert c.post(f"/v1/submissions/{sub['id']}/submit", headers=c.tokens[who]).status_code == 200
    return sid, sub["id"]


def test_redaction_step_needs_a_clean_new_version(client):
    _, sub_id = _submitted(client)
    sub = client.get(f"/v1/submissions/{sub_id}", headers=client.tokens["chief"]).json()
    assert sub["current_step"]["action"] == "redact"
    r = client.post(f"/v1/submissions/{sub_id}/approve", json={}, headers=client.tokens["chief"])
    assert r.status_code == 409 and "上传脱敏后的新版本" in r.json()["error"]["message"]
    # an "redacted" version that still has the number stays at the redaction step
    bad = client.post("/v1/scans", json={"text": PHONE + "（已脱敏）"}, headers=client.tokens["chief"]).json()["id"]
    body = client.post(f"/v1/submissions/{sub_id}/versions", json={"scan_id": bad}, headers=client.tokens["chief"]).json()
    assert body["version"] == 2 and body["current_step"]["action"] == "redact"
    assert client.post(f"/v1/submissions/{sub_id}/approve", json={}, headers=client.tokens["chief"]).status_code == 409
    good = client.post("/v1/scans", json={"text": REDACTED}, headers=client.tokens["chief"]).json()["id"]
    body = client.post(f"/v1/submissions/{sub_id}/versions", json={"scan_id": good}, headers=client.tokens["chief"]).json()
    assert body["version"] == 3 and body["verdict"] == "publish" and body["current_step"]["action"] == "self_review"


def test_double_submission_is_refused(client):
    sid = client.post("/v1/scans", json={"text": REDACTED}, headers=client.tokens["chief"]).json()["id"]
    first = client.post("/v1/submissions", json={"scan_id": sid}, headers=client.tokens["chief"])
    second = client.post("/v1/submissions", json={"scan_id": sid}, headers=client.tokens["chief"])
    assert first.status_code == 200 and second.status_code == 409
    assert f"送审稿编号 {first.json()['id']}" in second.json()["error"]["message"]
    assert client.post(f"/v1/submissions/{first.json()['id']}/submit", headers=client.tokens["chief"]).status_code == 200
    assert client.post(f"/v1/submissions/{first.json()['id']}/submit", headers=client.tokens["chief"]).status_code == 409
    assert len(client.get("/v1/submissions", headers=client.tokens["chief"]).json()["submissions"]) == 1


def test_return_needs_a_reason(client):
    _, sub_id = _submitted(client, REDACTED)
    r = client.post(f"/v1/submissions/{sub_id}/return", json={"note": ""}, headers=client.tokens["chief"])
    assert r.status_code == 400 and "理由" in r.json()["error"]["message"]


def test_a_drafter_cannot_approve_their_own_draft(make_client):
    c = make_client()
    store = c.app.state.store
    store.add_user("leader2", "leader", "办公室", password="口令-123456-长一些的口令")
    c.tokens["leader2"] = {"Authorization": f"Bearer {store.create_token('leader2')[1]}"}
    _, sub_id = _submitted(c, REDACTED, who="leader2")
    assert c.post(f"/v1/submissions/{sub_id}/approve", json={}, headers=c.tokens["chief"]).status_code == 200
    r = c.post(f"/v1/submissions/{sub_id}/approve", json={}, headers=c.tokens["leader2"])
    assert r.status_code == 403 and "不能审批自己送审的稿件" in r.json()["error"]["message"]
    assert c.get("/v1/submissions?queue=true", headers=c.tokens["leader2"]).json()["submissions"] == []
    store.disable_user("leader")  # now only the drafter holds the role: the step is stuck, and says so
    listing = c.get("/v1/submissions", headers=c.tokens["leader2"]).json()
    assert "没有可以办理的账号" in listing["submissions"][0]["stuck"] and "送审人本人不能审批" in listing["submissions"][0]["stuck"]
    assert listing["warnings"] and "分管领导" in listing["warnings"][0]


def test_a_step_nobody_can_take_is_reported_and_the_officer_sees_their_queue(make_client):
    c = make_client()
    store = c.app.state.store
    store.add_user("officer2", "secrecy_officer", "保密办", password="口令-123456-长一些的口令")  # no --oversees
    c.tokens["officer2"] = {"Authorization": f"Bearer {store.create_token('officer2')[1]}"}
    store.disable_user("officer")
    sid = c.post("/v1/scans", json={"text": MARKED}, headers=c.tokens["chief"]).json()["id"]
    sub = c.post("/v1/submissions", json={"scan_id": sid}, headers=c.tokens["chief"]).json()
    c.post(f"/v1/submissions/{sub['id']}/submit", json={"confirm": True, "reason": "申请解密"}, headers=c.tokens["chief"])
    c.post(f"/v1/submissions/{sub['id']}/approve", json={}, headers=c.tokens["chief"])
    c.post(f"/v1/submissions/{sub['id']}/approve", json={}, headers=c.tokens["leader"])
    got = c.get(f"/v1/submissions/{sub['id']}", headers=c.tokens["chief"]).json()
    assert got["current_step"]["role_label"] == "原定密单位（科室）" and got["current_step"]["user_role"] == "secrecy_officer"
    assert got["stuck"] is None  # officer2 can act, across departments
    queue = c.get("/v1/submissions?queue=true", headers=c.tokens["officer2"]).json()["submissions"]
    assert [s["id"] for s in queue] == [sub["id"]]
    store.disable_user("officer2")
    got = c.get(f"/v1/submissions/{sub['id']}", headers=c.tokens["chief"]).json()
    assert got["stuck"].startswith("当前步骤“原定密单位（科室）：解密”没有可以办理的账号")
    assert workflow.unstaffed(store.list_users()) == [
        "没有保密工作负责人（secrecy_officer）账号：保密工作负责人、有权定密的上级机关或保密工作部门、原定密单位（科室）、上级机关的步骤将无人办理"]


def test_register_needs_url_and_time_and_reads_local_time(client):
    _, sub_id = _submitted(client, REDACTED)
    _advance_to_register(client, sub_id)
    for body, what in [({"channel": "website", "published_at": "2024-05-06T09:30"}, "网址"),
                       ({"channel": "website", "url": "https://www.example.gov.cn/c.html"}, "发布时间")]:
        r = client.post(f"/v1/submissions/{sub_id}/register", json=body, headers=client.tokens["pub"])
        assert r.status_code == 400 and what in r.json()["error"]["message"]
    r = client.post(f"/v1/submissions/{sub_id}/register", headers=client.tokens["pub"],
                    json={"channel": "website", "url": "https://www.example.gov.cn/c.html", "published_at": "2024-05-06T09:30"})
    assert r.status_code == 200
    e = client.get("/v1/register", headers=client.tokens["pub"]).json()["entries"][0]
    assert e["published_at"].startswith("2024-05-06T01:30") and e["published_at_local"] == "2024-05-06 09:30"


def test_file_status_by_fingerprint(client):
    import hashlib

    sha = hashlib.sha256(REDACTED.encode("utf-8")).hexdigest()
    assert client.get(f"/v1/files/{sha}", headers=client.tokens["pub"]).json()["scanned"] is False
    _, sub_id = _submitted(client, REDACTED)
    st = client.get(f"/v1/files/{sha}", headers=client.tokens["pub"]).json()
    assert (st["scanned"], st["publishable"], st["approved"], st["registered"]) == (True, True, False, False)
    _advance_to_register(client, sub_id)
    st = client.get(f"/v1/files/{sha}", headers=client.tokens["pub"]).json()
    assert st["approved"] is True and st["approved_at"] and st["registered"] is False
    client.post(f"/v1/submissions/{sub_id}/register", headers=client.tokens["pub"],
                json={"channel": "wechat", "url": "https://mp.example.cn/s/1", "published_at": "2024-05-06T09:30:00+08:00"})
    st = client.get(f"/v1/files/{sha}", headers=client.tokens["pub"]).json()
    assert (st["registered"], st["channel"], st["published_at_local"], st["submission_id"]) == (
        True, "wechat", "2024-05-06 09:30", sub_id)
    assert client.get("/v1/files/xyz", headers=client.tokens["pub"]).status_code == 400
    # another department cannot learn about the file
    assert client.get(f"/v1/files/{sha}", headers=client.tokens["chief2"]).json()["scanned"] is False
