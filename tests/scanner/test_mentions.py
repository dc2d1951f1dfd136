"""Personnel words that name no one (scanner.mentions), and what the policy makes of them."""
from __future__ import annotations

import pytest

from scanner import Document, Scanner
from scanner.mentions import generic_personnel
from scanner.model import Hit


def _hits(text: str, term: str, people: list[str]) -> list[Hit]:
    i = text.index(term)
    hits = [Hit(i, i + len(term), "term.personnel", f"term.personnel:{term}")]
    hits += [Hit(text.index(p), text.index(p) + len(p), "pii.person", "ner.person") for p in people]
    return hits


@pytest.mark.parametrize("text,term,people,generic", [
    ("根据多数党员意见提出下届委员会组成人员候选人初步人选；对初步人选进行考察。主要负责同志要加强督促。", "初步人选", [], True),
    ("经研究，确定以下同志为考察对象：\n张建国　县财政局副局长\n李红梅　县教育局副局长", "考察对象", ["张建国", "李红梅"], False),
    ("拟提拔王某为办公室主任。", "拟提拔", [], False),  # a pseudonym is someone
    ("请将拟推荐人选于周五前报组织部，刘建军同志负责汇总。", "拟推荐人选", [], False),
])
def test_a_personnel_word_is_generic_only_with_nobody_near(text, term, people, generic):
    assert bool(generic_personnel(text, _hits(text, term, people))) is generic


def test_a_procedure_page_is_not_blocked_a_draft_naming_candidates_is():
    sc = Scanner()
    procedure = sc.scan(Document.from_text(
        "党支部换届选举工作流程\n一、召开支委会，研究筹备事项，提出下届委员会候选人初步人选。\n"
        "二、对初步人选进行考察，报上级党组织审批。"))
    draft = sc.scan(Document.from_text(
        "关于班子调整的初步考虑\n经酝酿，初步人选为张建国、李红梅两名同志，拟于下周上会研究。"))
    assert procedure.verdict != "not_publishable"
    assert {f.decided_by for f in procedure.findings if f.type == "term.personnel"} == {"generic_personnel_mention"}
    assert draft.verdict == "not_publishable"
