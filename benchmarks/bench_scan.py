"""Issue 2 speeds: lexicon matching, the whole plain-text scan without NER, and load time."""
from __future__ import annotations


import ahocorasick

from benchmarks.timing import best_of
from benchmarks.corpus import cjk_terms, generate
from scanner import Document, Part, ScanOptions, Scanner
from scanner.normalize import _lut, normalize, translate_table
from scanner.rules import TermEntry
from scanner.terms import TermMatcher


def main(size: int = 10_000_000) -> None:
    text = generate(size)
    n = len(text)

    # 1. lexicon matching, 10,000 generated CJK terms, over normalised text
    terms = cjk_terms(10_000)
    entries = [TermEntry(term=t, category="bench", severity="medium", reason="基准", boundary=False) for t in terms]
    matcher = TermMatcher(entries)
    norm = normalize(text).text
    t_bytes = best_of(lambda: matcher.find(norm))
    uni = ahocorasick.Automaton()
    for t in terms:
        uni.add_word(t, t)
    uni.make_automaton()
    sample = norm[:1_000_000]
    t_uni = best_of(lambda: sum(1 for _ in uni.iter(sample)), runs=1) * (n / len(sample))
    print(f"lexicon match, 10,000 CJK terms, byte automaton : {n / t_bytes / 1e6:6.1f} M chars/s")
    print(f"lexicon match, same terms, unicode automaton     : {n / t_uni / 1e6:6.2f} M chars/s  "
          f"(byte/unicode = {t_uni / t_bytes:.0f}x)")

    # 2. load: default lexicons + automaton + normalisation table (jieba is loaded lazily on the first boundary check)
    def load():
        translate_table.cache_clear()
        _lut.cache_clear()
        Scanner(ScanOptions(ner=False))
        normalize("预热")
    t_load = best_of(load)
    print(f"load default lexicons + build automaton          : {t_load:6.3f} s")

    # 3. the whole plain-text scan without NER: normalise, markings, lexicons, validators, report
    scanner = Scanner(ScanOptions(ner=False))
    scanner.scan_text("预热：拟任")  # jieba's dictionary loads once per process, outside the timing
    paras = text.split("\n")
    doc = Document(name="bench.txt", sha256="0" * 64, format="txt",
                   parts=[Part(id=f"p{i}", kind="body", text=p) for i, p in enumerate(paras)])
    single = Document.from_text(text, name="bench.txt")
    t_doc = best_of(lambda: scanner.scan(single).to_dict(), runs=2)
    t_parts = best_of(lambda: scanner.scan(doc).to_dict(), runs=2)
    findings = len(scanner.scan(single).findings)
    print(f"whole scan, one 10 MB part ({findings} findings)    : {n / t_doc / 1e6:6.2f} M chars/s")
    print(f"whole scan, {len(paras)} paragraph parts          : {n / t_parts / 1e6:6.2f} M chars/s")


if __name__ == "__main__":
    main()
