"""Context rules on hand-made model spans: no model needed, every expectation worked out by hand."""
from __future__ import annotations

import pytest

from scanner.model import Hit
from scanner.ner.context import ContextRules, Span


@pytest.fixture(scope="module")
def rules() -> ContextRules:
    return ContextRules.load()


def _spans(text: str, *pieces: tuple[str, str]) -> list[Span]:
    out = []
    for piece, label in pieces:
        i = text.index(piece)
        out.append(Span(i, i + len(piece), label))
    return out


def _judge(rules: ContextRules, text: str, pieces, hits=()):
    found = rules.judge(text, _spans(text, *pieces), list(hits))
    return {(h.type, text[h.start : h.end]): h for h in found}


@pytest.mark.parametrize(
    "text,name",
    [
        ("当事人王某对本决定不服。", "王某"),
        ("经查，张某某未按规定申报。", "张某某"),
        ("经查，曹**未按规定申报。", "曹**"),
        ("社区的陈大爷笑着说。", "陈大爷"),
        ("填写示例：姓名 张三，性别 男。", "张三"),
        ("吉祥物熊大与市民互动。", "熊大"),
        ("弘扬雷锋精神。", "雷锋"),
        ("中山路改造工程年底完工。", "中山"),
        ("或为青年马克思主义者培养对象。", "马克思"),
        ("当事人、诉讼代理人向我院反映诉求。", "向我院"),
        # a season after a year; a village after its town; one of a series of quoted account titles
        ("校舍年久失修，去年秋琳之后更加危险。", "秋琳"),
        ("16:30乘乐陵至孔镇刘集的公交车，在路口下车。", "刘集"),
        ("关闭“群微语”“木舟说”等一批违法账号。", "木舟"),
        ("在售的保健用品（黔卫健用证字【2016】第0002号）。", "黔卫健"),  # a licence number's issuer
        ("地址：海南省??谑忻捞m區白龍南路。", "谑忻"),  # mojibake
        ("办信人员对来信人的具体姓名和联系方式严格保密。", "和联"),  # a conjunction and half of the next word
        ("开户许可证，核准号***，账号***，法定代表人：李四；声明作废。", "李四"),  # a sample with its values starred
    ],
)
def test_not_personal_data(rules: ContextRules, text: str, name: str) -> None:
    assert _judge(rules, text, [(name, "PERSON")]) == {}


def test_a_surname_that_is_also_a_conjunction_after_a_post(rules: ContextRules) -> None:
    text = "金山乡纪委书记和伟介绍，这9个字体现了村委会的做法。"
    assert _judge(rules, text, [("和伟", "PERSON")])[("pii.person", "和伟")].rule == "ner.person.post"


def test_name_inside_organisation_is_dropped(rules: ContextRules) -> None:
    text = "宋庆龄基金会举办活动。"
    assert _judge(rules, text, [("宋庆龄", "PERSON"), ("宋庆龄基金会", "ORG")]) == {}


def test_placeholder_outside_an_example_is_a_name(rules: ContextRules) -> None:
    text = "信访人张三反映拆迁补偿问题。"
    found = _judge(rules, text, [("张三", "PERSON")])
    assert found[("pii.person", "张三")].severity == "high"


@pytest.mark.parametrize(
    "text,name,severity,rule,reason_has",
    [
        ("举报人夏雨反映情况。", "夏雨", "high", "whistleblower", "举报人"),
        ("投诉人夏雨反映情况。", "夏雨", "high", "party", "投诉人"),
        ("被举报人夏雨反映情况。", "夏雨", "high", "party", "被举报人"),
        ("信访人：欧阳明辉，男。", "欧阳明辉", "high", "party", "信访人"),
        ("三年级学生李欣怡获奖。", "李欣怡", "high", "minor", "未成年人"),
        ("患者刘秀兰于3月入院。", "刘秀兰", "high", "health", "医疗健康"),
        ("陈国栋系基督徒。", "陈国栋", "high", "religion", "宗教信仰"),
        ("采集了孙志刚的指纹。", "孙志刚", "high", "biometric", "生物识别"),
        ("王海涛因吸毒被行政拘留。", "王海涛", "high", "criminal", "违法犯罪"),
        ("任命杨帆同志为区教育局副局长。", "杨帆", "info", "post", "职务"),
        ("市长李国华出席会议并讲话。", "李国华", "info", "post", "职务"),
        ("李国华在会上发言。", "李国华", "medium", "person", "个人信息"),
        # a byline alone in brackets at a line's start or end names the writer, not the story's subject
        ("标题\n（陈强）今年以来，检察院全面落实未成年人保护。", "陈强", "info", "byline", "署名"),
        ("会后，考察组约谈了学生代表。（蒲俊霖）\n", "蒲俊霖", "info", "byline", "署名"),
        ("三年级学生（李欣怡）获奖。", "李欣怡", "high", "minor", "未成年人"),
        # an honour list names its pupils: the sentence's honour outranks its 学生
        ("陈芬等150位同学评为“校三好生”，优秀学生干部另行公布。", "陈芬", "info", "news", "表彰"),
    ],
)
def test_person_severity(rules, text, name, severity, rule, reason_has) -> None:
    h = _judge(rules, text, [(name, "PERSON")])[("pii.person", name)]
    assert (h.severity, h.rule) == (severity, f"ner.person.{rule}")
    assert reason_has in h.reason


def test_name_next_to_id_number_is_high(rules: ContextRules) -> None:
    text = "李建国，身份证号410102197503151234。"
    i = text.index("4101")
    hit = Hit(i, i + 18, "pii.id_number", "id")
    h = _judge(rules, text, [("李建国", "PERSON")], [hit])[("pii.person", "李建国")]
    assert h.severity == "high" and "身份证号码" in h.reason


def test_id_number_in_another_sentence_does_not_count(rules: ContextRules) -> None:
    text = "李建国在会上发言。身份证号410102197503151234。"
    i = text.index("4101")
    hit = Hit(i, i + 18, "pii.id_number", "id")
    h = _judge(rules, text, [("李建国", "PERSON")], [hit])[("pii.person", "李建国")]
    assert h.severity == "medium"


def _phone(text: str, number: str, rule: str) -> Hit:
    i = text.index(number)
    return Hit(i, i + len(number), "pii.phone", rule)


@pytest.mark.parametrize(
    "number,rule,severity",
    [
        # a landline is the office's: the contact person of a notice is not made high by it
        ("0731-82345678", "pii.phone.landline", "info"),
        # a mobile is the person's own
        ("13812345678", "pii.phone.mobile", "high"),
    ],
)
def test_contact_person_and_phone(rules: ContextRules, number: str, rule: str, severity: str) -> None:
    text = f"如有异议，请与镇政府联系。联系人：王立新，联系电话：{number}。"
    h = _judge(rules, text, [("王立新", "PERSON")], [_phone(text, number, rule)])[("pii.person", "王立新")]
    assert h.severity == severity


@pytest.mark.parametrize(
    "text,pieces,expected",
    [
        # the column header is the label: 联系人 over a name, 地址 over an office address
        ("单位\t联系人\t地址\n城关镇人民政府\t王立新\t城关镇人民路18号",
         [("王立新", "PERSON"), ("城关镇人民路18号", "LOC")],
         {("pii.person", "王立新"): "info", ("pii.address", "城关镇人民路18号"): "info"}),
        # 家庭住址 over the address: a home address, and its person in the same row is high
        ("姓名\t家庭住址\n常青\t河口镇人民路18号",
         [("常青", "PERSON"), ("河口镇", "LOC"), ("人民路18号", "LOC")],
         {("pii.person", "常青"): "high", ("pii.address", "河口镇人民路18号"): "high"}),
        # a role in the header: 举报人 as in running text
        ("举报人\t反映问题\n夏雨\t噪声扰民", [("夏雨", "PERSON")], {("pii.person", "夏雨"): "high"}),
        # a sensitive column anywhere in the header row makes every name in the table high
        ("姓名\t性别\t病情\n刘秀兰\t女\t稳定", [("刘秀兰", "PERSON")], {("pii.person", "刘秀兰"): "high"}),
        # the same row under a plain header: no judgement either way
        ("姓名\t性别\t备注\n刘秀兰\t女\t无", [("刘秀兰", "PERSON")], {("pii.person", "刘秀兰"): "medium"}),
    ],
)
def test_table_headers_judge_the_cells_under_them(rules: ContextRules, text, pieces, expected) -> None:
    found = _judge(rules, text, pieces)
    assert {k: h.severity for k, h in found.items()} == expected


@pytest.mark.parametrize(
    "text,pieces,expected,severity",
    [
        # pieces merged, rooms absorbed, home cue → high
        ("家住江苏省苏州市姑苏区人民路123号5栋301室。", [("江苏省", "LOC"), ("苏州市", "LOC"), ("姑苏区", "LOC"), ("人民路123号5栋", "LOC")],
         "江苏省苏州市姑苏区人民路123号5栋301室", "high"),
        # village + group, no cue, nobody near → medium
        ("红星村三组修建了水渠。", [("红星村", "LOC")], "红星村三组", "medium"),
        # office address → info; the building name after the door number is not part of it
        ("办公地址：银川市金凤区北京中路168号市民大厦。", [("银川市", "LOC"), ("金凤区", "LOC"), ("北京中路168号", "LOC")],
         "银川市金凤区北京中路168号", "info"),
        # a hidden county before the model's first piece is taken in
        ("经营场所：某县城关镇解放街27号。", [("城关镇", "LOC"), ("解放街27号", "LOC")], "某县城关镇解放街27号", "info"),
        # the model stopped inside a unit
        ("住址：临沂市沂蒙路135号2单元502室。", [("临沂市", "LOC"), ("沂蒙路135号2", "LOC")], "临沂市沂蒙路135号2单元502室", "high"),
    ],
)
def test_address(rules, text, pieces, expected, severity) -> None:
    found = _judge(rules, text, pieces)
    assert list(found) == [("pii.address", expected)]
    assert found[("pii.address", expected)].severity == severity


@pytest.mark.parametrize("text,pieces", [
    ("江苏省苏州市召开会议。", [("江苏省", "LOC"), ("苏州市", "LOC")]),
    ("中山路街道办事处开展活动。", [("中山路", "LOC")]),
    # a community (社区) on a road is a neighbourhood, not a door
    ("家住并州路三社区的王阿姨激动地说。", [("并州路三", "LOC")]),
])
def test_place_names_are_not_addresses(rules, text, pieces) -> None:
    assert _judge(rules, text, pieces) == {}


def test_a_companys_registered_office_under_a_home_label_is_info(rules: ContextRules) -> None:
    text = "当事人：某某科技有限公司\n住所(住址):天津滨海高新区华苑产业区榕苑路6号中联楼三楼\n法定代表人：王某"
    found = _judge(rules, text, [("天津", "LOC"), ("滨海高新区", "LOC"), ("华苑产业区", "LOC"), ("榕苑路6号", "LOC")])
    assert found[("pii.address", "天津滨海高新区华苑产业区榕苑路6号")].severity == "info"


def test_officers_named_in_a_list_with_their_count_keep_their_post_later(rules: ContextRules) -> None:
    text = "值班的冯硕、李伟等三名民辅警接到报警。李伟立即申请对王女士所有银行卡账户紧急止付。"
    i = text.rindex("李伟")
    spans = _spans(text, ("冯硕", "PERSON"), ("李伟", "PERSON")) + [Span(i, i + 2, "PERSON")]
    found = rules.judge(text, spans, [])
    assert {(text[h.start:h.end], h.rule) for h in found} == {
        ("冯硕", "ner.person.post"), ("李伟", "ner.person.post")}


def test_a_table_that_masks_its_numbers_needs_no_redaction(rules: ContextRules) -> None:
    masked = "序号\t姓名\t性别\t身份证号\n1\t葛雨晴\t女\t410322********0628\n2\t萧泽宇\t男\t410311********1013"
    found = _judge(rules, masked, [("葛雨晴", "PERSON"), ("萧泽宇", "PERSON")])
    assert {h.rule for h in found.values() if h.type == "pii.person"} == {"ner.person.person"}
    full = masked.replace("410311********1013", "410311200006181013")
    found = _judge(rules, full, [("葛雨晴", "PERSON"), ("萧泽宇", "PERSON")])
    assert found[("pii.person", "萧泽宇")].rule == "ner.person.row_pii"


def test_a_roster_lines_post_names_that_line_only(rules: ContextRules) -> None:
    text = "荣获模范称号的有：\n李海兰(女,朝鲜族) 吉林省汪清县第四幼儿园园长\n患者：李海兰，女，43岁，住院治疗。"
    i = text.rindex("李海兰")
    spans = _spans(text, ("李海兰", "PERSON")) + [Span(i, i + 3, "PERSON")]
    found = sorted((h.start, h.rule) for h in rules.judge(text, spans, []))
    assert found == [(text.index("李海兰"), "ner.person.post"), (i, "ner.person.health")]


def test_a_post_ending_the_line_above_is_someone_elses(rules: ContextRules) -> None:
    text = "姓名性别单位职务\n上官云飞男县财政局副局长\n金鑫男县审计局科员"
    found = _judge(rules, text, [("上官云飞", "PERSON"), ("金鑫", "PERSON")])
    assert found[("pii.person", "金鑫")].rule != "ner.person.post"


def test_an_official_beside_an_address_does_not_make_it_a_home(rules: ContextRules) -> None:
    text = "社区网格员白茹认出老人是辖区居民，曾在松林路45号见过她。"
    found = _judge(rules, text, [("白茹", "PERSON"), ("松林路45号", "LOC")])
    assert found[("pii.person", "白茹")].rule == "ner.person.post"
    assert found[("pii.address", "松林路45号")].rule != "ner.address.near_person"


@pytest.mark.parametrize("text,rule", [
    # the reported official after 被|举报人 cut by the window's edge, and a name acting on the whistle-blower
    ("违规将举报人信息透露给被举报人——观庄派出所所长赵慧，赵慧随即把举报人带到派出所。", "ner.person.post"),
    ("实名举报人夏雨反映问题。", "ner.person.whistleblower"),
])
def test_who_the_whistle_blower_is(rules: ContextRules, text: str, rule: str) -> None:
    name = "赵慧" if "赵慧" in text else "夏雨"
    spans = [Span(m, m + 2, "PERSON") for m in range(len(text)) if text.startswith(name, m)]
    rules_found = {h.rule for h in rules.judge(text, spans, [])}
    assert rule in rules_found
    assert ("ner.person.whistleblower" in rules_found) is (rule == "ner.person.whistleblower")


def test_a_name_joined_straight_to_an_officials_works_beside_him(rules: ContextRules) -> None:
    text = "监区指导员陈关斌收到一封信。在监舍等陈关斌和刘锦涛忙完，他说石某某在服刑期间表现普通。"
    i, j = text.rindex("陈关斌"), text.index("刘锦涛")
    spans = _spans(text, ("陈关斌", "PERSON")) + [Span(i, i + 3, "PERSON"), Span(j, j + 3, "PERSON")]
    found = rules.judge(text, spans, [])
    assert {(text[h.start:h.end], h.rule) for h in found} == {("陈关斌", "ner.person.post"), ("刘锦涛", "ner.person.post")}


def test_home_address_makes_the_person_high(rules: ContextRules) -> None:
    text = "居民方建华家住南京市玄武区北京东路41号3栋602室。"
    found = _judge(rules, text, [("方建华", "PERSON"), ("南京市", "LOC"), ("玄武区", "LOC"), ("北京东路41号", "LOC")])
    assert found[("pii.address", "南京市玄武区北京东路41号3栋602室")].severity == "high"
    assert found[("pii.person", "方建华")].severity == "high"
    assert "住址" in found[("pii.person", "方建华")].reason


@pytest.mark.parametrize(
    "text,pieces,names",
    [
        # names that are words, found by their position after a role
        ("主持：高山\n出席：田野、温馨", [], ["高山", "田野", "温馨"]),
        ("市民于洋通过热线反映。", [], ["于洋"]),
        # an enumeration with one known name carries the others
        ("评审专家：秦海洋、唐小红、文斌。", [("秦海洋", "PERSON")], ["秦海洋", "唐小红", "文斌"]),
        # a compound surname cut off by the model is completed
        ("任命钟离春为县林业局副局长。", [("钟离", "PERSON")], ["钟离春"]),
        # a roster line glued to the unit after normalisation
        ("侯建华市发改委", [("侯建华市发改委", "PERSON")], ["侯建华"]),
        # an enumeration of mountains has no name in it
        ("黄山、华山、泰山被列入名录。", [], []),
        ("医疗救助对象公示：名单如下。", [], []),
    ],
)
def test_names_found_by_position(rules, text, pieces, names) -> None:
    found = _judge(rules, text, pieces)
    assert sorted(t for (ty, t) in found if ty == "pii.person") == sorted(names)


@pytest.mark.parametrize(
    "text,pieces,names",
    [
        # a name column under a 姓名 header, with a number column before it
        ("序号\t姓名\t学校\n1\t蒙丽娟\t县一中\n2\t黎俊豪\t县二中", [], ["蒙丽娟", "黎俊豪"]),
        # the same under another header; the masked row stays out, the table ends at a line of one cell
        ("户主  村组  人口\n杜桂兰  河口村三组  2\n王某某  柳塘村  1\n以上共三户", [], ["杜桂兰"]),
        # a table with no name header gives nothing by position
        ("序号\t单位\t人数\n1\t常青\t12", [], []),
        # a transliterated name with its dot, as one name, even when the model saw a part only
        ("获奖人员：阿依努尔·吐尔逊、王刚", [("吐尔逊", "PERSON")], ["阿依努尔·吐尔逊", "王刚"]),
        ("热依拉·阿不都同志", [("阿不都", "PERSON")], ["热依拉·阿不都"]),
        # in running text the start of the name is unknown: the rule does not guess it
        ("授予阿依努尔·吐尔逊同志奖章。", [], []),
        # the form of address the model took along is cut off
        ("慕容秀兰女士：", [("慕容秀兰女士", "PERSON")], ["慕容秀兰"]),
        # a list standing on its own line counts from its first item once two names are known
        ("拟资助学生：\n卓玛央金（初二）、次仁拉姆（初一）、格桑曲珍（高一）",
         [("次仁拉姆", "PERSON"), ("格桑曲珍", "PERSON")], ["卓玛央金", "次仁拉姆", "格桑曲珍"]),
        # but the last item of a sentence does not swallow the verb after it (瞿秋组成 is left to the model)
        ("评标委员会由仲伟、隋海燕、池明、瞿秋组成。", [("仲伟", "PERSON"), ("隋海燕", "PERSON")], ["仲伟", "隋海燕", "池明"]),
        # a household roster: the name right after its village group
        ("拟将大坪村四组焦德福、梨树村一组邝玉兰纳入供养范围。",
         [("大坪村", "LOC"), ("梨树村", "LOC"), ("邝玉兰", "PERSON")], ["焦德福", "邝玉兰"]),
        # a city glued to a company after a colon is not a roster line
        ("当事人：南宁市青秀区振宇商贸有限公司", [("南宁市青秀区振宇商贸有限公司", "ORG")], []),
        # surname and title, and a document number, are not names
        ("办公室李主任负责交接。", [("李主任", "PERSON")], []),
        ("×信复〔2024〕18号", [("信复", "PERSON")], []),
        # an appointment verb is a position for a name that is also a word
        ("决定聘任方圆为办公室副主任。", [], ["方圆"]),
    ],
)
def test_names_in_tables_lists_and_forms(rules, text, pieces, names) -> None:
    found = _judge(rules, text, pieces)
    assert sorted(t for (ty, t) in found if ty == "pii.person") == sorted(names)


@pytest.mark.parametrize(
    "text,pieces,expected",
    [
        # a city the model took for an organisation is merged into the address after it
        ("住址：台州市椒江区东山路77弄5号；", [("台州市", "ORG"), ("椒江区", "LOC"), ("东山路77弄5号", "LOC")], "台州市椒江区东山路77弄5号"),
        # a room written with 房
        ("住址：广州市越秀区中山五路193号1502房。", [("广州市", "LOC"), ("越秀区", "LOC"), ("中山五路193号", "LOC")], "广州市越秀区中山五路193号1502房"),
        # a door number in a table cell that the model did not see
        ("被征收人\t房屋坐落\n公孙明德\t府前路9号\t1,402,300", [("公孙明德", "PERSON")], "府前路9号"),
    ],
)
def test_address_pieces_the_model_mislabels_or_misses(rules, text, pieces, expected) -> None:
    found = _judge(rules, text, pieces)
    assert [t for (ty, t) in found if ty == "pii.address"] == [expected]


@pytest.mark.parametrize(
    "text,pieces,expected",
    [
        # an ID column in the table's header: the row's name is high even when the number fails its checksum
        ("序号\t姓名\t身份证号码\n1\t龚大力\t360121198003152716", [("龚大力", "PERSON")], {("pii.person", "龚大力"): "high"}),
        # the same words in running text are not a column: 联系人 stays an office contact
        ("请携带身份证号码复印件，联系人：王立新。", [("王立新", "PERSON")], {("pii.person", "王立新"): "info"}),
        # a post next to the name beats a health cue elsewhere in the sentence; the patient stays high
        ("区长仉德海到区人民医院看望受伤住院的骑手武小军。", [("仉德海", "PERSON"), ("武小军", "PERSON")],
         {("pii.person", "仉德海"): "info", ("pii.person", "武小军"): "high"}),
        # 同志 is not a post: in a petition reply it addresses the petitioner
        ("关于对张晓明同志信访事项的答复意见", [("张晓明", "PERSON")], {("pii.person", "张晓明"): "high"}),
        # every name of a list after a role label takes the role
        ("评标委员会成员：娄建军、糜秀芳、钟国平。", [("娄建军", "PERSON"), ("糜秀芳", "PERSON"), ("钟国平", "PERSON")],
         {("pii.person", "娄建军"): "info", ("pii.person", "糜秀芳"): "info", ("pii.person", "钟国平"): "info"}),
        ("审判长：贡晓燕。", [("贡晓燕", "PERSON")], {("pii.person", "贡晓燕"): "info"}),
        # mascots named in quotes after 吉祥物 are not people
        ("本届旅游节吉祥物“阿福”和“喜妹”将与游客见面。", [("阿福", "PERSON"), ("喜妹", "PERSON")], {}),
        # an address in brackets right after the body's name is the body's office
        ("如需咨询，请至南湖区城市管理局（南湖区府南路99号）。", [("南湖区府南路99号", "LOC")],
         {("pii.address", "南湖区府南路99号"): "info"}),
        # a road section runs to its last door number
        ("自即日起封闭城南区解放路156号至208号段，请绕行。", [("城南区", "LOC"), ("解放路156号", "LOC")],
         {("pii.address", "城南区解放路156号至208号段"): "medium"}),
        # the model cut the name short; the slot after 学生 runs to 获
        ("实验小学五年级学生黎子涵获一等奖。", [("黎子", "PERSON")], {("pii.person", "黎子涵"): "high"}),
    ],
)
def test_judgement_cases_from_the_judgement_study_set(rules: ContextRules, text, pieces, expected) -> None:
    found = _judge(rules, text, pieces)
    assert {k: h.severity for k, h in found.items()} == expected


def test_an_agency_s_short_name_before_bumen_is_no_name():
    from scanner import Scanner
    r = Scanner().scan_text("已立案调查。区卫健部门已进行流调检查，未发现该校学生群体性食品安全事件。")
    assert not [f for f in r.findings if f.type == "pii.person"]


def test_a_list_of_villages_is_no_list_of_people_and_the_head_of_state_is_a_public_name():
    from scanner import Scanner
    sc = Scanner()
    r = sc.scan_text("北园（大杜社）：东田阳、西田阳、大杜社、小杜社、团瓢庄、南小营、姚辛庄、陈各庄、前堰上、后堰上的本市幼儿。"
                     "\n评审专家：宁静、季风、钟华")
    assert [f.text for f in r.findings if f.type == "pii.person"] == ["宁静", "季风", "钟华"]
    r = sc.scan_text("深入学习贯彻习近平考察湖南重要讲话精神，坚持稳中求进工作总基调。")
    assert not [f for f in r.findings if f.type == "pii.person" and f.severity in ("high", "medium")]
