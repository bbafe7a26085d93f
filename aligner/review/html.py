"""The review report as one self-contained HTML page: no network, no external assets.

Every string from the articles goes through ``html.escape``. As a second wall, the page's
Content-Security-Policy allows no script but our own (named by its SHA-256): article
text that slipped through unescaped still could not run.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from html import escape

from aligner.decisions import blocking, said
from aligner.model import Alignment, Flag, Sentence
from aligner.printable import span_range
from aligner.review import bead_of, bead_places, tally

SCRIPT = """(function () {
  var filter = document.getElementById("filter"), search = document.getElementById("search");
  var at = -1;
  function shown() {
    return Array.prototype.slice.call(document.querySelectorAll("tr.flag:not(.hidden)"));
  }
  function go(step) {
    var flags = shown();
    if (!flags.length) { return; }
    at = (at + step + flags.length) % flags.length;
    document.querySelectorAll("tr.flag").forEach(function (row) { row.classList.remove("current"); });
    flags[at].classList.add("current");
    flags[at].focus();
    flags[at].scrollIntoView({block: "center"});
  }
  // Show: every row, or those with a flag of a severity or undecided; Find: the rows whose
  // sentences hold the text. A row's flags go with it.
  function apply() {
    var how = filter.value, query = search.value.trim().toLowerCase(), bead = null, keep = false;
    function close() {
      if (bead) { bead.classList.toggle("hidden", !keep); }
    }
    Array.prototype.forEach.call(document.querySelectorAll("tbody tr"), function (row) {
      if (row.classList.contains("bead")) {
        close();
        bead = row;
        var hit = !query || row.textContent.toLowerCase().indexOf(query) >= 0;
        bead.setAttribute("data-hit", hit ? "1" : "");
        keep = hit && how === "all";
        return;
      }
      var wanted = how === "all" || (how === "open" ? !row.classList.contains("decided") : row.classList.contains(how));
      var show = wanted && bead !== null && bead.getAttribute("data-hit") === "1";
      row.classList.toggle("hidden", !show);
      keep = keep || show;
    });
    close();
    at = -1;
  }
  filter.addEventListener("change", apply);
  search.addEventListener("input", apply);
  document.addEventListener("keydown", function (event) {
    if (event.target.tagName === "INPUT" || event.target.tagName === "SELECT") { return; }
    if (event.key === "j" || event.key === "n") { go(1); event.preventDefault(); }
    if (event.key === "k" || event.key === "p") { go(-1); event.preventDefault(); }
  });
  document.body.setAttribute("data-ready", "1");
})();"""

STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 1.5rem 3rem; color: #1d1d1f; }
header { position: sticky; top: 0; background: #fff; padding: .6rem 0; border-bottom: 1px solid #ddd; }
h1 { font-size: 1.2rem; margin: .2rem 0; }
.summary span { margin-right: 1.2rem; }
table { border-collapse: collapse; width: 100%; margin-top: 1rem; }
td, th { vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid #eee; text-align: left; }
td.n, td.score { color: #595959; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.null td.text:empty::after { content: "(nothing)"; color: #6b6b6b; font-style: italic; }
td.text span.sentence { display: block; }
span.sentence .no { display: inline-block; min-width: 1.8rem; color: #595959; font-size: .8rem;
  font-variant-numeric: tabular-nums; }
tr.flag td { padding-left: 2.5rem; font-size: .92rem; }
tr.flag.error td { background: #fdecea; border-left: 4px solid #c62828; }
tr.flag.warning td { background: #fff6e0; border-left: 4px solid #e0a000; }
tr.flag.info td { background: #e8f1fb; border-left: 4px solid #3a78c2; }
tr.flag.current td { outline: 2px solid #1d1d1f; }
tr.flag:focus { outline: none; }
.sev { font-weight: 600; text-transform: uppercase; font-size: .8rem; margin-right: .4rem; }
.review { color: #333; margin-left: .6rem; font-weight: 600; }
tr.flag.decided td { background: #f4f4f4; border-left-color: #2e7d32; }
tr.hidden { display: none !important; }
.tools { margin: .3rem 0; }
.tools input, .tools select { font: inherit; max-width: 12rem; }
mark { background: #ffd54f; padding: 0 .1rem; }
kbd { border: 1px solid #bbb; border-radius: 3px; padding: 0 .3rem; font-size: .85rem; }
h1, td.text { overflow-wrap: anywhere; }
@media (max-width: 700px) {
  /* A phone: a bead is its number and score on one line, then the source, then the
     target, each the screen's width; the header scrolls away instead of taking the
     screen, so the flag j jumps to stays in view. */
  body { margin: 0 .6rem 2rem; }
  header { position: static; }
  h1 { font-size: 1rem; }
  thead { display: none; }
  table, tbody { display: block; }
  tr.bead { display: grid; grid-template-columns: 1fr auto; border-bottom: 1px solid #ddd; padding: .3rem 0; }
  tr.bead td { border: 0; padding: .15rem .3rem; }
  tr.bead td.n { grid-row: 1; grid-column: 1; }
  tr.bead td.score { grid-row: 1; grid-column: 2; }
  tr.bead td.text { grid-column: 1 / -1; }
  tr.bead td.text[lang]::before { content: attr(lang) ": "; color: #595959; font-size: .8rem; }
  tr.flag { display: block; }
  tr.flag td { display: block; padding-left: .8rem; }
}
"""


def csp(script: str) -> str:
    """The Content-Security-Policy of a self-contained page: nothing from elsewhere, inline
    style, and no script but ``script`` (named by its SHA-256)."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; img-src 'none'"


def _flag_row(flag: Flag, number: int) -> str:
    review = ""
    done = " decided" if flag.review is not None and flag.review.decision else ""
    if flag.review is not None:
        decided = f"{said(flag.review)}, {flag.review.at.replace('T', ' ')[:16]}"
        review = f'<span class="review">{escape(decided)}'
        if flag.review.note:
            review += f": {escape(flag.review.note)}"
        review += "</span>"
    return (
        f'<tr class="flag {escape(flag.severity)}{done}" id="flag-{number}" tabindex="-1" '
        f'data-type="{escape(flag.type)}">'
        f'<td colspan="4"><span class="sev">{escape(flag.severity)}</span><b>{escape(flag.type)}</b> '
        f"{escape(flag.message)}{review}</td></tr>"
    )


def _marked(text: str, parts: list[str]) -> str:
    """``text`` escaped, with every occurrence of each of ``parts`` in <mark> (escaped too);
    a part is whole where it is marked: the figure ``3`` is not marked inside ``2023``."""
    spans: list[tuple[int, int]] = []
    for part in parts:
        at = text.find(part) if part else -1
        while at >= 0:
            end = at + len(part)
            inside_a_word = (at > 0 and text[at - 1].isalnum()) or (end < len(text) and text[end].isalnum())
            if not inside_a_word:
                spans.append((at, end))
            at = text.find(part, at + 1)
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:  # overlaps one already marked
            continue
        out.append(escape(text[pos:start]) + "<mark>" + escape(text[start:end]) + "</mark>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def _sentences(sentences: tuple[Sentence, ...], indices: tuple[int, ...], parts: list[str]) -> str:
    """A bead's side: each sentence after its number, as the flags' messages give it (from 1)."""
    return "".join(
        f'<span class="sentence"><span class="no">{span_range((i,))}</span>{_marked(sentences[i].text, parts)}</span>'
        for i in indices
    )


def _parts(alignment: Alignment, flags: list[tuple[int, Flag]]) -> tuple[list[str], list[str]]:
    """What a bead's flags point at inside its text, per side: the source sentence a merged
    pair seems to leave out (``evidence["sentence"]``), an untranslated clause
    (``evidence["text"]``), the figures that differ as each side writes them and the names
    that differ (``number-mismatch``, ``name-mismatch``)."""
    src: list[str] = []
    tgt: list[str] = []
    for _, flag in flags:
        src += [str(x) for x in flag.evidence.get("source_written", [])]
        tgt += [str(x) for x in flag.evidence.get("target_written", [])]
        for mismatch in flag.evidence.get("mismatches", []):
            if isinstance(mismatch, dict):
                src += [str(x) for x in mismatch.get("source", [])]
                tgt += [str(x) for x in mismatch.get("target", [])]
        sentence = flag.evidence.get("sentence")
        if isinstance(sentence, int) and sentence in flag.src and 0 <= sentence < len(alignment.source.sentences):
            src.append(alignment.source.sentences[sentence].text)
        if flag.tgt and "text" in flag.evidence:
            tgt.append(str(flag.evidence["text"]))
    return src, tgt


def render_html(alignment: Alignment) -> str:
    """The whole report page."""
    src, tgt = alignment.source, alignment.target
    by_bead: dict[int, list[tuple[int, Flag]]] = {}
    places = bead_places(alignment)
    for number, flag in enumerate(alignment.flags, 1):
        by_bead.setdefault(bead_of(alignment, flag, places), []).append((number, flag))
    kinds = Counter(b.kind for b in alignment.beads)
    open_errors = len(blocking(alignment))
    decided = sum(1 for f in alignment.flags if f.review is not None and f.review.decision)
    rows = []
    for k, bead in enumerate(alignment.beads):
        here = by_bead.get(k, [])
        src_parts, tgt_parts = _parts(alignment, here)
        left = _sentences(src.sentences, bead.src, src_parts)
        right = _sentences(tgt.sentences, bead.tgt, tgt_parts)
        cls = "bead null" if not bead.src or not bead.tgt else "bead"
        rows.append(
            f'<tr class="{cls}" id="bead-{k}"><td class="n">{k + 1}</td>'
            f'<td class="text" lang="{escape(src.lang)}">{left}'
            f'</td><td class="text" lang="{escape(tgt.lang)}">{right}</td><td class="score">{bead.score:.2f} '
            f"{escape(bead.kind)}</td></tr>"
        )
        rows.extend(_flag_row(flag, number) for number, flag in by_bead.get(k, []))
    summary = " ".join(
        [
            f"<span>{len(src.sentences)} source and {len(tgt.sentences)} target sentences</span>",
            "<span>beads: " + escape(", ".join(f"{v} x {k}" for k, v in sorted(kinds.items()))) + "</span>",
            f"<span>flags: {tally(alignment.flags)}</span>",
            f"<span>{decided} of {len(alignment.flags)} decided</span>",
            f"<span><b>{open_errors}</b> error{'s' if open_errors != 1 else ''} not accepted</span>",
        ]
    )
    title = f"aligner: {src.path} / {tgt.path}"
    retired = ""
    if alignment.retired:
        n = len(alignment.retired)
        items = "".join(
            f"<li>{escape(r.type)}: {escape(said(r.review))}, "
            f"{escape(r.review.at)}{escape(f' ({r.review.note})' if r.review.note else '')} \u2014 "
            f'<q lang="{escape(src.lang)}">{escape(r.src_text or "(nothing)")}</q> / '
            f'<q lang="{escape(tgt.lang)}">{escape(r.tgt_text or "(nothing)")}</q></li>'
            for r in alignment.retired
        )
        retired = (
            f'<details class="retired"><summary>{n} earlier decision{"s" if n != 1 else ""} no longer '
            f"appl{'y' if n != 1 else 'ies'} (the problem is gone, or its sentences changed)</summary><ul>{items}</ul>"
            "</details>"
        )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp(SCRIPT)}">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>\n<body>"
        f'<header><h1>{escape(title)}</h1><div class="summary">{summary}</div>'
        '<div class="tools"><label>Show <select id="filter"><option value="all">all rows</option>'
        '<option value="open">undecided flags</option><option value="error">errors</option>'
        '<option value="warning">warnings</option><option value="info">info</option></select></label> '
        '<label>Find <input id="search" type="search" placeholder="text in a sentence"></label></div>'
        f"<div>Next flag <kbd>j</kbd> or <kbd>n</kbd>, previous <kbd>k</kbd> or <kbd>p</kbd>. "
        f"Model: {escape(str(alignment.signature.get('model_id', '?')))}</div>{retired}</header>\n"
        f"<table><thead><tr><th>#</th><th>source ({escape(src.lang)})</th><th>target ({escape(tgt.lang)})</th>"
        f"<th>score</th></tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>\n"
        f"<script>{SCRIPT}</script>\n</body></html>\n"
    )
