"""One error shape for the CLI, the API, batch records and logs.

Every error a user can meet has a stable code and a Chinese message that
says what to do.  Messages name the file, never its content: drafts may be
secret, and an error message ends up in logs and terminals.
"""
from __future__ import annotations

import logging
import secrets
import traceback
from typing import Any

# code -> (default message, what the user should do)
CODES: dict[str, tuple[str, str]] = {
    "usage": ("用法错误", "运行 baomi --help 查看用法"),
    "not_found": ("文件不存在", "检查文件路径"),
    "empty": ("文件为空", "确认上传的是正确的文件"),
    "too_large": ("文件超过大小上限", "拆分文件，或用 --max-bytes 调高上限"),
    "unsupported_format": ("不支持的文件格式", "另存为 docx、pdf、html、xlsx 或 txt 后再审查"),
    "corrupt": ("文件已损坏，无法读取", "用原程序打开并另存后再审查"),
    "encrypted": ("文件已加密或需要密码", "去除密码保护后再审查"),
    "zip_bomb": ("压缩内容异常（解压后过大或压缩比异常），已拒绝读取", "确认文件来源，另存为正常文件后再审查"),
    "unsafe_xml": ("文件含有不安全的 XML 实体定义，已拒绝读取", "用原程序另存后再审查"),
    "encoding": ("无法识别文本编码", "将文件另存为 UTF-8 编码后再审查"),
    "binary": ("文件不是文本（内容为二进制数据）", "确认文件类型，或另存为 txt/docx 后再审查"),
    "needs_libreoffice": ("旧版 Office/WPS 文件需要 LibreOffice 转换", "安装 LibreOffice（libreoffice-core），或另存为 docx/xlsx 后再审查"),
    "conversion_failed": ("旧版文件转换失败或超时", "用原程序另存为 docx/xlsx 后再审查"),
    "lexicon": ("词库文件有误", "按提示修改词库文件"),
    "policy": ("策略文件有误", "按提示修改策略文件"),
    "model": ("模型无法加载", "检查 --ner-model 路径，或用 --no-ner 跳过模型"),
    "fetch": ("无法获取网页", "检查网址或稍后重试"),
    "timeout": ("处理超时", "稍后重试，或拆分文件"),
    "config": ("配置有误", "按提示设置环境变量或启动参数"),
    "auth": ("未登录或凭据无效", "重新登录，或检查 API 令牌"),
    "forbidden": ("当前角色无权执行此操作", "请由审批流程当前步骤对应角色的用户操作"),
    "no_such": ("记录不存在", "检查编号；只能查看本部门（或分管部门）的记录"),
    "conflict": ("当前状态不允许此操作", "刷新后按审批流程的当前步骤操作"),
    "draft_not_kept": ("服务器未保存原稿，无法生成此文件", "重新上传原稿，或由管理员开启保存原稿设置（--keep-drafts）"),
    "purged": ("记录已超过保存期限并被清除", "重新上传原稿审查"),
    "interrupted": ("审查因服务重启而中断", "重新提交审查"),
    "special_file": ("不是普通文件（目录、命名管道或设备），已拒绝读取", "指定一个普通文件"),
    "worker_lost": ("审查进程意外退出（文件可能过大或内存不足），本次审查未完成", "重新提交；如反复出现，请拆分文件或将错误编号报告给维护人员"),
    "internal": ("内部错误", "请将错误编号报告给维护人员"),
}


class BaomiError(Exception):
    """An error about one input or one setting, safe to show to the user."""

    def __init__(self, code: str, detail: str = "", *, name: str | None = None) -> None:
        if code not in CODES:
            code = "internal"
        self.code = code
        self.detail = detail
        self.name = name
        super().__init__(self.message)

    @property
    def message(self) -> str:
        base, todo = CODES[self.code]
        text = base + (f"：{self.detail}" if self.detail else "")
        return f"{text}。{todo}。"

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message}

    def record(self) -> dict[str, Any]:
        """The error record a batch or multi-file run prints in place of a report."""
        return {"document": {"name": self.name or "-"}, "error": self.to_dict()}

    def line(self) -> str:
        """One line for a terminal: name, code, message."""
        where = f"{printable(self.name)}: " if self.name else ""
        return f"baomi: {where}[{self.code}] {self.message}"


def printable(text: str) -> str:
    """A file name as one safe line: control characters (newlines, ANSI escapes) and undecodable bytes escaped.

    A name is chosen by whoever made the file or the site; printed raw, a
    newline in it can forge a second error line and an ESC sequence can
    rewrite the terminal.  Bytes that were not valid UTF-8 arrive as lone
    surrogates (``surrogateescape``) and are shown as backslash-x escapes.
    """
    out = []
    for ch in text:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:
            out.append(f"\\x{o - 0xDC00:02x}")
        elif 0xD800 <= o <= 0xDFFF:
            out.append(f"\\u{o:04x}")
        elif o < 0x20 or 0x7F <= o < 0xA0 or o in (0x2028, 0x2029) or 0x202A <= o <= 0x202E or 0x2066 <= o <= 0x2069:
            out.append(repr(ch)[1:-1] if o < 0x100 else f"\\u{o:04x}")
        else:
            out.append(ch)
    return "".join(out)


def internal_error(exc: BaseException, logger: logging.Logger | None = None, *, name: str | None = None) -> BaomiError:
    """An unexpected exception as the one error shape, with an id that is also written to the log.

    The log line names the exception type and where it was raised (file and
    line, innermost first), never its message: messages of parser errors
    quote the input, and the input may be a secret draft.
    """
    eid = secrets.token_hex(4)
    frames = traceback.extract_tb(exc.__traceback__)[-6:]
    where = " < ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}" for f in reversed(frames)) or "-"
    (logger or logging.getLogger("baomi")).error("internal error %s: %s at %s", eid, type(exc).__name__, where)
    return BaomiError("internal", f"错误编号 {eid}", name=name)
