"""Spans the name model proposes that are not names, one class per case (scanner.ner.precision)."""
from __future__ import annotations

import pytest

from scanner.model import Hit
from scanner.ner.precision import keep_people, not_a_name
from scanner.normalize import normalize


def _span(text: str, name: str) -> tuple[str, int, int, frozenset[int]]:
    nt = normalize(text)
    i = nt.text.index(normalize(name).text)
    return nt.text, i, i + len(normalize(name).text), nt.gaps


@pytest.mark.parametrize("text,name", [
    ("南通市生态环境局行政处罚决定书", "南通"),  # a place cut from its unit
    ("发布机构：荣昌区统计局", "荣昌"),
    ("受害人黄某系邵东县黑田铺乡人", "黑田"),
    ("安化县市场监督管理局", "安化县"),  # ends in its unit
    ("郑环罚决字〔2021〕006号", "郑环"),  # the head of a document number
    ("医疗设备一批(宁采招字2011-19号)", "宁采"),
    ("的通知》（巩政办[2023]9号）等文件", "巩政"),
    ("办公室借调人员胡某图省事", "胡某图"),  # a pseudonym with the next verb
    ("并处罚款人民币伍仟元。", "伍仟元"),  # capital numerals
    ("涉密文件数量：绝密____件", "绝密"),  # a level word on a form
    ("来源丨国家保密局", "来源丨"),  # layout
    ("住在新天地的刘女士曾拨打热线", "刘女士"),  # a surname and a form of address
    ("“柯支书不在村上干了”", "柯支书"),
    ("教学楼、多媒体教室、学生宿舍和餐厅", "宿舍"),  # an everyday word glued to the word before
    ("相继建成教师宿舍楼", "宿舍楼"),  # an everyday word and a building
    ("依法处以行政拘留，相关责任人也受到处理", "相关责"),  # a span that cuts 责任
    ("“陈局，被执行人带到了。”", "陈局"),  # a surname and the head of a post
    ("杨进副局长还在司法所等我", "杨进副"),  # the post's 副 glued on
    ("地由其弟郭振平（化名）承包", "郭振平"),  # the text says it is an alias
    ("切实落实“扶智”与“扶志”相结合", "扶智"),  # a slogan in quotation marks
    ("对经济社会及妇女儿童发展作出的贡献", "童发展"),  # 儿|童 + 发展: two words
    ("对学生和家长的关心，我们表示感谢", "和家长"),  # a conjunction (和 is a surname) and a word
])
def test_not_a_name(text, name):
    assert not_a_name(*_span(text, name))


@pytest.mark.parametrize("text,name", [
    ("镇党委书记董铁率队调研", "董铁"),
    ("县长王明出席", "王明"),
    ("王明县长出席会议", "王明"),  # a post, not a county
    ("采购人代表聂小雨、监督人祝和平到场", "祝和平"),  # 和 inside a name
    ("城关镇人民政府　　巴图孟和", "巴图孟和"),
    ("1\t蒙丽娟\t县第一中学", "蒙丽娟"),  # the next column is another cell
    ("侯建华  市发改委", "侯建华"),
    ("赵海洋为区人民政府副区长", "赵海洋"),
    ("会议纪要\n参加人员：葛亮、米兰\n记录：简单", "简单"),  # the same kind of word where a name stands
    ("评标委员会由仲伟、隋海燕、巩固、池明组成", "巩固"),
    ("由东方晓同志主持会议", "东方晓"),  # a compound surname is a frequent word too
    ("局长高峰出席", "高峰"),  # the dictionary knows it as a name
    ("，和平同志主持会议", "和平"),  # 和 as a surname at the head of a clause
])
def test_a_name(text, name):
    assert not not_a_name(*_span(text, name))


def test_a_post_s_fu_glued_to_a_name_is_trimmed_not_the_name_dropped():
    text = "杨进副局长还在司法所等我"
    assert [(h.start, h.end) for h in keep_people(text, [Hit(0, 3, "pii.person", "r")])] == [(0, 2)]


def test_a_class_s_ban_glued_to_a_name_is_trimmed_and_a_grade_is_no_name():
    text = "其中高一（2）班漆琪获国家级一等奖，高二（2）班黄烨然获省级一等奖"
    i = text.index("班漆琪")
    assert [(h.start, h.end) for h in keep_people(text, [Hit(i, i + 3, "pii.person", "r")])] == [(i + 1, i + 3)]
    j = text.index("高二")
    assert keep_people(text, [Hit(j, j + 2, "pii.person", "r")]) == []


def test_an_alias_said_once_is_an_alias_throughout():
    text = "地由其弟郭振平（化名）承包。郭振平则认为荒地在自己承包范围内。"
    a, b = text.index("郭振平"), text.rindex("郭振平")
    assert keep_people(text, [Hit(a, a + 3, "pii.person", "r"), Hit(b, b + 3, "pii.person", "r")]) == []


def test_keep_people_leaves_other_types_alone():
    text = "南通市电话13912345678"
    hits = [Hit(0, 2, "pii.person", "r"), Hit(5, 16, "pii.phone", "r")]
    assert [h.type for h in keep_people(text, hits)] == ["pii.phone"]
