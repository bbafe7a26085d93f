// The review page: shows the alignment, records decisions and corrections through the API.
// Article text is only ever set with textContent: it is never parsed as HTML.
//
// Keys (outside a text field): j / k next and previous flag; a accept, r reject (then the
// next open flag); n a note on the flag (Enter saves it, Escape leaves it); u undo, U redo.
// Sentences are numbered from 1 on each side, as the flags' messages number them.
(function () {
  "use strict";
  var token = new URL(document.currentScript.src).searchParams.get("token") || "";
  var state = null;          // {version, alignment, reviewer}
  // This page's id: the server keeps what each page changed, and its Undo and Redo take
  // back only this page's own changes, as operations on the file as it is then. Kept for
  // the tab's life, so that Undo still works after a reload: in sessionStorage and in
  // window.name, which a reload keeps but a tab opened from this one does not (it gets a
  // copy of sessionStorage, and would share this tab's history).
  var kept = sessionStorage.getItem("aligner-page");
  var page = kept && window.name === "aligner-page:" + kept ? kept : Array.prototype.map.call(crypto.getRandomValues(new Uint8Array(16)), function (b) {
    return ("0" + b.toString(16)).slice(-2);
  }).join("");
  sessionStorage.setItem("aligner-page", page);
  window.name = "aligner-page:" + page;
  var current = null;        // the key of the current flag (j / k, a / r / n act on it)
  var queue = Promise.resolve();  // the changes asked for meanwhile, sent one after another
  var pending = {};          // flags whose decision is on its way (the page has moved past them)
  var reviewer = document.getElementById("reviewer");
  var filter = document.getElementById("filter");
  var search = document.getElementById("search");
  reviewer.value = localStorage.getItem("aligner-reviewer") || "";
  reviewer.addEventListener("change", function () { localStorage.setItem("aligner-reviewer", reviewer.value.trim()); });

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function say(text, ok) {
    var box = document.getElementById("message");
    box.textContent = text;
    box.className = ok ? "ok" : "";
  }
  function api(path, body) {
    var options = {headers: {"X-Aligner-Token": token}};
    if (body) {
      options.method = "POST";
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(path, options).then(function (response) {
      return response.json().then(function (data) { return {status: response.status, data: data}; });
    });
  }
  function load() {
    return api("/api/alignment").then(function (r) {
      if (r.status !== 200) { say(r.data.error || "cannot load the alignment"); return; }
      state = r.data;
      if (!reviewer.value && state.reviewer) { reviewer.value = state.reviewer; }
      render();
    });
  }
  function setBusy(on, what) {
    // On the header alone: a class on <body> made the browser restyle every row twice.
    var header = document.querySelector("header");
    header.classList.toggle("busy", on);
    header.setAttribute("aria-busy", on ? "true" : "false");
    // Only the header's buttons are disabled: touching every row's (1,600 on a 400-sentence
    // pair) cost more than the request; a row's click meanwhile waits its turn in change().
    Array.prototype.forEach.call(document.querySelectorAll("header button"), function (b) { b.disabled = on; });
    if (on && what) { say(what, true); }
  }
  // A change: sent with the version it was based on; a conflict reloads instead of
  // overwriting. One at a time: a change asked for while one is on its way waits for it
  // (a a a decides three flags), so a conflict is always another tab's or a command's
  // write, never this page's.
  function change(path, body, what) {
    var done = queue.then(function () { return send(path, body, what); });
    queue = done.then(function () {}, function () {});
    return done;
  }
  function send(path, body, what) {
    var stepping = path === "/api/undo" || path === "/api/redo";
    if (!reviewer.value.trim() && !stepping && path !== "/api/realign") {
      say("Say who you are first (Reviewer)."); reviewer.focus(); return Promise.resolve(false);
    }
    body.version = state.version;
    body.reviewer = reviewer.value.trim();
    body.page = page;
    setBusy(true, what);
    return api(path, body).then(function (r) {
      setBusy(false);
      if (r.status === 409 && stepping) { say(r.data.error || "not possible"); return load().then(function () { return false; }); }
      if (r.status === 409) { say("The file changed elsewhere (another tab or a command): reloaded it."); return load().then(function () { return false; }); }
      if (r.status !== 200) { say(r.data.error || "not possible"); return false; }
      if (r.data.flag) { patch(r.data.version, r.data.flag); } else { state = r.data; render(); }
      var gone = r.data.gone || [];
      if (gone.length) {
        say("Saved, but " + gone.length + (gone.length === 1 ? " decision no longer applies" : " decisions no longer apply") +
          " (the problem is gone, or its sentences changed): " + gone.join("; "));
      } else {
        say("Saved.", true);
      }
      return true;
    }, function () {
      setBusy(false);
      say("The server did not answer: is aligner review --serve still running?");
      return false;
    });
  }
  function flagOf(key) {
    return state.alignment.flags.filter(function (f) { return f.key === key; })[0] || null;
  }
  function isOpen(flag) { return !(flag.review && flag.review.decision); }
  function text(side, indices, parts) {
    var cell = el("td", {"class": "text", lang: state.alignment[side].lang});
    if (!indices.length) { cell.appendChild(el("span", {"class": "nothing"}, "(nothing)")); }
    indices.forEach(function (i) {
      var span = el("span", {"class": "sentence", "data-side": side, "data-index": String(i)});
      span.appendChild(el("span", {"class": "no", "aria-label": side + " sentence " + (i + 1)}, String(i + 1)));
      marked(span, state.alignment[side].sentences[i].text, parts);
      cell.appendChild(span);
    });
    return cell;
  }
  // What a row's flags point at inside its text, per side (as the static page marks them):
  // figures and names that differ as each side writes them, an untranslated clause, the
  // sentence a merged pair seems to leave out.
  function parts(flags) {
    var out = {source: [], target: []};
    flags.forEach(function (f) {
      var e = f.evidence || {};
      out.source = out.source.concat(e.source_written || []);
      out.target = out.target.concat(e.target_written || []);
      (e.mismatches || []).forEach(function (m) { out.source = out.source.concat(m.source || []); out.target = out.target.concat(m.target || []); });
      if (f.tgt.length && typeof e.text === "string") { out.target.push(e.text); }
      if (typeof e.sentence === "number" && f.src.indexOf(e.sentence) >= 0) { out.source.push(state.alignment.source.sentences[e.sentence].text); }
    });
    return out;
  }
  // ``text`` into ``node`` as text nodes, each whole occurrence of a part in a <mark>.
  function marked(node, text, found) {
    var spans = [];
    found.forEach(function (part) {
      if (!part) { return; }
      for (var at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
        var end = at + part.length;
        var inWord = (at > 0 && /[\p{L}\p{N}]/u.test(text[at - 1])) || (end < text.length && /[\p{L}\p{N}]/u.test(text[end]));
        if (!inWord) { spans.push([at, end]); }
      }
    });
    spans.sort(function (x, y) { return x[0] - y[0]; });
    var pos = 0;
    spans.forEach(function (s) {
      if (s[0] < pos) { return; }
      node.appendChild(document.createTextNode(text.slice(pos, s[0])));
      node.appendChild(el("mark", {}, text.slice(s[0], s[1])));
      pos = s[1];
    });
    node.appendChild(document.createTextNode(text.slice(pos)));
  }
  function beadOf(flag, beads) {
    for (var k = 0; k < beads.length; k++) {
      var b = beads[k];
      if (b.src.some(function (i) { return flag.src.indexOf(i) >= 0; }) || b.tgt.some(function (j) { return flag.tgt.indexOf(j) >= 0; })) { return k; }
    }
    return 0;
  }
  function button(label, title, action, name) {
    var b = el("button", {title: title, type: "button", "aria-label": name || title}, label);
    b.addEventListener("click", action);
    return b;
  }
  function span(indices) {
    if (!indices.length) { return ""; }
    return indices.length === 1 ? String(indices[0] + 1) : (indices[0] + 1) + "-" + (indices[indices.length - 1] + 1);
  }
  function when(at) { return (at || "").replace("T", " ").slice(0, 16); }
  function summary(a) {
    var decided = a.flags.filter(function (f) { return !isOpen(f); }).length;
    var open = a.flags.filter(function (f) { return f.severity === "error" && !(f.review && f.review.decision === "accepted"); }).length;
    var toFix = a.flags.filter(function (f) { return f.review && f.review.decision === "rejected"; }).length;
    var parts = [decided + " of " + a.flags.length + " flags decided"];
    parts.push(open + " error" + (open === 1 ? "" : "s") + " not accepted" + (toFix ? " (" + toFix + " rejected: to fix)" : ""));
    parts.push(a.beads.length + " beads");
    var n = (a.corrections || []).length;
    parts.push(n + " correction" + (n === 1 ? "" : "s"));
    return parts.join(" \u00b7 ");
  }
  function shown(flag) {
    var how = filter.value;
    if (how === "open") { return isOpen(flag); }
    if (how === "error" || how === "warning" || how === "info") { return flag.severity === how; }
    if (how.indexOf("type:") === 0) { return flag.type === how.slice(5); }
    return true;
  }
  function matches(b, query) {
    if (!query) { return true; }
    var a = state.alignment;
    var words = b.src.map(function (i) { return a.source.sentences[i].text; }).concat(b.tgt.map(function (j) { return a.target.sentences[j].text; }));
    return words.join(" ").toLowerCase().indexOf(query) >= 0;
  }
  function fillFilter(a) {
    var chosen = filter.value || "all";
    var kinds = {};
    a.flags.forEach(function (f) { kinds[f.type] = (kinds[f.type] || 0) + 1; });
    filter.textContent = "";
    var options = [["all", "all flags"], ["open", "undecided"], ["error", "errors"], ["warning", "warnings"], ["info", "info"]];
    Object.keys(kinds).sort().forEach(function (t) { options.push(["type:" + t, t + " (" + kinds[t] + ")"]); });
    options.forEach(function (o) { filter.appendChild(el("option", {value: o[0]}, o[1])); });
    filter.value = options.some(function (o) { return o[0] === chosen; }) ? chosen : "all";
  }
  // The reviews no flag matches any more: kept in the file, listed for the person.
  function showRetired(retired) {
    var box = document.getElementById("retired"), list = box.querySelector("ul");
    box.hidden = !retired.length;
    box.querySelector("summary").textContent = retired.length + (retired.length === 1 ? " earlier decision no longer applies" : " earlier decisions no longer apply") +
      " (the problem is gone, or its sentences changed)";
    list.textContent = "";
    retired.forEach(function (r) {
      var item = el("li", {}, r.type + ": " + r.review.decision + " by " + r.review.reviewer + ", " + when(r.review.at) + (r.review.note ? " (" + r.review.note + ")" : "") + " \u2014 ");
      item.appendChild(el("q", {lang: state.alignment.source.lang}, r.source_text || "(nothing)"));
      item.appendChild(document.createTextNode(" / "));
      item.appendChild(el("q", {lang: state.alignment.target.lang}, r.target_text || "(nothing)"));
      list.appendChild(item);
    });
  }
  function flagRow(f) {
    var decided = !isOpen(f);
    var frow = el("tr", {"class": "flag " + f.severity + (decided ? " decided" : ""), tabindex: "-1", "data-key": f.key});
    var cell = el("td", {colspan: "5"});
    cell.appendChild(el("span", {"class": "sev"}, f.severity));
    cell.appendChild(el("b", {}, f.type + " "));
    cell.appendChild(document.createTextNode(f.message));
    var where = [];
    if (f.src.length) { where.push("source " + span(f.src)); }
    if (f.tgt.length) { where.push("target " + span(f.tgt)); }
    if (where.length) { cell.appendChild(el("span", {"class": "where"}, " (" + where.join(", ") + ")")); }
    if (f.review) {
      var said = (f.review.decision ? (f.review.decision === "accepted" ? "\u2713 accepted" : "\u2717 rejected") : "noted") +
        " by " + f.review.reviewer + ", " + when(f.review.at) + (f.review.note ? ": " + f.review.note : "");
      cell.appendChild(el("div", {"class": "review " + (f.review.decision || "noted")}, said));
    }
    var actions = el("div", {"class": "flag-actions"});
    [["accept", "accepted", "a"], ["reject", "rejected", "r"]].forEach(function (pair) {
      var b = button(pair[0], pair[0] + " this flag (" + pair[2] + ")", function () { setCurrent(f.key, false); decideCurrent(pair[1]); },
        pair[0] + " the " + f.type + " flag");
      b.setAttribute("aria-pressed", f.review && f.review.decision === pair[1] ? "true" : "false");
      actions.appendChild(b);
    });
    actions.appendChild(button("note", "add a note (n)", function () { setCurrent(f.key, false); noteCurrent(); }, "a note on the " + f.type + " flag"));
    if (f.review) { actions.appendChild(button("clear", "remove the decision", function () { change("/api/decide", {key: f.key, decision: "clear"}); })); }
    cell.appendChild(actions);
    frow.appendChild(cell);
    frow.addEventListener("click", function (event) { if (event.target.tagName !== "BUTTON" && event.target.tagName !== "INPUT") { setCurrent(f.key, false); } });
    return frow;
  }
  function render() {
    var a = state.alignment, beads = a.beads, body = document.querySelector("#beads tbody");
    var query = search.value.trim().toLowerCase();
    document.getElementById("title").textContent = "aligner: " + a.source.path + " / " + a.target.path;
    document.getElementById("src-head").textContent = "source (" + a.source.lang + ")";
    document.getElementById("tgt-head").textContent = "target (" + a.target.lang + ")";
    document.getElementById("summary").textContent = summary(a);
    showRetired(a.retired || []);
    fillFilter(a);
    var byBead = {};
    a.flags.forEach(function (f) { var k = beadOf(f, beads); (byBead[k] = byBead[k] || []).push(f); });
    body.textContent = "";
    beads.forEach(function (b, k) {
      var flags = (byBead[k] || []).filter(shown);
      var hidden = !matches(b, query) || (filter.value !== "all" && !flags.length);
      var score = b.score < 0.5 ? " low" : b.score < 0.8 ? " mid" : "";
      var row = el("tr", {"class": "bead" + (b.src.length && b.tgt.length ? "" : " null") + (b.fixed ? " fixed" : "") + (hidden ? " hidden" : ""), id: "bead-" + k});
      row.appendChild(el("td", {"class": "n"}, String(k + 1)));
      var found = parts(byBead[k] || []);
      row.appendChild(text("source", b.src, found.source));
      row.appendChild(text("target", b.tgt, found.target));
      row.appendChild(el("td", {"class": "score" + score, title: "how sure the aligner is of this pair"}, b.score.toFixed(2) + " " + b.type));
      var actions = el("td", {"class": "actions"});
      var nth = "row " + (k + 1);
      actions.appendChild(el("input", {type: "checkbox", "class": "pick", "data-bead": String(k), title: "Tick to link or merge", "aria-label": "tick " + nth + " to link or merge"}));
      if (k + 1 < beads.length) { actions.appendChild(button("merge \u2193", "Merge with the next bead", function () { change("/api/correct", {op: "merge", bead: k}); }, "merge " + nth + " with row " + (k + 2))); }
      if (b.src.length + b.tgt.length > 1) {
        actions.appendChild(button("split", "Split this bead in two", function () { splitForm(row, k); }, "split " + nth));
      }
      if (b.src.length && b.tgt.length) { actions.appendChild(button("unlink", "Take the pair apart", function () { change("/api/correct", {op: "unlink", bead: k}); }, "unlink " + nth)); }
      if (!b.fixed) { actions.appendChild(button("\u2713", "Mark as checked", function () { change("/api/correct", {op: "check", bead: k}); }, "mark " + nth + " as checked")); }
      row.appendChild(actions);
      body.appendChild(row);
      if (!hidden) { flags.forEach(function (f) { body.appendChild(flagRow(f)); }); }
    });
    if (current && !document.querySelector("tr.flag[data-key='" + CSS.escape(current) + "']")) { current = null; }
    // Focus goes back to the current flag, unless the person is typing in the header.
    var typing = document.activeElement && document.activeElement.closest && document.activeElement.closest("header");
    if (current) { setCurrent(current, false, !typing); }
    document.body.setAttribute("data-ready", "1");
  }
  // A decision's answer: the new version and the one flag, drawn again in its place.
  function patch(version, flag) {
    var flags = state.alignment.flags;
    state.version = version;
    for (var k = 0; k < flags.length; k++) { if (flags[k].key === flag.key) { flags[k] = flag; } }
    document.getElementById("summary").textContent = summary(state.alignment);
    var row = document.querySelector("tr.flag[data-key='" + CSS.escape(flag.key) + "']");
    if (!row) { render(); return; }
    if (!shown(flag)) { row.remove(); } else { row.replaceWith(flagRow(flag)); }
    if (current === flag.key) { setCurrent(current, false); }
  }
  // Where to split a row, chosen from its sentences by number (no prompt): the first part
  // takes the source sentences up to one of them and the target sentences up to one.
  function splitForm(row, k) {
    var b = state.alignment.beads[k], old = document.getElementById("split-form");
    if (old) { old.remove(); }
    var form = el("tr", {id: "split-form", "class": "split-form"});
    var cell = el("td", {colspan: "5"});
    cell.appendChild(el("b", {}, "Split row " + (k + 1) + ": the first part takes "));
    var picks = [["source", b.src], ["target", b.tgt]].map(function (side) {
      var select = el("select", {"aria-label": side[0] + " sentences in the first part", "data-side": side[0]});
      select.appendChild(el("option", {value: "0"}, "no " + side[0] + " sentence"));
      side[1].forEach(function (i, n) {
        select.appendChild(el("option", {value: String(n + 1)}, side[0] + " " + (side[1][0] + 1) + (n ? "-" + (i + 1) : "")));
      });
      select.value = String(side[0] === "source" ? Math.min(1, b.src.length) : b.tgt.length > 1 ? 1 : b.src.length > 1 ? b.tgt.length : 0);
      var label = el("label", {});
      label.appendChild(select);
      cell.appendChild(label);
      cell.appendChild(document.createTextNode(" "));
      return select;
    });
    cell.appendChild(button("Split", "Split here", function () {
      change("/api/correct", {op: "split", bead: k, src_at: parseInt(picks[0].value, 10), tgt_at: parseInt(picks[1].value, 10)});
    }, "split row " + (k + 1) + " here"));
    cell.appendChild(button("Cancel", "Leave the row as it is", function () { form.remove(); }));
    form.appendChild(cell);
    form.addEventListener("keydown", function (event) { if (event.key === "Escape") { form.remove(); } });
    row.parentNode.insertBefore(form, row.nextSibling);
    picks[0].focus();
  }
  function flagRows() { return Array.prototype.slice.call(document.querySelectorAll("tr.flag")); }
  // The current flag: outlined, focused, its sentences marked wherever they stand.
  function setCurrent(key, scroll, focus) {
    current = key;
    flagRows().forEach(function (row) { row.classList.toggle("current", row.getAttribute("data-key") === key); });
    Array.prototype.forEach.call(document.querySelectorAll(".sentence.named"), function (s) { s.classList.remove("named"); });
    var flag = flagOf(key), row = document.querySelector("tr.flag[data-key='" + CSS.escape(key) + "']");
    if (flag) {
      flag.src.forEach(function (i) { mark("source", i); });
      flag.tgt.forEach(function (j) { mark("target", j); });
    }
    if (row) {
      if (focus !== false) { row.focus({preventScroll: true}); }
      if (scroll) { row.scrollIntoView({block: "center"}); }
    }
  }
  function mark(side, i) {
    var s = document.querySelector(".sentence[data-side='" + side + "'][data-index='" + i + "']");
    if (s) { s.classList.add("named"); }
  }
  function step(by) {
    var rows = flagRows();
    if (!rows.length) { return; }
    var keys = rows.map(function (r) { return r.getAttribute("data-key"); });
    var at = keys.indexOf(current);
    at = at < 0 ? (by > 0 ? 0 : keys.length - 1) : (at + by + keys.length) % keys.length;
    setCurrent(keys[at], true);
  }
  // The next undecided flag after ``key`` in the page's order (wrapping), or null.
  function nextOpen(key, order) {
    var keys = order || flagRows().map(function (r) { return r.getAttribute("data-key"); });
    var at = keys.indexOf(key);
    for (var n = 1; n <= keys.length; n++) {
      var k = keys[(at + n + keys.length) % keys.length], f = flagOf(k);
      if (f && isOpen(f) && !pending[k]) { return k; }
    }
    return null;
  }
  // The flag a key acts on: the current one if it is on the page, else the first open one
  // shown (a filter or a search may have taken the current one off the page).
  function chosen() {
    if (current && document.querySelector("tr.flag[data-key='" + CSS.escape(current) + "']")) { return current; }
    current = null;
    var first = nextOpen(null);
    if (first) { setCurrent(first, true); }
    return first;
  }
  function noneLeft() {
    var open = state.alignment.flags.filter(isOpen).length;
    return open ? "No open flag shown here; " + open + " elsewhere (Show: all flags)." : "Every flag is decided.";
  }
  function decideCurrent(decision) {
    var key = chosen();
    if (!key) { say(flagRows().length ? noneLeft() : "No flag shown here to decide on."); return; }
    // The page moves to the next open flag at once, not when the answer comes: a a a
    // decides three flags, each key on the flag then current.
    var order = flagRows().map(function (r) { return r.getAttribute("data-key"); });
    pending[key] = true;
    var next = nextOpen(key, order);
    if (next) { setCurrent(next, true); }
    change("/api/decide", {key: key, decision: decision, note: ""}).then(function (ok) {
      delete pending[key];
      if (!ok) { return; }
      if (next) { say(current === next ? "Saved. Next open flag." : "Saved.", true); return; }
      if (current === key && !document.querySelector("tr.flag[data-key='" + CSS.escape(key) + "']")) { current = null; }
      say("Saved. " + noneLeft(), true);
    });
  }
  // An inline note under the current flag: Enter saves it (the decision stays), Escape leaves.
  function noteCurrent(typed) {
    var key = chosen();
    if (!key) { say("No flag shown here to note."); return; }
    var row = document.querySelector("tr.flag[data-key='" + CSS.escape(key) + "']"), flag = flagOf(key);
    var old = row.querySelector("input.note");
    if (old) { old.focus(); return; }
    var input = el("input", {"class": "note", type: "text", "aria-label": "Note on the " + flag.type + " flag; Enter saves, Escape leaves", placeholder: "note, then Enter (empty: no note)"});
    input.value = typed !== undefined ? typed : flag.review ? flag.review.note : "";
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        var text = input.value;
        change("/api/decide", {key: key, decision: "", note: text}).then(function (ok) {
          if (ok) { setCurrent(key, false); say("Note saved: a or r decides.", true); return; }
          // refused (the file changed elsewhere, and the page reloaded it): the note typed stays
          if (flagOf(key) && document.querySelector("tr.flag[data-key='" + CSS.escape(key) + "']")) { current = key; noteCurrent(text); }
        });
      } else if (event.key === "Escape") {
        event.preventDefault();
        input.remove();
        setCurrent(key, false);
      }
    });
    row.querySelector("td").appendChild(input);
    input.focus();
  }
  document.getElementById("merge").addEventListener("click", function () {
    var ticked = Array.prototype.map.call(document.querySelectorAll("input.pick:checked"), function (box) {
      return parseInt(box.getAttribute("data-bead"), 10);
    }).sort(function (x, y) { return x - y; });
    if (ticked.length < 2 || ticked[ticked.length - 1] - ticked[0] !== ticked.length - 1) {
      say("Tick two or more neighbouring rows to merge them."); return;
    }
    change("/api/correct", {op: "merge", bead: ticked[0], through: ticked[ticked.length - 1]});
  });
  document.getElementById("link").addEventListener("click", function () {
    var src = [], tgt = [];
    Array.prototype.forEach.call(document.querySelectorAll("input.pick:checked"), function (box) {
      var b = state.alignment.beads[parseInt(box.getAttribute("data-bead"), 10)];
      src = src.concat(b.src); tgt = tgt.concat(b.tgt);
    });
    src.sort(function (x, y) { return x - y; }); tgt.sort(function (x, y) { return x - y; });
    change("/api/correct", {op: "link", src: src, tgt: tgt});
  });
  document.getElementById("realign").addEventListener("click", function () {
    change("/api/realign", {}, "Aligning again around the pairs people made or checked...");
  });
  document.getElementById("undo").addEventListener("click", function () { change("/api/undo", {}); });
  document.getElementById("redo").addEventListener("click", function () { change("/api/redo", {}); });
  filter.addEventListener("change", function () { render(); });
  search.addEventListener("input", function () { render(); });
  document.addEventListener("keydown", function (event) {
    var tag = event.target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || event.ctrlKey || event.metaKey || event.altKey || !state) { return; }
    if (event.target.closest && event.target.closest("#split-form")) { return; }
    var actions = {
      j: function () { step(1); }, k: function () { step(-1); },
      a: function () { decideCurrent("accepted"); }, r: function () { decideCurrent("rejected"); },
      n: noteCurrent,
      u: function () { change("/api/undo", {}); }, U: function () { change("/api/redo", {}); }
    };
    if (!actions[event.key]) { return; }
    event.preventDefault();
    actions[event.key]();
  });
  load();
})();
