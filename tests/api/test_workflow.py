"""Submissions through the routing of their report, the register, and the audit trail."""
from __future__ import annotations

import csv
import io

import pytest

from api import workflow

PHONE = "联系人王科长，电话 13812345678，请按时参加。"
MARKED = "秘密★5年\n关于召开年度工作会议的通知"
BY_ROLE = {"section_chief": "chief", "leader": "leader", "secrecy_officer": "officer", "publisher": "pub"}


def _submission(c, text=PHONE, title="年度会议通知"):
    sid = c.post("/v1/scans", json={"text": text, "channel": "website"}, headers=c.tokens["chief"]).json()["id"]
    sub = c.post("/v1/submissions", json={"scan_id": sid, "title": title}, headers=c.tokens["chief"]).json()
    return sid, sub


def _advance_to_register(c, sub_id):
    """Approve every step before registration, each by the user holding the step's role."""
    while True:
        sub = c.get(f"/v1/submissions/{sub_id}", headers=c.tokens["chief"]).json()
        step = sub["current_step"]
        if step["action"] == "register_publication":
            return sub
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
                    json={"channel": "website", "url": "https://www.example.gov.cn/a.html", "published_at": "2024-05-06T08:00:00Z"})
    assert r.status_code == 200 and r.json()["status"] == "published"
    r = client.post(f"/v1/submissions/{sub['id']}/approve", json={}, headers=client.tokens["leader"])
    assert r.status_code == 409 and "已发布" in r.json()["error"]["message"]

    entries = client.get("/v1/register", headers=client.tokens["pub"]).json()["entries"]
    assert len(entries) == 1
    e = entries[0]
    assert (e["title"], e["channel"], e["department"], e["registered_by"]) == ("年度会议通知", "website", "办公室", "pub")
    assert "leader" in e["approved_by"] and e["published_at"].startswith("2024-05-06T08:00")
    for query, n in [("channel=website", 1), ("channel=weibo", 0), ("department=财务科", 0),
                     ("date_from=2024-05-06&date_to=2024-05-06", 1), ("date_from=2024-05-07", 0)]:
        assert len(client.get(f"/v1/register?{query}", headers=client.tokens["pub"]).json()["entries"]) == n, query
    assert client.get("/v1/register", headers=client.tokens["chief2"]).json()["entries"] == []
    text = client.get("/v1/register.csv", headers=client.tokens["pub"]).text.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["登记号", "标题", "部门", "发布渠道"]
    assert rows[1][1:5] == ["年度会议通知", "办公室", "政府网站", "https://www.example.gov.cn/a.html"]


def test_return_and_new_version_restart_the_review(client):
    _, sub = _submission(client)
    client.post(f"/v1/submissions/{sub['id']}/submit", headers=client.tokens["chief"])
    client.post(f"/v1/submissions/{sub['id']}/approve", json={}, headers=client.tokens["chief"])
    r = client.post(f"/v1/submissions/{sub['id']}/return", json={"note": "电话要删"}, headers=client.tokens["chief"])
    assert r.json()["status"] == "returned" and r.json()["step"] == 0
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
    client.post(f"/v1/submissions/{sub['id']}/submit", headers=client.tokens["chief"])
    _advance_to_register(client, sub["id"])
    r = client.post(f"/v1/submissions/{sub['id']}/register", json={"channel": "website"}, headers=client.tokens["pub"])
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
