"""The one object that does the work: parts in, findings, verdict and routing out.

``cli/``, ``api/`` and ``pipelines/`` build a :class:`Scanner` once (loading
lexicons and building the automaton is the only costly step) and hand it
documents.  Detectors are pure functions over normalised text; this class
maps their offsets back to the original characters, attaches the reasons
from rule data, applies the allowlist and suppressions, and asks the policy
for a verdict.
"""
from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from . import __version__
from .collect import fewer_collections
from .contexts import term_context
from .errors import BaomiError
from .hits import clause, dedupe, default_action, remap
from .located import where_in_picture
from .markings import EDGE_KINDS, MarkingRules
from .model import Document, Finding, Hit, Part, fingerprint
from .mentions import generic_personnel
from .ner.precision import keep_people
from .normalize import NormText, normalize
from .pii import find_pii
from .policy import Policy
from .reading import GenreRules, Reading
from .report import CHANNELS, Report, ScanOptions
from .rules import TermEntry, Versioned, default_dir, load_allowlist, load_lexicon, load_yaml
from .tables import units
from .terms import TermMatcher

log = logging.getLogger("baomi")

REFERENCE_HEAD_LINES = 2  # on a 保密知识 page, only a marking above or beside the title is the page's own
HEAD_LINES = 6  # non-empty lines at the start of a document where a bare level word is a marking
HEAD_KINDS = ("body", "page_top", "title")
# Parts a reader of the post does not see: every detector reads them, the genre does not.
HIDDEN_KINDS = frozenset({"comment", "deleted_text", "hidden_text", "html_comment", "html_hidden", "metadata",
                          "hidden_range", "hidden_cells", "hidden_sheet", "under_redaction"})
CONTEXT = 20
# Findings listed per document (a roster of 50,000 people is listed in full).  Past this, each type keeps only its first
# MIN_PER_TYPE (enough for every policy rule's min_count) and one
# media.findings_capped finding counts the rest: two million 秘密 lines must
# end in a report, not a MemoryError.
MAX_FINDINGS = 100_000
MIN_PER_TYPE = 100
MARKING_CAP = 2 * MAX_FINDINGS


class Scanner:
    def __init__(self, options: ScanOptions | None = None) -> None:
        self.options = opts = options or ScanOptions()
        reg = Versioned()
        base = default_dir()
        self.markings = MarkingRules.from_data(load_yaml(base / "markings.yaml", reg))
        self.pii_rules = load_yaml(base / "pii.yaml", reg)
        self.hidden_rules = load_yaml(base / "hidden.yaml", reg)
        self.genres = GenreRules.from_data(load_yaml(base / "genres.yaml", reg))
        if opts.genre and opts.genre not in self.genres.genres and opts.genre not in self.genres.families:
            raise BaomiError("usage", f"未知的文稿类型 {opts.genre}（可选：{'、'.join(self.genres.genres)}）")
        entries: list[TermEntry] = []
        paths = sorted((base / "terms").glob("*.y*ml")) + sorted((base / "terms").glob("*.tsv")) if opts.default_lexicons else []
        for path in [*paths, *map(Path, opts.lexicons)]:
            entries.extend(load_lexicon(path, reg))
        allow: list[dict[str, Any]] = []
        for path in opts.allowlists:
            allow.extend(load_allowlist(Path(path), reg))
        self.suppressions: dict[str, dict[str, Any]] = {}
        for path in opts.baselines:
            for item in load_allowlist(Path(path), reg):
                if item.get("fingerprint"):
                    self.suppressions[item["fingerprint"]] = item
        phrases = []
        for item in allow:
            if item.get("fingerprint"):
                self.suppressions[item["fingerprint"]] = item
            elif item.get("text"):
                phrases.append(normalize(item["text"]).text)
        self.allow_phrases = set(phrases)
        self.terms = TermMatcher(entries, phrases)
        self.policy = Policy.load(opts.policy, reg)
        ner_rules = base / "ner" / "context.yaml"
        if opts.ner and ner_rules.exists():
            reg.read(ner_rules)  # the NER context rules judge findings too: part of the audit trail
        self.lexicon_version = reg.version
        self._ner = None
        self._ner_error: str | None = None

    # -- model -------------------------------------------------------------
    @property
    def ner(self):
        """The NER component, loaded on first use; None (with a warning) when unavailable."""
        if not self.options.ner:
            return None
        if self._ner is None and self._ner_error is None:
            try:
                from .ner import load_ner

                self._ner = load_ner(self.options.ner_model, self)
            except BaomiError as exc:
                if self.options.ner_model:
                    raise
                self._ner_error = exc.message
            except ImportError:
                self._ner_error = "未安装人名地址识别模型，仅运行了结构化个人信息、密级标志和词库检测。"
        return self._ner

    def engine_info(self) -> dict[str, Any]:
        info = {"version": __version__, "lexicon_version": self.lexicon_version}
        ner = self.ner
        if ner is not None:
            info["ner_model"] = ner.name
        return info

    # -- scanning ----------------------------------------------------------
    def scan_text(self, text: str, name: str = "-", channel: str = "unspecified") -> Report:
        return self.scan(Document.from_text(text, name=name), channel=channel)

    def scan(self, doc: Document, channel: str = "unspecified") -> Report:
        return self.scan_many([doc], channel=channel)[0]

    @fewer_collections()
    def scan_many(self, docs: Sequence[Document], channel: str = "unspecified") -> list[Report]:
        """Reports for several documents, with the NER model fed all of them at once."""
        if channel not in CHANNELS:
            raise BaomiError("usage", f"未知的发布渠道 {channel}（可选 {', '.join(CHANNELS)}）")
        readings: list[Reading] = []
        found = self.find_many(docs, readings)  # loads the model if it is to run, so the warning below is known
        engine = self.engine_info()
        model_warning = [self._ner_error] if self.options.ner and self._ner is None and self._ner_error else []
        reports = []
        for doc, findings, reading in zip(docs, found, readings):
            decision = self.policy.decide(findings, channel=channel, document=doc, reading=reading)
            reports.append(Report(
                document=doc,
                channel=channel,
                findings=findings,
                verdict=decision.verdict,
                verdict_reason=decision.reason,
                routing=decision.steps,
                engine={**engine, **_ocr_engine(doc)},
                warnings=model_warning + decision.warnings,
                reading=reading,
            ))
        return reports

    def find(self, doc: Document) -> list[Finding]:
        return self.find_many([doc])[0]

    def read(self, doc: Document, normed: Sequence[NormText] | None = None) -> Reading:
        """What the document is (scanner.reading), from the parts a reader of the post sees."""
        nts = normed if normed is not None else [normalize(p.text) for p in doc.parts]
        seen = [nt.text for p, nt in zip(doc.parts, nts) if not p.flag and p.kind not in HIDDEN_KINDS]
        return self.genres.read(seen, override=self.options.genre, today=self.today)

    @property
    def today(self) -> date:
        return self.options.today or date.today()

    @fewer_collections()  # the collector's sweeps grew with the document (scanner.collect)
    def find_many(self, docs: Sequence[Document], readings: list[Reading] | None = None) -> list[list[Finding]]:
        normed = [[normalize(p.text) for p in doc.parts] for doc in docs]
        read = [self.read(doc, nts) for doc, nts in zip(docs, normed)]
        if readings is not None:
            readings.extend(read)
        hits = [self._detect(doc.parts, nts, rd) for doc, nts, rd in zip(docs, normed, read)]
        for doc, nts, rd, doc_hits in zip(docs, normed, read, hits):
            if rd.plainly_internal:
                why = self.genres.reasons["internal"].format(genre=rd.genre, why="；".join(rd.evidence[:3]))
                _internal_document(doc.parts, nts, doc_hits, rd.cue, rd.genre, why)
            elif rd.deployment and not rd.published and not rd.case_closed:
                # forces set out before an operation (警力28人 … 集结): whatever the title calls the plan;
                # a report of a case already solved (落网, 抓获) tells how it was done
                why = self.genres.reasons["deployment"].format(why=rd.deployment)
                word = rd.deployment.split("、")[0]
                _internal_document(doc.parts, nts, doc_hits, word, "力量部署", why)
            elif rd.pending and not rd.published and not rd.matches(PUBLIC_DRAFT_GENRES):
                # （初步测算，待镇党委会研究）: the text says part of it awaits a decision
                why = self.genres.reasons["pending"].format(status=rd.pending)
                _internal_document(doc.parts, nts, doc_hits, rd.pending, "未定稿", why)
            elif (rd.deliberation and not (rd.published or rd.story) and rd.family != "reference"
                  and not rd.matches(PUBLIC_DRAFT_GENRES)):
                # 初步意见……倾向于……备选人选: the record of a matter still being weighed
                why = self.genres.reasons["deliberation"].format(why=rd.deliberation)
                _internal_document(doc.parts, nts, doc_hits, rd.deliberation.split("、")[0], "过程讨论", why)
            elif rd.draft_status and not rd.matches(PUBLIC_DRAFT_GENRES):
                # the title block says the document is a draft: (送审稿), (讨论稿), (初稿)
                why = self.genres.reasons["draft"].format(status=rd.draft_status)
                _internal_document(doc.parts, nts, doc_hits, rd.draft_status, "未定稿", why)
        ner = self.ner
        if ner is not None:
            layouts = [[_layout(p.text, nt) for p, nt in zip(doc.parts, nts)] for doc, nts in zip(docs, normed)]
            # the model reads tables row by row, whatever format they came in (scanner.tables)
            doc_units = [units(doc.parts, [lt.text for lt in lts]) for doc, lts in zip(docs, layouts)]
            groups = []
            for us, lts, nts, h in zip(doc_units, layouts, normed, hits):
                in_layout = [remap(ph, nt, lt) for ph, nt, lt in zip(h, nts, lts)]
                groups.append(([u.text for u in us], [u.to_unit(in_layout) for u in us]))
            many = getattr(ner, "find_many", None)
            extra = many(groups) if many else [ner.find(*g) for g in groups]
            for doc_hits, us, doc_extra, nts, lts in zip(hits, doc_units, extra, normed, layouts):
                for u, unit_extra in zip(us, doc_extra):
                    for i, part_extra in u.from_unit(unit_extra).items():
                        doc_hits[i].extend(keep_people(nts[i].text, remap(part_extra, lts[i], nts[i]), nts[i].gaps))
                # with the people known, a personnel word that names no one is a procedure (scanner.mentions)
                for nt, part_hits in zip(nts, doc_hits):
                    for h in generic_personnel(nt.text, part_hits):
                        h.extra.setdefault("context", "generic")
        out = []
        today = self.today.isoformat()
        for doc, nts, doc_hits in zip(docs, normed, hits):
            findings: list[Finding] = []
            per_type: dict[str, int] = {}
            dropped: list[tuple[Part, NormText, Hit]] = []
            for part, nt, part_hits in zip(doc.parts, nts, doc_hits):
                if part.flag:
                    findings.append(self._flag_finding(part, nt))
                for h in dedupe(part_hits):
                    seen = per_type.get(h.type, 0)
                    per_type[h.type] = seen + 1
                    if len(findings) >= MAX_FINDINGS and seen >= MIN_PER_TYPE:
                        if not dropped:
                            dropped.append((part, nt, h))
                        continue
                    findings.append(self._to_finding(part, nt, h, today))
            if dropped:
                left_out = sum(per_type.values()) + sum(1 for p in doc.parts if p.flag) - len(findings)
                findings.append(self._capped_finding(*dropped[0], left_out))
            self._apply_suppressions(findings)
            out.append(findings)
        return out

    def _capped_finding(self, part: Part, nt: NormText, h: Hit, n: int) -> Finding:
        """One finding, on the first hit not listed, that says how many were left out."""
        rule = self.hidden_rules.get("media.findings_capped") or {}
        s, e = nt.orig_span(h.start, h.end)
        return Finding(
            type="media.findings_capped", severity=rule.get("severity", "medium"), text=part.text[s:e], part=part.id,
            start=s, end=e, reason=f"至少另有 {n} 处发现未逐一列出（每份文件最多列出 {MAX_FINDINGS} 处）。" + rule.get("reason", ""),
            normalized=nt.text[h.start:h.end], rule="media.findings_capped", action=rule.get("action", "confirm"),
        )

    def _detect(self, parts: Sequence[Part], normed: Sequence[NormText], reading: Reading | None = None) -> list[list[Hit]]:
        """Run the rule detectors over all parts at once.

        A docx has one part per paragraph, often a thousand of them; calling
        every detector per part cost more than reading the file.  So terms
        and validators run once over the parts joined by newlines (no term
        and no validator match spans a newline; one that would is dropped),
        and the markings detector, which needs each part's kind and place,
        runs only on parts where a level word or control mark stands.
        """
        texts = [nt.text for nt in normed]
        joined = "\n".join(texts)
        starts: list[int] = []
        pos = 0
        for t in texts:
            starts.append(pos)
            pos += len(t) + 1
        hits_by_part: list[list[Hit]] = [[] for _ in parts]
        for h in (*self.terms.find(joined), *find_pii(joined)):
            i = bisect_right(starts, h.start) - 1
            base = starts[i]
            if h.end <= base + len(texts[i]):
                hits_by_part[i].append(replace(h, start=h.start - base, end=h.end - base))
        # a part with more level words than a report lists is read up to the line of the last one
        # listed (MARKING_CAP): two million 秘密 lines cost gigabytes of hits, and the findings cap
        # would drop all but the first anyway
        candidates: dict[int, int] = {}
        cut: dict[int, int] = {}
        for p in self.markings.candidates(joined):
            i = bisect_right(starts, p) - 1
            n = candidates[i] = candidates.get(i, 0) + 1
            if n == MARKING_CAP:
                end = joined.find("\n", p)
                cut[i] = (end if end >= 0 else len(joined)) - starts[i]
        head_left = HEAD_LINES
        for i, (part, nt) in enumerate(zip(parts, normed)):
            first = 0
            if head_left > 0 and part.kind in HEAD_KINDS and not part.flag and nt.text.strip():
                lines = nt.text.split("\n")
                nonempty = 0
                for j, line in enumerate(lines):
                    if line.strip():
                        nonempty += 1
                    if nonempty > head_left:
                        break
                    first = j + 1
                head_left -= sum(1 for line in lines[:first] if line.strip())
            if i in candidates:
                text = nt.text[: cut[i]] if i in cut else nt.text
                found = self.markings.find(text, kind=part.kind, first_lines=first, gaps=nt.gaps)
                if reading is not None and reading.family == "reference" and part.kind not in EDGE_KINDS:
                    # on a page that explains secrecy, its own marking stands alone on one of its first lines
                    head_end = min(_line_offset(nt.text, first), _filled_lines_end(nt.text, REFERENCE_HEAD_LINES))
                    found = [
                        self.markings.as_example(h, head=h.start < head_end and self.markings.alone(nt.text, h))
                        for h in found
                    ]
                hits_by_part[i][:0] = found
        return hits_by_part

    def _flag_finding(self, part: Part, nt: NormText) -> Finding:
        rule = self.hidden_rules.get(part.flag) or {}
        return Finding(
            type=part.flag,
            severity=rule.get("severity", "medium"),
            text=part.text,
            part=part.id,
            start=0,
            end=len(part.text),
            reason=rule.get("reason", "文档中存在读者看不到的内容，请核查。"),
            normalized=nt.text,
            context="",
            rule=part.flag,
            action=rule.get("action", "confirm"),
            extra=where_in_picture(part, 0, len(part.text)) if part.location.get("source") == "ocr" else {},
        )

    def _to_finding(self, part: Part, nt: NormText, h: Hit, today: str) -> Finding:
        """``today``: the review day (ISO), against which a marking's declassification date has passed."""
        s, e = nt.orig_span(h.start, h.end)
        extra = dict(h.extra)
        severity, reason, action = h.severity, h.reason, extra.pop("action", "")
        if h.type.startswith("pii."):
            rule = self.pii_rules.get(h.type, {})
            # a rule may name its own variant (pii.phone.landline → ``landline:`` in pii.yaml)
            variant = "masked" if extra.get("masked") else h.rule.rsplit(".", 1)[-1]
            spec = rule.get(variant) or rule.get("default") or {}
            severity = severity or spec.get("severity")
            reason = reason or spec.get("reason")
            action = action or spec.get("action", "")
        if part.kind in HIDDEN_KINDS or part.flag:
            extra["where"] = "deleted" if part.kind == "deleted_text" else "hidden"
        elif h.type.startswith("term.") and h.type not in DOCUMENT_TERMS:
            context = term_context(nt.text, h.type, h.start, h.end, int(today[:4]))
            if context == "quoted":
                extra["context"] = context  # the quotation outranks what the detector said of the words
            elif context:
                extra.setdefault("context", context)
        if h.type == "marking.classified" and extra.get("until", "9999") < today:
            extra["context"] = "passed"  # 机密★2023年6月9日 read after that day, in any part
        orig = part.text
        if part.location.get("source") == "ocr":
            extra.update(where_in_picture(part, s, e))
        return Finding(
            type=h.type,
            severity=severity or "medium",
            text=orig[s:e],
            part=part.id,
            start=s,
            end=e,
            reason=reason or "",
            normalized=nt.text[h.start : h.end],
            context=orig[max(0, s - CONTEXT) : e + CONTEXT],
            rule=h.rule,
            action=action or default_action(h.type),
            confidence=h.confidence,
            level=extra.pop("level", None),
            period=extra.pop("period", None),
            extra=extra,
            anchor=clause(nt.text, h.start, h.end) if h.type.startswith("term.") else "",
        )

    def _apply_suppressions(self, findings: Iterable[Finding]) -> None:
        for f in findings:
            if f.type.startswith("marking."):
                continue  # a marking is never allowlisted away
            item = self.suppressions.get(f.fingerprint)
            if item is None and f.normalized in self.allow_phrases:
                item = {"text": f.normalized}
            if item is not None:
                f.suppressed = {k: item[k] for k in ("by", "why", "at") if k in item} or {"by": "allowlist"}


DOCUMENT_TERMS = frozenset({"term.internal_document"})
# A draft published for the public's comments says so in its title; that is its purpose, not a leak.
PUBLIC_DRAFT_GENRES = ("公开征求意见",)
def _internal_document(parts: Sequence[Part], normed: Sequence[NormText], hits_by_part: list[list[Hit]],
                       word: str, kind: str, reason: str) -> None:
    """The document's own form says it is internal: a finding on the title word that says so.

    A verdict must rest on findings (a block beside nothing is unexplainable),
    so the reading's decisive evidence becomes one, on the first visible part
    that holds it.
    """
    for i, (part, nt) in enumerate(zip(parts, normed)):
        if part.flag or part.kind in HIDDEN_KINDS:
            continue
        at = nt.text.find(word)
        if at >= 0:
            hits_by_part[i].append(Hit(at, at + len(word), "term.internal_document",
                                       f"term.internal_document:{kind}", "high", reason))
            return


def _line_offset(text: str, lines: int) -> int:
    """Where line ``lines`` starts (the end of the text when it has fewer lines)."""
    pos = 0
    for _ in range(lines):
        nl = text.find("\n", pos)
        if nl < 0:
            return len(text)
        pos = nl + 1
    return pos


def _filled_lines_end(text: str, lines: int) -> int:
    """Where the text after its first ``lines`` non-blank lines starts: a blank line between a title and the
    marking under it (……真题回顾⏎⏎秘密★启用前) does not push the marking out of the head."""
    pos = seen = 0
    while seen < lines:
        nl = text.find("\n", pos)
        if text[pos : nl if nl >= 0 else len(text)].strip():
            seen += 1
        if nl < 0:
            return len(text)
        pos = nl + 1
    return pos


def _ocr_engine(doc: Document) -> dict[str, Any]:
    """The OCR library and model that read this document's pictures, for the engine block."""
    ocr = doc.info.get("ocr") if isinstance(doc.info, dict) else None
    if not isinstance(ocr, dict):
        return {}
    return {k: ocr[k] for k in ("ocr_engine", "ocr_model") if isinstance(ocr.get(k), str)}


def _layout(original: str, nt: NormText) -> NormText:
    """The text the name model reads: ``nt`` itself unless separators were removed from it."""
    return normalize(original, layout=True) if nt.gaps else nt


__all__ = ["Scanner", "ScanOptions", "Report", "fingerprint"]
