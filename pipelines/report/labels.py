"""Chinese labels for verdicts, finding types, severities and part kinds (what users read)."""

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
    "media.image": "图片（未检查）",
    "media.scanned_page": "扫描页（未检查）",
    "media.unread": "超出读取上限（未检查）",
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
