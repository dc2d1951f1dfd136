"""Chinese labels for verdicts, finding types, severities and part kinds (what users read)."""
from __future__ import annotations

from ..readers.xlsx import col_letter  # one spelling of A1 column letters: the reader's


VERDICTS = {
    "publish": "可以公开",
    "publish_after_redaction": "脱敏后公开",
    "on_request_only": "依申请公开",
    "not_publishable": "不予公开",
    "escalate": "报有权机关确定",
}
SEVERITIES = {"block": "阻断", "high": "高", "medium": "中", "low": "低", "info": "提示"}
TYPES = {
    "marking.classified": "密级标志",
    "marking.restricted": "内部控制标记",
    "marking.withheld": "写明不对外的内容",
    "marking.derived": "派生秘密（转述涉密来源）",
    "marking.example": "举例说明的标志写法",
    "term.internal_document": "内部文稿（文稿本身）",
    "pii.person": "人名",
    "pii.address": "地址",
    "pii.id_number": "身份证号",
    "pii.phone": "电话号码",
    "pii.bank_card": "银行卡号",
    "pii.email": "电子邮箱",
    "pii.plate": "车牌号",
    "pii.passport": "护照号",
    "pii.credit_code": "统一社会信用代码",
    "hidden.tracked_deletion": "修订删除内容",
    "hidden.comment": "批注",
    "hidden.hidden_text": "隐藏文字",
    "hidden.metadata": "文档属性",
    "hidden.under_redaction": "遮盖下的文字",
    "hidden.html_comment": "网页注释",
    "hidden.html_hidden": "网页隐藏内容",
    "hidden.hidden_sheet": "隐藏工作表",
    "hidden.hidden_cells": "隐藏行列",
    "hidden.cell_comment": "单元格批注",
    "media.image": "图片（未检查）",
    "media.scanned_page": "扫描页（未检查）",
    "media.unread": "未读取的内容（图片未识别或超出读取上限）",
    "media.ocr_uncertain": "图片文字识别不确定",
    "media.uncertain_encoding": "文字编码存疑",
    "media.findings_capped": "发现过多（未逐一列出）",
}
KINDS = {
    "body": "正文",
    "header": "页眉",
    "footer": "页脚",
    "table_cell": "表格",
    "sheet_cell": "工作表",
    "footnote": "脚注",
    "endnote": "尾注",
    "comment": "批注",
    "deleted_text": "修订删除",
    "hidden_text": "隐藏文字",
    "metadata": "文档属性",
    "alt_text": "替代文字",
    "html_hidden": "网页隐藏内容",
    "html_comment": "网页注释",
    "link": "链接",
    "attachment": "附件",
    "page_top": "页面顶部",
    "title": "标题",
    "textbox": "文本框",
    "image": "图片",
    "ocr": "图片文字",
    "meta": "网页元信息",
    "hidden_range": "隐藏区域",
    "hidden_cells": "隐藏单元格",
    "under_redaction": "遮盖下的文字",
    "scanned_page": "扫描页",
    "annotation": "PDF 批注",
    "form_field": "表单域",
    "image_unread": "图片（未识别）",
    "ocr_doubt": "图片（识别不确定）",
}


# Lexicon categories (term.<category>) that have a Chinese name; others show as written.
TERM_CATEGORIES = {
    "personnel": "干部人事",
    "state_secret_scope": "国家秘密范围事项",
    "classified_meeting": "涉密会议活动",
    "classified_activity": "涉密会议活动",
    "classified_carrier": "国家秘密载体",
    "commercial_secret": "商业秘密",
    "disclosure_control": "公开属性",
    "meeting_record": "内部会议记录",
    "process_document": "过程稿",
    "sensitive_personal": "敏感个人信息",
}


def type_label(t: str) -> str:
    if t in TYPES:
        return TYPES[t]
    if t.startswith("term."):
        return "敏感词：" + TERM_CATEGORIES.get(t[5:], t[5:])
    return t


# The people who act on a draft (user roles) and what the routing steps ask of them.
ROLES = {
    "section_chief": "科长（提出公开的科室）",
    "leader": "分管领导",
    "secrecy_officer": "保密工作负责人",
    "publisher": "发布科室",
    "admin": "管理员",
}
ROLE_DUTIES = {
    "section_chief": "上传稿件、自审、脱敏处理、送审、提交新版本；不能审批自己送审的稿件",
    "leader": "审批所分管部门的送审稿（同意或退回）；单位主要负责人签字也由此角色办理",
    "secrecy_officer": "办理解密、确定密级、保密签字和报上级机关批准的记录；查看审计日志",
    "publisher": "在审批完成后登记发布渠道、网址和发布时间（发布登记簿）",
    "admin": "管理账号；查看审计日志",
}
ACTIONS = {
    "self_review": "自审",
    "redact": "脱敏处理",
    "approve": "审批",
    "sign_off": "签字同意",
    "determine_classification": "确定是否属于国家秘密及密级",
    "declassify": "解密",
    "register_publication": "发布登记",
}
STEP_ROLES = {
    "section_chief": "提出公开的科室科长",
    "leader_in_charge": "分管领导",
    "principal_leader": "单位主要负责人",
    "secrecy_officer": "保密工作负责人",
    "higher_authority": "上级机关",
    "secrecy_bureau": "有权定密的上级机关或保密工作部门",
    "classifying_unit": "原定密单位（科室）",
    "publisher": "发布科室",
}
CHANNELS = {"website": "政府网站", "weibo": "政务微博", "wechat": "微信公众号", "unspecified": "未定"}
FINDING_ACTIONS = {"remove": "删除", "redact": "脱敏", "escalate": "报有权机关确定", "confirm": "人工核对"}
STATUS = {"draft": "未送审", "in_review": "审批中", "returned": "已退回", "published": "已发布"}
NOTHING_FOUND = "未发现需要处理的内容。"


def effective_action(f) -> str:
    """What to do about a finding, agreeing with its severity.

    A name judged ``info`` or ``low`` ("一般可以公开") is not masked: saying
    "脱敏" beside "可以公开" tells the reader two things at once.
    """
    if f.action == "redact" and f.severity in ("low", "info"):
        return "confirm"
    return f.action


def verdict_reason(reason: str, active: int) -> str:
    """The verdict's reason, without claiming nothing was found above a list of findings."""
    if active and reason.startswith(NOTHING_FOUND):
        return f"发现的 {active} 处均为提示或低级别，不影响公开；请逐项核对。" + reason[len(NOTHING_FOUND):]
    return reason




def where(part, start: int = 0) -> str:
    """A Chinese location a person can find: 第3页、正文第5段、工作表“名单”C3."""
    if part is None:
        return ""
    loc = part.location or {}
    kind = KINDS.get(part.kind, part.kind)
    bits = []
    if part.page:
        bits.append(f"第{part.page}页")
    if loc.get("sheet") is not None:
        cell = ""
        for ref, pos in loc.get("cells") or []:
            if pos <= start:
                cell = ref
        name = f"工作表“{loc['sheet']}”"
        bits.append(f"{name}{cell}" if cell else name)
        if part.kind != "sheet_cell":
            bits.insert(0, kind)
        return "".join(bits) if len(bits) == 1 else "，".join(bits)
    if isinstance(loc.get("table"), int) and isinstance(loc.get("row"), int):
        col = loc.get("col") or loc.get("cell")
        bits.append(f"第{loc['table']}个表格第{loc['row']}行" + (f"第{col}列" if isinstance(col, int) else ""))
    elif isinstance(loc.get("p"), int):
        bits.append(f"{kind}第{loc['p'] + 1}段")
    elif isinstance(loc.get("block"), int):
        bits.append(f"{kind}第{loc['block']}段")
    else:
        bits.append(kind)
    return "，".join(b for b in bits if b)


# What each finding asks of the reviewer in this document (scanner.policy.DISPOSITIONS).
DISPOSITIONS = {
    "block": "不得公开",
    "escalate": "报有权机关确定",
    "redact": "须脱敏",
    "confirm": "请确认",
    "note": "提示，不影响公开",
}


def reading_line(reading) -> str:
    """文稿类型 as the reviewer sees it: what baomi took the document to be, and why (or that the user said so)."""
    if reading.overridden:
        return f"文稿类型：{reading.genre}（由用户指定）"
    if not reading.family:
        return "文稿类型：未能识别（按一般文稿判断）"
    why = "；".join(reading.evidence[:3])
    return f"文稿类型：{reading.genre}（{why}）" if why else f"文稿类型：{reading.genre}"
