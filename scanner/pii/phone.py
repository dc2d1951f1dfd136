"""电话号码: mainland mobiles (1[3-9]x + 8 digits) and landlines with an area code.

Mainland numbering makes the area code unambiguous: 010 and 02x are the
only three-digit codes, every other code is 0[3-9]xx, and local numbers
never start with 0 or 1.  So a landline written without a separator can be
split without guessing; it still needs a word like 电话 nearby, because an
unbroken 11-12 digit run starting with 0 is as often a serial number.
"""
from __future__ import annotations

import re

from ..model import Hit
from .base import DASHES, Verdict, is_ascii_digits, masked_shape, near
from .credit_code import ALPHABET

TYPE = "pii.phone"

MOBILE_LAYOUTS = ((11,), (3, 4, 4))
_MOBILE_HEADS = frozenset(f"1{d}" for d in "3456789")
PREFIXES = ("86", "0086")
PHONE_WORDS = re.compile(r"电话|手机|传真|联系|热线|座机|号码|tel|phone|fax", re.IGNORECASE)
AMOUNT_AFTER = re.compile(r"\s?(?:元|万|亿|%|‰)")
AREA_BEFORE = re.compile(r"(?:\((0\d{2,3})\) ?|(?<!\d)(0\d{2,3})[-—–]{2})$")  # (0571)8701 2366, 0738--5617000
# (+86) written before a mobile belongs to it: （+86）139 5717 6620
PREFIX_BEFORE = re.compile(r"\(\+?(?:86|0086)\) ?$")
# A number written right after a phone label (联系电话：87633635) is a phone even without its area code.
LABEL_BEFORE = re.compile(
    r"(?:电话|手机|传真|热线|座机|联系方式|tel|fax)\s*(?:号码)?\s*[:：]?\s*"
    r"(?:\d[\d\-—]{5,}\s*(?:[(（][^)）\n]{1,8}[)）])?\s*[，,、/;；]{1,2}\s*)?$"  # 65808527(总院),;65888538
    r"|(?:电话|致电|热线)[^。，,；;\n\d]{0,10}[(（]\s*$",  # 打电话到交通局(7212695)
    re.IGNORECASE,
)
# A second local number after a full landline shares its area code: 0571-87012388、87012399
SECOND_NUMBER = re.compile(r"0\d{2,3}\s*[-—(（)）]?\s*\d{7,8}\s*[、/,，;；]\s*$")
# Short service numbers (12345 政务热线, 12388 纪检举报, 12380 组织部举报) dialled with an area code.
HOTLINES = frozenset({"12345", "12388", "12380", "12315", "12369", "12333", "12366", "12348", "12319", "12350",
                      "12320", "12358", "12365", "12336", "12306", "12398", "110", "119", "120", "122"})
# Labels of an office's contact line: the number there is given out for the public to call.
CONTACT_BEFORE = re.compile(
    r"(?:联系电话|联系方式|联系手机|咨询电话|举报电话|监督电话|投诉电话|服务热线|热线电话|值班电话|办公电话|报名电话"
    r"|移动电话|受理电话|工作电话|咨询热线|举报热线|联系热线|新闻热线|客服电话|服务电话|微信号|(?i:phone|tel|mobile)"
    r"|[\u4e00-\u9fff]{0,8}(?:专线|热线)"  # 医疗服务专线:166……, 防疫咨询热线
    # 有关问题可咨询外事办高老师（65981057/ 138……）; not 请联系患者家属（138……）
    r"|(?:可咨询|请咨询|咨询|请联系|可联系)(?:(?!家属|患者|本人|户主|村民|居民|学生|家长|当事人|申请人)[^。\n]){0,20}?[(（]"
    r"|联系人(?:及(?:联系)?(?:方式|电话))?[:：]?[\u4e00-\u9fff·]{2,4}\s*[，,、]?\s*(?:电话|手机)?"
    r"|电话|(?:举报|反映|咨询|联系方式|联系我们|巡视组|巡察组|督导组|督查组|监督组|检查组|指导组|工作组|短信)[^。\n]{0,45}?(?:手机|电话)(?:号码)?(?:为|是)?\s*[(（]?)"
    # an earlier number of the same line may stand between: 办公电话0578-6104470，手机…; 0894-3322170（工作日）、…
    r"\s*[:：|｜]?\s*(?:[(（]?\d[\d\-—()（） ]{5,}\s*(?:[(（][^)）\n]{1,16}[)）])?(?:\s*[，,、/|｜]\s*|\s+)"
    r"(?:手机|电话|移动电话|座机|传真)?\s*[:：]?\s*)?\s*[|｜]?\s*$"
)
ROW_REACH = 160
# the shape of a 统一社会信用代码 in GB 32100's alphabet (credit_code.py checks the code itself)
_CREDIT_CODE = re.compile(rf"(?<![0-9A-Z])[{ALPHABET}]{{2}}\d{{6}}[{ALPHABET}]{{10}}(?![0-9A-Z])")
_BARE_LABEL = re.compile(r"^\s*(?:手机|电话|移动电话|座机)\s*[:：]?\s*$")
_CONTACT_HEADING = re.compile(r"联系我们|联系方式|联系电话|举报电话|监督电话|投诉电话|咨询电话|CONTACT", re.I)
# A line that only names an office (西岗区疾控中心): in a flattened table of offices and their numbers, the
# number on the next line is that office's.  Lines of numbers or of hours (（8:30~16:30）) may stand between.
_OFFICE_LINE = re.compile(r"^[\u4e00-\u9fff（）()]{2,20}?(?:中心|局|站|所|院|办|办公室|委员会|委|队|科|处|公司|卫生院|社区|"
                          r"街道|政府|大厅|窗口|服务台)\s*[:：]?\s*$")
_FILLER_LINE = re.compile(r"^[\d\s\-—、，,/()（）:：~～]*$")
# the cell right before a number in a row laid out with bars: | 赵官镇中心卫生院 | 135……
_CELL_BEFORE = re.compile(r"[|｜]\s*([^|｜\n]{2,24}?)\s*[|｜]\s*$")
_NUMBERS_BEFORE = re.compile(r"[\d\s\-—、，,/()（）]*")
# ... unless the line is about a private person (a roster row, a petitioner, a household).
PRIVATE_BEFORE = re.compile(
    r"户主|申请人|信访人|举报人|投诉人|当事人|患者|家属|本人|监护人|身份证|家庭住址|住址|低保|特困|救助|补助|补贴|残疾"
    r"|被执行人|学生|家长|村民|居民|困难|来电人|来信人|来访人|诉求人|反映人|求助人|报警人|咨询人|留言人|网民|业主"
)
EXTENSION_AFTER = re.compile(r" ?(?:转|分机|ext\.? ?)\d{1,5}(?![0-9A-Za-z])", re.IGNORECASE)


def is_mobile(digits: str) -> bool:
    return len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789" and is_ascii_digits(digits)


def area_ok(code: str) -> bool:
    if not is_ascii_digits(code) or code[:1] != "0":
        return False
    if len(code) == 3:
        return code == "010" or code[1] == "2"
    return len(code) == 4 and code[1] in "3456789"


def local_ok(number: str) -> bool:
    return 7 <= len(number) <= 8 and number[0] in "23456789" and is_ascii_digits(number)


def split_area(digits: str) -> tuple[str, str]:
    """Where an unbroken landline splits: after 3 digits for 010/02x, after 4 for the rest."""
    n = 3 if digits[:3] == "010" or digits[:2] == "02" else 4
    return digits[:n], digits[n:]


def check(chars: str, lens: tuple[int, ...], text: str, start: int, end: int) -> Verdict | None:
    if AMOUNT_AFTER.match(text, end):
        return None
    v = _mobile(chars, lens, text, start, end)
    return v if v is not None else _landline(chars, lens, text, start, end)


def _mobile(chars: str, lens: tuple[int, ...], text: str, start: int, end: int) -> Verdict | None:
    prefix = ""
    if lens[0] in (2, 4) and len(lens) > 1 and chars[: lens[0]] in PREFIXES:
        prefix, chars, lens = chars[: lens[0]], chars[lens[0] :], lens[1:]
    elif lens == (13,) and chars[:2] == "86":
        prefix, chars, lens = "86", chars[2:], (11,)
    if lens not in MOBILE_LAYOUTS:
        return None
    if is_mobile(chars):
        rule = "pii.phone.mobile"
        masked = False
    elif "*" in chars and chars[:2] in _MOBILE_HEADS and masked_shape(chars, 11, keep=3):
        rule = "pii.phone.mobile_masked"
        masked = True
    else:
        return None
    if prefix and start > 0 and text[start - 1] == "+":
        start -= 1
    m = PREFIX_BEFORE.search(text, max(0, start - 8), start)
    if m is not None:
        start = m.start()
    if not masked and in_contact_line(text, start):
        rule = "pii.phone.mobile_contact"
    return Verdict(TYPE, rule, masked=masked, span=(start, end))


def _line_start(text: str, pos: int) -> int:
    """Where the line holding ``pos`` starts, looking back at most ROW_REACH characters."""
    lo = max(0, pos - ROW_REACH)
    found = text.rfind("\n", lo, pos)
    return found + 1 if found >= 0 else lo


# the header of a roster of people on duty for the public (防汛责任人, 河长, 网格员, 值班领导 … | 联系电话)
_ROSTER_HEAD = re.compile(
    r"(?:责任人|负责人|联系人|河长|湖长|林长|网格员|包村干部|包保干部|值班领导|值班人员|联络员|信息员)[^\n]{0,40}?"
    r"(?:联系电话|联系方式|电话)"
)
ROSTER_REACH = 800  # how far above a row its header may stand: bounded, so a long table stays linear


def _duty_roster(text: str, line_start: int) -> bool:
    """The row sits under a header naming people on duty and their phones, and no private person's."""
    lo = max(0, line_start - ROSTER_REACH)
    for m in _ROSTER_HEAD.finditer(text, lo, line_start):
        # the header's line, but never beyond the window: on one long line rfind finds no break, and a
        # slice from the start of the text for every number would cost the square of the line
        head_start = max(lo, text.rfind("\n", lo, m.start()) + 1)
        head_end = text.find("\n", m.end(), line_start)
        header = text[head_start : head_end if head_end >= 0 else line_start]
        # a column of someone's 手机 (带班领导手机) holds their own numbers, not the duty line's
        if PRIVATE_BEFORE.search(header) is None and "手机" not in header:
            return True
    return False


def in_contact_line(text: str, start: int) -> bool:
    """A mobile given out in an office's contact line (联系电话：…, 举报电话：…), not a private person's row.

    Published notices list a project contact's or an inspection team's mobile
    for the public to call; that is a work number, not private data.  The
    label must stand right before the number on its own line, and the line
    must not be about a private person.
    """
    # every look is bounded to ROW_REACH around the number: one long line with many numbers stays linear
    line_start = _line_start(text, start)
    first_in_line = _NUMBERS_BEFORE.fullmatch(text, line_start, start) is not None
    if first_in_line and _office_above(text, line_start):
        return True  # 西岗区疾控中心⏎153……: a flattened table of offices and their numbers
    if line_start > 0 and first_in_line:
        # a web page's label and value in separate elements: 手机：⏎13370586258 reads as the label's line
        line_start = _line_start(text, line_start - 1)
    lo = max(line_start, start - 60)
    head = text[lo:start]
    line_end = text.find("\n", start, start + ROW_REACH)
    row = text[max(line_start, start - ROW_REACH) : line_end if line_end >= 0 else start + ROW_REACH]
    if _CREDIT_CODE.search(row) and PRIVATE_BEFORE.search(row) is None:
        return True  # a table row of a company (成交供应商 | 信用代码 | 联系电话): the company's number
    if _duty_roster(text, line_start):
        return True  # a column of 联系电话 under 责任人, 河长, 值班领导: the duty numbers a roster gives out
    cell = _CELL_BEFORE.search(text, line_start, start)
    if cell is not None and _OFFICE_LINE.match(cell.group(1)) and PRIVATE_BEFORE.search(cell.group(1)) is None:
        return True  # | 赵官镇中心卫生院 | 135…… |: a table of offices and their numbers
    if "\t" in head:
        return False
    if CONTACT_BEFORE.search(head) is None:
        # 联系我们⏎手机：⏎133……: a bare label under a contact heading, in a page's contact block
        if not _BARE_LABEL.match(head) or line_start == 0:
            return False
        above = text[_line_start(text, line_start - 1) : line_start]
        if _CONTACT_HEADING.search(above) is None:
            return False
    # the private person must be in the same sentence: 请报身份证号码。联系人：…… is about what to send
    near = max(0, start - 60)
    # a bracket opens a parenthesis about the office (到市发改局(地址：……，联系电话：……)) as a full stop would
    clause = max(line_start, near, *(text.rfind(ch, near, start) + 1 for ch in "。；;！？(（"))
    return PRIVATE_BEFORE.search(text, clause, start) is None


# A heading over a list or a table's header row that names a phone column (联系电话, 咨询电话, 联系方式)
_PHONE_HEADING = re.compile(r"电话|联系方式|热线")
LIST_REACH = 1200  # how far above a bare number its list's heading may stand
# a date with its separators lost (2016520, 20191122): in a list it is the day of a row, not a number to call
_DATE_DIGITS = re.compile(r"(?:19|20)\d{2}(?:0?[1-9]|1[0-2])(?:0?[1-9]|[12]\d|3[01])")


def _in_phone_list(text: str, start: int, end: int) -> bool:
    """A local number alone in its line (a cell of a flattened table, a line under an office's name) below a
    heading or header row that names a phone column, or right under an office's name: 西岗区疾控中心⏎84602720."""
    line_start = _line_start(text, start)
    line_end = text.find("\n", end, end + ROW_REACH)
    line_end = line_end if line_end >= 0 else min(len(text), end + ROW_REACH)
    if not (_NUMBERS_BEFORE.fullmatch(text, line_start, start) and _FILLER_LINE.match(text[end:line_end])):
        return False
    if _DATE_DIGITS.fullmatch(text, start, end):
        return False
    if _office_above(text, line_start):
        return True
    return _PHONE_HEADING.search(text, max(0, line_start - LIST_REACH), line_start) is not None


def _office_above(text: str, line_start: int) -> bool:
    """The nearest line above, past at most two lines of numbers or hours, names an office alone."""
    for _ in range(3):
        if line_start == 0:
            return False
        above = _line_start(text, line_start - 1)
        line = text[above:line_start - 1]
        if _OFFICE_LINE.match(line) and PRIVATE_BEFORE.search(line) is None:
            return True
        if not _FILLER_LINE.match(line):
            return False
        line_start = above
    return False


def _landline(chars: str, lens: tuple[int, ...], text: str, start: int, end: int) -> Verdict | None:
    confidence = 1.0
    local_only = 7 <= len(chars) <= 8 and len(lens) <= 2
    m = AREA_BEFORE.search(text, max(0, start - 7), start) if local_only else None
    if m is not None:  # (0571)8701 2366
        area, local, start = m.group(1) or m.group(2), chars, m.start()
    elif (len(lens) == 3 and area_ok(chars[: lens[0]]) and lens[1] >= 3 and lens[1] + lens[2] in (7, 8)
          and text[end - lens[2] - 1] == " " and text[start + lens[0]] in DASHES):
        area, local = chars[: lens[0]], chars[lens[0]:]  # 0731-8452 6617: the local part grouped by a space
    elif len(lens) in (2, 3) and not (local_only and not area_ok(chars[: lens[0]])):
        area, local = chars[: lens[0]], chars[lens[0] : lens[0] + lens[1]]
        # A third group is an extension only when dashed on (010-12345678-801),
        # not a number that happens to follow after a space.
        if len(lens) == 3 and not (1 <= lens[2] <= 5 and text[end - lens[2] - 1] in DASHES):
            return None
    elif len(lens) == 1 and 11 <= lens[0] <= 12 and chars[:1] == "0":
        area, local = split_area(chars)
        if not near(text, start, end, PHONE_WORDS, before=12):
            return None
        confidence = 0.9
    elif local_only and local_ok(chars) and (
        LABEL_BEFORE.search(text, max(0, start - 24), start) or SECOND_NUMBER.search(text, max(0, start - 20), start)
        or _in_phone_list(text, start, end)
    ):
        return Verdict(TYPE, "pii.phone.landline", confidence=0.9, span=(start, end))  # 联系电话：87633635
    else:
        return None
    if len(lens) == 2 and area_ok(area) and local in HOTLINES:
        return Verdict(TYPE, "pii.phone.landline", span=(start, end))  # 0594-12388: a hotline with its area code
    if not (area_ok(area) and local_ok(local)):
        return None
    ext = EXTENSION_AFTER.match(text, end)
    if ext is not None:
        end = ext.end()
    return Verdict(TYPE, "pii.phone.landline", confidence=confidence, span=(start, end))


_DOTTED = re.compile(r"(?<![0-9.])1[3-9][0-9]\.[0-9]{4}\.[0-9]{4}(?![0-9.])")


def find_dotted(text: str) -> list[Hit]:
    """Mobiles written with dots (138.0013.8000): the digit-run pass treats a dot as a decimal point."""
    out = []
    for m in _DOTTED.finditer(text):
        rule = "pii.phone.mobile_contact" if in_contact_line(text, m.start()) else "pii.phone.mobile"
        out.append(Hit(m.start(), m.end(), TYPE, rule))
    return out
