"""The approval workflow as pure functions: (submission, actor, input) -> Transition, or a refusal.

The steps come from the report's routing (the policy file decides them);
this module only maps a routing role to the user role that may act on it
and checks order.  A wrong state is ``conflict`` (409), a wrong role
``forbidden`` (403); both say what the current step is.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from pipelines.report import labels
from pipelines.store import ScanRecord, SubmissionRecord, Transition, UserInfo
from scanner import BaomiError

# routing role (report.schema.json) -> user role that performs it
ROLE_FOR_STEP = {
    "section_chief": "section_chief",
    "leader_in_charge": "leader",
    "principal_leader": "leader",  # the unit's principal leader holds a leader account
    "secrecy_officer": "secrecy_officer",
    "secrecy_bureau": "secrecy_officer",  # the officer records the bureau's determination
    "classifying_unit": "secrecy_officer",  # and the classifying unit's declassification
    "higher_authority": "secrecy_officer",  # and the higher authority's approval
    "publisher": "publisher",
}
ROLE_NAMES = labels.ROLES
REGISTER = "register_publication"
# steps the proposing section does on its own draft (谁公开、谁审查); every other step needs someone else
OWN_STEPS = ("self_review", "redact")
CHANNELS = ("website", "weibo", "wechat")
STATUS_NAMES = labels.STATUS


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
    for st in steps:  # every step carries its Chinese names, even one a custom policy or this module added
        st.setdefault("role_label", labels.STEP_ROLES.get(st["role"], st["role"]))
        st.setdefault("action_label", labels.ACTIONS.get(st.get("action", ""), st.get("action", "")))
        st["user_role"] = user_role_for(st)
        st["user_role_label"] = labels.ROLES.get(st["user_role"], st["user_role"])
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
    return step is not None and may_act(step, sub, user)


def may_act(step: dict[str, Any], sub: SubmissionRecord, user: UserInfo) -> bool:
    """The user holds the step's role, sees the department, and is not approving their own draft."""
    if user.disabled or user_role_for(step) != user.role or not user.can_see(sub.department):
        return False
    return step.get("action") in OWN_STEPS or user.id != sub.created_by


def stuck(sub: SubmissionRecord, users: list[UserInfo]) -> str | None:
    """Why nobody can act on the current step, or None when someone can."""
    step = current_step(sub)
    if step is None or any(may_act(step, sub, u) for u in users):
        return None
    role = user_role_for(step)
    who = labels.ROLES.get(role, role)
    own = "（送审人本人不能审批自己的稿件）" if step.get("action") not in OWN_STEPS else ""
    return (f"当前步骤“{step_label(step)}”没有可以办理的账号：需要一名能查看“{sub.department}”的{who}{own}。"
            "请管理员用 baomi user add 添加账号。")


def step_label(step: dict[str, Any]) -> str:
    return f"{step.get('role_label') or step.get('role')}：{step.get('action_label') or step.get('action')}"


def last_return(sub: SubmissionRecord) -> dict[str, Any] | None:
    """The latest return (who, when, reason), shown to the drafter until a new version or resubmission."""
    for a in reversed(sub.approvals):
        if a.get("decision") == "return":
            return {"by": a.get("by"), "at": a.get("at"), "note": a.get("note", ""), "version": a.get("version"),
                    "step": a.get("step_label") or a.get("action")}
        if a.get("decision") in ("submit", "new_version"):
            return None
    return None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


def _need_in_review(sub: SubmissionRecord, what: str) -> dict[str, Any]:
    step = current_step(sub)
    if step is None:
        raise BaomiError("conflict", f"送审稿当前状态为“{STATUS_NAMES.get(sub.status, sub.status)}”，不能{what}")
    return step


def _need_role(step: dict[str, Any], user: UserInfo, sub: SubmissionRecord | None = None) -> None:
    role = user_role_for(step)
    if user.role != role:
        raise BaomiError("forbidden", f"当前步骤（{step_label(step)}）应由{ROLE_NAMES.get(role, role)}办理")
    if sub is not None and step.get("action") not in OWN_STEPS and user.id == sub.created_by:
        raise BaomiError("forbidden", f"不能审批自己送审的稿件；当前步骤（{step_label(step)}）应由其他{ROLE_NAMES.get(role, role)}办理")


def _entry(sub: SubmissionRecord, step: dict[str, Any], user: UserInfo, decision: str, note: str = "") -> dict[str, Any]:
    e = {"version": sub.version, "step": sub.step, "role": step.get("role"), "action": step.get("action"),
         "step_label": step_label(step), "decision": decision, "by": user.name, "by_id": user.id, "at": _now()}
    if note:
        e["note"] = note  # the store seals it before writing
    return e


def submit(sub: SubmissionRecord, user: UserInfo, *, confirm: bool = False, reason: str = "") -> Transition:
    """Send for approval; a 不予公开 draft only with an explicit confirmation and a reason."""
    if sub.status not in ("draft", "returned"):
        raise BaomiError("conflict", f"送审稿当前状态为“{STATUS_NAMES.get(sub.status, sub.status)}”，不能再次送审")
    if user.department != sub.department:
        raise BaomiError("forbidden", "只有本部门人员可以送审")
    if sub.verdict == "not_publishable" and not (confirm and reason.strip()):
        raise BaomiError("conflict", "审查结论为不予公开：确需送审（例如申请解密）的，请确认并填写送审理由")
    entry = {"version": sub.version, "decision": "submit", "by": user.name, "by_id": user.id, "at": _now()}
    if reason.strip():
        entry["note"] = reason.strip()
    return Transition({"status": "in_review", "step": 0, "approvals": sub.approvals + [entry]}, "submit",
                      {"version": sub.version, "confirmed_not_publishable": bool(confirm and sub.verdict == "not_publishable")})


def approve(sub: SubmissionRecord, user: UserInfo, note: str = "", scan: ScanRecord | None = None) -> Transition:
    step = _need_in_review(sub, "审批")
    if step.get("action") == REGISTER:
        raise BaomiError("conflict", "审批已完成，当前步骤是发布登记，请由发布科室登记")
    _need_role(step, user, sub)
    if step.get("action") == "redact":
        _need_clean_version(scan)
    approvals = sub.approvals + [_entry(sub, step, user, "approve", note)]
    return Transition({"step": sub.step + 1, "approvals": approvals}, "approve",
                      {"step": sub.step, "role": step.get("role"), "note": note, "version": sub.version})


def return_(sub: SubmissionRecord, user: UserInfo, note: str = "") -> Transition:
    step = _need_in_review(sub, "退回")
    _need_role(step, user, sub if step.get("action") not in OWN_STEPS else None)
    if not note.strip():
        raise BaomiError("usage", "退回须填写理由，送审人会看到这条理由")
    approvals = sub.approvals + [_entry(sub, step, user, "return", note.strip())]
    return Transition({"status": "returned", "step": 0, "approvals": approvals}, "return",
                      {"step": sub.step, "role": step.get("role"), "note": note, "version": sub.version})


def _need_clean_version(scan: ScanRecord | None) -> None:
    """The redaction step passes only on an uploaded version whose own scan finds nothing left to act on."""
    from pipelines.report.redact import needs_action

    from .outputs import report_from_dict

    if scan is None or scan.report is None:
        raise BaomiError("conflict", "找不到当前版本的审查结果，请上传脱敏后的新版本")
    left = [f for f in report_from_dict(scan.report).findings if needs_action(f, strict=False)]
    if left:
        kinds = "、".join(dict.fromkeys(labels.type_label(f.type) for f in left))
        raise BaomiError("conflict", f"当前版本仍有 {len(left)} 处需要处理（{kinds}）。脱敏处理须上传脱敏后的新版本，"
                                     "复查干净后才能通过这一步")


def register(sub: SubmissionRecord, user: UserInfo, scan: ScanRecord | None, *, channel: str, url: str,
             published_at: datetime | None, tz: str = "Asia/Shanghai") -> Transition:
    step = _need_in_review(sub, "登记发布")
    if step.get("action") != REGISTER:
        raise BaomiError("conflict", f"尚未审批完毕，当前步骤：{step.get('reason') or step.get('action')}")
    _need_role(step, user)
    if scan is None or scan.verdict == "not_publishable":
        raise BaomiError("conflict", "审查结论为不予公开，不能登记发布；请修改稿件后提交新版本")
    if channel not in CHANNELS:
        raise BaomiError("usage", "发布渠道应为" + "、".join(labels.CHANNELS[c] for c in CHANNELS) + "之一")
    if not url or not url.lower().startswith(("http://", "https://")):
        raise BaomiError("usage", "请填写发布网址（以 http:// 或 https:// 开头）")
    if published_at is None:
        raise BaomiError("usage", "请填写发布时间")
    when = published_at
    if when.tzinfo is None:  # a time typed without a zone is the unit's local time
        when = when.replace(tzinfo=ZoneInfo(tz))
    when = when.astimezone(timezone.utc)  # stored in UTC (SQLite keeps no zone)
    approvers = [a["by"] for a in sub.approvals if a.get("version") == sub.version and a.get("decision") == "approve"
                 and a.get("action") not in OWN_STEPS and a.get("by_id") != sub.created_by]
    approvals = sub.approvals + [_entry(sub, step, user, "register")]
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
    if scan.id == sub.scan_id:
        raise BaomiError("conflict", "这是当前版本的审查结果；请上传修改后的稿件")
    # a new version of a returned draft is its resubmission: the chain restarts at step one
    status = "draft" if sub.status == "draft" else "in_review"
    entry = {"version": sub.version + 1, "decision": "new_version", "by": user.name, "by_id": user.id, "at": _now()}
    return Transition({"version": sub.version + 1, "scan_id": scan.id, "steps": steps_for(scan.report),
                       "step": 0, "status": status, "approvals": sub.approvals + [entry]}, "new_version",
                      {"version": sub.version + 1, "scan_id": scan.id})


def unstaffed(users: list[UserInfo]) -> list[str]:
    """Roles the routing needs that no active account holds: every draft would stop at such a step."""
    have = {u.role for u in users if not u.disabled}
    out = []
    for role in ("section_chief", "leader", "secrecy_officer", "publisher"):
        if role not in have:
            steps = "、".join(labels.STEP_ROLES[r] for r, ur in ROLE_FOR_STEP.items() if ur == role)
            out.append(f"没有{labels.ROLES[role]}（{role}）账号：{steps}的步骤将无人办理")
    return out
