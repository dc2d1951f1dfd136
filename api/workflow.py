"""The approval workflow as pure functions: (submission, actor, input) -> Transition, or a refusal.

The steps come from the report's routing (the policy file decides them);
this module only maps a routing role to the user role that may act on it
and checks order.  A wrong state is ``conflict`` (409), a wrong role
``forbidden`` (403); both say what the current step is.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from pipelines.store import ScanRecord, SubmissionRecord, Transition, UserInfo
from scanner import BaomiError

# routing role (report.schema.json) -> user role that performs it
ROLE_FOR_STEP = {
    "section_chief": "section_chief",
    "leader_in_charge": "leader",
    "principal_leader": "leader",
    "secrecy_officer": "secrecy_officer",
    "secrecy_bureau": "secrecy_officer",  # the officer records the bureau's determination
    "classifying_unit": "secrecy_officer",
    "publisher": "publisher",
}
ROLE_NAMES = {"section_chief": "科长", "leader": "分管领导", "secrecy_officer": "保密工作负责人",
              "publisher": "发布科室", "admin": "管理员"}
REGISTER = "register_publication"
CHANNELS = ("website", "weibo", "wechat")
STATUS_NAMES = {"draft": "未送审", "in_review": "审批中", "returned": "已退回", "published": "已发布"}


def steps_for(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The report's routing, plus what the workflow cannot do without.

    An ``escalate`` verdict must reach the secrecy officer before anyone
    publishes, and every chain ends with the publishing office registering
    the publication, even if a custom policy forgot either.
    """
    steps = [dict(s) for s in report.get("routing", {}).get("steps", []) if isinstance(s, dict) and s.get("role")]
    if not any(s.get("action") == REGISTER for s in steps):
        steps.append({"role": "publisher", "action": REGISTER, "reason": "发布科室登记发布信息"})
    if report.get("verdict") == "escalate" and not any(
        ROLE_FOR_STEP.get(s["role"]) == "secrecy_officer" for s in steps
    ):
        at = next(i for i, s in enumerate(steps) if s.get("action") == REGISTER)
        steps.insert(at, {"role": "secrecy_officer", "action": "determine_classification",
                          "reason": "密级不明确，报保密工作负责人确定"})
    return steps


def user_role_for(step: dict[str, Any]) -> str:
    return ROLE_FOR_STEP.get(step.get("role", ""), step.get("role", ""))


def current_step(sub: SubmissionRecord) -> dict[str, Any] | None:
    if sub.status != "in_review" or sub.step >= len(sub.steps):
        return None
    return sub.steps[sub.step]


def awaits(sub: SubmissionRecord, user: UserInfo) -> bool:
    """Whether this submission is waiting for this user (their queue)."""
    step = current_step(sub)
    return step is not None and user_role_for(step) == user.role and user.can_see(sub.department)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


def _need_in_review(sub: SubmissionRecord, what: str) -> dict[str, Any]:
    step = current_step(sub)
    if step is None:
        raise BaomiError("conflict", f"送审稿当前状态为“{STATUS_NAMES.get(sub.status, sub.status)}”，不能{what}")
    return step


def _need_role(step: dict[str, Any], user: UserInfo) -> None:
    role = user_role_for(step)
    if user.role != role:
        raise BaomiError("forbidden", f"当前步骤（{step.get('reason') or step.get('action')}）应由{ROLE_NAMES.get(role, role)}办理")


def submit(sub: SubmissionRecord, user: UserInfo) -> Transition:
    if sub.status not in ("draft", "returned"):
        raise BaomiError("conflict", f"送审稿当前状态为“{STATUS_NAMES.get(sub.status, sub.status)}”，不能再次送审")
    if user.department != sub.department:
        raise BaomiError("forbidden", "只有本部门人员可以送审")
    return Transition({"status": "in_review", "step": 0}, "submit", {"version": sub.version})


def approve(sub: SubmissionRecord, user: UserInfo, note: str = "") -> Transition:
    step = _need_in_review(sub, "审批")
    if step.get("action") == REGISTER:
        raise BaomiError("conflict", "审批已完成，当前步骤是发布登记，请由发布科室登记")
    _need_role(step, user)
    approvals = sub.approvals + [{"version": sub.version, "step": sub.step, "role": step.get("role"),
                                  "action": step.get("action"), "decision": "approve", "by": user.name, "at": _now()}]
    return Transition({"step": sub.step + 1, "approvals": approvals}, "approve",
                      {"step": sub.step, "role": step.get("role"), "note": note, "version": sub.version})


def return_(sub: SubmissionRecord, user: UserInfo, note: str = "") -> Transition:
    step = _need_in_review(sub, "退回")
    _need_role(step, user)
    approvals = sub.approvals + [{"version": sub.version, "step": sub.step, "role": step.get("role"),
                                  "action": step.get("action"), "decision": "return", "by": user.name, "at": _now()}]
    return Transition({"status": "returned", "step": 0, "approvals": approvals}, "return",
                      {"step": sub.step, "role": step.get("role"), "note": note, "version": sub.version})


def register(sub: SubmissionRecord, user: UserInfo, scan: ScanRecord | None, *, channel: str, url: str,
             published_at: datetime | None) -> Transition:
    step = _need_in_review(sub, "登记发布")
    if step.get("action") != REGISTER:
        raise BaomiError("conflict", f"尚未审批完毕，当前步骤：{step.get('reason') or step.get('action')}")
    _need_role(step, user)
    if scan is None or scan.verdict == "not_publishable":
        raise BaomiError("conflict", "审查结论为不予公开，不能登记发布；请修改稿件后提交新版本")
    if channel not in CHANNELS:
        raise BaomiError("usage", f"发布渠道应为 {', '.join(CHANNELS)} 之一")
    when = published_at or datetime.now(timezone.utc)
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    approvers = [a["by"] for a in sub.approvals if a.get("version") == sub.version and a.get("decision") == "approve"]
    approvals = sub.approvals + [{"version": sub.version, "step": sub.step, "role": step.get("role"),
                                  "action": REGISTER, "decision": "register", "by": user.name, "at": _now()}]
    return Transition({"status": "published", "step": sub.step + 1, "approvals": approvals}, "register",
                      {"channel": channel, "url": url, "published_at": when.isoformat(), "version": sub.version},
                      publication={"channel": channel, "url": url, "published_at": when,
                                   "approved_by": "、".join(dict.fromkeys(approvers))})


def new_version(sub: SubmissionRecord, user: UserInfo, scan: ScanRecord) -> Transition:
    """A changed draft invalidates every approval given so far: the chain starts again at step one."""
    if sub.status == "published":
        raise BaomiError("conflict", "已发布的稿件不能提交新版本；请新建送审")
    if scan.status != "done" or scan.report is None:
        raise BaomiError("conflict", "新版本的审查尚未完成或已失败")
    if scan.department != sub.department:
        raise BaomiError("no_such", f"审查记录 {scan.id}")
    if user.department != sub.department:
        raise BaomiError("forbidden", "只有本部门人员可以提交新版本")
    status = "draft" if sub.status == "draft" else "in_review"
    return Transition({"version": sub.version + 1, "scan_id": scan.id, "steps": steps_for(scan.report),
                       "step": 0, "status": status}, "new_version",
                      {"version": sub.version + 1, "scan_id": scan.id})
