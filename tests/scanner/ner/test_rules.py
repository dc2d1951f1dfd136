"""Every pattern rule in lexicons/ner/context.yaml carries samples; run them all."""
from __future__ import annotations

import re

import pytest
import yaml

from scanner.rules import default_dir

DATA = yaml.safe_load((default_dir() / "ner" / "context.yaml").read_text(encoding="utf-8"))


def _pattern_rules():
    for section in ("person", "address"):
        for key, rule in DATA[section].items():
            if isinstance(rule, dict) and "samples" in rule and "pattern" in rule:
                yield f"{section}.{key}", rule


@pytest.mark.parametrize("rid,rule", list(_pattern_rules()), ids=lambda x: x if isinstance(x, str) else "")
def test_pattern_samples(rid: str, rule: dict) -> None:
    rx = re.compile(rule["pattern"])
    assert rule["samples"]["hit"] and rule["samples"]["miss"], rid
    for s in rule["samples"]["hit"]:
        assert rx.search(s), (rid, s)
    for s in rule["samples"]["miss"]:
        assert not rx.search(s), (rid, s)


def _cue_rules():
    for section in ("person",):
        for level in ("high", "info"):
            for rule in DATA[section][level]:
                if "samples" in rule and rule.get("cues"):
                    yield rule["id"], rule


@pytest.mark.parametrize("rid,rule", list(_cue_rules()), ids=lambda x: x if isinstance(x, str) else "")
def test_cue_samples(rid: str, rule: dict) -> None:
    rx = re.compile("|".join(map(re.escape, rule["cues"])))
    for s in rule["samples"]["hit"]:
        assert rx.search(s), (rid, s)
    for s in rule["samples"]["miss"]:
        for longer in rule.get("except_words", ()):  # 被举报人 holds 举报人 without being one
            s = s.replace(longer, "")
        assert not rx.search(s), (rid, s)


def test_list_rules_have_no_overlap_with_names_they_must_not_hide() -> None:
    p = DATA["person"]
    # a placeholder must never also be a public figure: the two are reported differently in notes
    assert not set(p["placeholder"]["names"]) & set(p["public"]["names"])
    assert len(set(p["surnames"]["single"])) == len(p["surnames"]["single"])


def _own_samples():
    for rule in DATA["person"]["high"]:
        for text, name, who in rule.get("own_samples", ()):
            yield rule["id"], text, name, who


@pytest.mark.parametrize("rid,text,name,who", list(_own_samples()))
def test_a_name_with_its_own_role_is_not_the_subject_of_the_sentence_cue(rid, text, name, who) -> None:
    from scanner.ner.context import ContextRules
    rule = next(r for r in ContextRules.load().person_high if r.id == rid)
    s = text.index(name)
    assert rule.named_as_other(text, s, s + len(name), 0, len(text)) == (who == "other")
