"""The batch's index page: one offline page listing every article x language.

Each row: sentence counts, flags by type and severity, errors not accepted yet, the
weakest pair's score, and links to the article's review page and alignment file. A click
on a column's heading sorts by it. Every string from the articles is escaped, and the
Content-Security-Policy lets only the page's own script run (as the review page's).
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from html import escape
from typing import Any
from urllib.parse import quote

from aligner.printable import shown
from aligner.review.html import STYLE, csp

SCRIPT = """(function () {
  var table = document.getElementById("jobs");
  var body = table.tBodies[0];
  function key(row, column) {
    var cell = row.cells[column];
    var value = cell.getAttribute("data-sort");
    return value === null ? cell.textContent : value;
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (head, column) {
    head.addEventListener("click", function () {
      var down = head.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
      head.setAttribute("aria-sort", down ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a, column), y = key(b, column);
        var nx = parseFloat(x), ny = parseFloat(y);
        var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return down ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  document.body.setAttribute("data-ready", "1");
})();"""

INDEX_STYLE = """
th { cursor: pointer; user-select: none; white-space: nowrap; }
th[aria-sort="ascending"]::after { content: " \\25B2"; }
th[aria-sort="descending"]::after { content: " \\25BC"; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.open { font-weight: 600; color: #c62828; }
.failures li { color: #b71c1c; }
td.open { color: #b71c1c; }
code.cmd { font-size: .8rem; }
.how { margin: .3rem 0 0; font-size: .9rem; }
#jobs td:first-child { white-space: nowrap; }
/* a wide table scrolls inside its box: the page itself is never wider than the screen */
.scroll { overflow-x: auto; }
@media (max-width: 700px) {  /* the review page's phone layout is for its beads: a table stays a table */
  #jobs { display: table; }
  #jobs thead { display: table-header-group; }
  #jobs tbody { display: table-row-group; }
  th { white-space: normal; font-size: .8rem; }
}
"""


def _link(target: str, text: str) -> str:
    return f'<a href="{escape(quote(target))}">{escape(text)}</a>'


def _counts(counts: dict[str, int]) -> str:
    return escape(", ".join(f"{name} {n}" for name, n in counts.items())) or "none"


def _row(row: dict[str, Any]) -> str:
    weakest = row.get("weakest")
    severity = row.get("flags_by_severity", {})
    errors = int(row.get("open_errors", 0))
    return (
        "<tr>"
        f"<td>{_link(row['review'], row['article'])}</td>"
        f"<td>{escape(row['lang'])}</td>"
        f'<td class="num">{int(row["source_sentences"])}</td>'
        f'<td class="num">{int(row["target_sentences"])}</td>'
        f'<td class="num" data-sort="{int(severity.get("error", 0))}">{int(severity.get("error", 0))}</td>'
        f'<td class="num">{int(severity.get("warning", 0))}</td>'
        f'<td class="num">{int(severity.get("info", 0))}</td>'
        f"<td>{_counts(row.get('flags_by_type', {}))}</td>"
        f'<td class="num{" open" if errors else ""}">{errors}</td>'
        f'<td class="num" data-sort="{weakest if weakest is not None else 2}">'
        f"{'' if weakest is None else f'{weakest:.2f}'}</td>"
        f'<td><code class="cmd" title="aligner review {escape(shlex.quote(row["alignment"]))} --serve">'
        f"{_link(row['alignment'], row['alignment'])}</code></td>"
        "</tr>"
    )


def worst_first(row: dict[str, Any]) -> tuple[Any, ...]:
    """The index's order: most errors not accepted first, then most errors, the weakest
    pair, and the article's name (a desk works from the top)."""
    weakest = row.get("weakest")
    errors = int(row.get("flags_by_severity", {}).get("error", 0))
    return (-int(row.get("open_errors", 0)), -errors, 2.0 if weakest is None else weakest, row["article"], row["lang"])


def render_index(
    rows: Sequence[dict[str, Any]], failures: Sequence[tuple[str, str]], skipped: Sequence[tuple[str, str]] = ()
) -> str:
    """The index page of a batch, worst first (``worst_first``); its links are the rows'
    paths, relative to the page. ``skipped``: (where, why) of the input that was no work
    aligner could do (a folder with two sources, a misnamed translation)."""
    rows = sorted(rows, key=worst_first)
    open_errors = sum(int(row.get("open_errors", 0)) for row in rows)
    articles = len({row["article"] for row in rows})
    failed = ""
    if failures:
        items = "".join(f"<li>{escape(shown(job))}: {escape(shown(error))}</li>" for job, error in failures)
        failed = f'<section class="failures"><h2>{len(failures)} failed</h2><ul>{items}</ul></section>'
    if skipped:
        # a file name that is no UTF-8 (the reason it was skipped) is shown as its escapes
        items = "".join(f"<li>{escape(shown(where))}: {escape(shown(why))}</li>" for where, why in skipped)
        failed += f'<section class="failures"><h2>{len(skipped)} skipped</h2><ul>{items}</ul></section>'
    heads = [
        "article",
        "language",
        "source sentences",
        "target sentences",
        "errors",
        "warnings",
        "info",
        "flags by type",
        "errors not accepted",
        "weakest pair",
        "alignment file",
    ]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp(SCRIPT)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>aligner: {len(rows)} translations of {articles} articles</title>"
        f"<style>{STYLE}{INDEX_STYLE}</style></head>\n<body>"
        f"<header><h1>aligner: {len(rows)} translations of {articles} articles</h1>"
        f'<div class="summary"><span><b>{open_errors}</b> error flag{"s" if open_errors != 1 else ""} '
        f"not accepted</span><span>{len(failures)} failed</span><span>{len(skipped)} skipped</span>"
        "<span>Worst first; click a heading to sort by it.</span></div>"
        '<p class="how">To correct an article in the browser, from this folder: '
        "<code>aligner review ARTICLE/LANG.alignment.json --serve</code> (the row's alignment file).</p>"
        "</header>\n"
        f"{failed}"
        '<div class="scroll"><table id="jobs"><thead><tr>'
        + "".join(f"<th{'' if k in (0, 1, 7, 10) else ' class=num'}>{escape(h)}</th>" for k, h in enumerate(heads))
        + "</tr></thead>\n<tbody>\n"
        + "\n".join(_row(row) for row in rows)
        + "\n</tbody></table></div>\n"
        f"<script>{SCRIPT}</script>\n</body></html>\n"
    )
