// The review page: shows the alignment, records decisions and corrections through the API.
// Article text is only ever set with textContent: it is never parsed as HTML.
(function () {
  "use strict";
  var token = new URL(document.currentScript.src).searchParams.get("token") || "";
  var state = null;          // {version, alignment}
  // This page's id: the server keeps what each page changed, and its Undo and Redo take
  // back only this page's own changes, as operations on the file as it is then.
  var page = Array.prototype.map.call(crypto.getRandomValues(new Uint8Array(16)), function (b) {
    return ("0" + b.toString(16)).slice(-2);
  }).join("");
  var at = -1;               // the current flag, for j / k
  var reviewer = document.getElementById("reviewer");
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
      render();
    });
  }
  // A change: sent with the version it was based on; a conflict reloads instead of overwriting.
  function change(path, body) {
    var stepping = path === "/api/undo" || path === "/api/redo";
    if (!reviewer.value.trim() && !stepping && path !== "/api/realign") {
      say("Say who you are first (Reviewer)."); reviewer.focus(); return Promise.resolve(false);
    }
    body.version = state.version;
    body.reviewer = reviewer.value.trim();
    body.page = page;
    return api(path, body).then(function (r) {
      if (r.status === 409 && stepping) { say(r.data.error || "not possible"); return load().then(function () { return false; }); }
      if (r.status === 409) { say("The file changed elsewhere (another tab or a command): reloaded it."); return load().then(function () { return false; }); }
      if (r.status !== 200) { say(r.data.error || "not possible"); return false; }
      state = r.data;
      say("Saved.", true);
      render();
      return true;
    });
  }
  function text(side, indices) {
    var cell = el("td", {"class": "text", lang: state.alignment[side].lang});
    indices.forEach(function (i) {
      cell.appendChild(el("span", {"class": "sentence", "data-index": String(i)}, state.alignment[side].sentences[i].text));
    });
    return cell;
  }
  function beadOf(flag, beads) {
    for (var k = 0; k < beads.length; k++) {
      var b = beads[k];
      if (b.src.some(function (i) { return flag.src.indexOf(i) >= 0; }) || b.tgt.some(function (j) { return flag.tgt.indexOf(j) >= 0; })) { return k; }
    }
    return 0;
  }
  function button(label, title, action) {
    var b = el("button", {title: title, type: "button"}, label);
    b.addEventListener("click", action);
    return b;
  }
  function render() {
    var a = state.alignment, beads = a.beads, body = document.querySelector("#beads tbody");
    document.getElementById("title").textContent = "aligner: " + a.source.path + " / " + a.target.path;
    document.getElementById("src-head").textContent = "source (" + a.source.lang + ")";
    document.getElementById("tgt-head").textContent = "target (" + a.target.lang + ")";
    var open = a.flags.filter(function (f) { return f.severity === "error" && !(f.review && f.review.decision === "accepted"); }).length;
    document.getElementById("summary").textContent = beads.length + " beads, " + a.flags.length + " flags, " + open + " errors not accepted, " + (a.corrections || []).length + " corrections";
    var byBead = {};
    a.flags.forEach(function (f) { var k = beadOf(f, beads); (byBead[k] = byBead[k] || []).push(f); });
    body.textContent = "";
    beads.forEach(function (b, k) {
      var row = el("tr", {"class": "bead" + (b.src.length && b.tgt.length ? "" : " null") + (b.fixed ? " fixed" : ""), id: "bead-" + k});
      row.appendChild(el("td", {"class": "n"}, String(k)));
      row.appendChild(text("source", b.src));
      row.appendChild(text("target", b.tgt));
      row.appendChild(el("td", {"class": "score"}, b.score.toFixed(2) + " " + b.type));
      var actions = el("td", {"class": "actions"});
      if (!(b.src.length && b.tgt.length)) {
        var tick = el("input", {type: "checkbox", "class": "pick", "data-bead": String(k), title: "Tick to link"});
        actions.appendChild(tick);
      }
      if (k + 1 < beads.length) { actions.appendChild(button("merge \u2193", "Merge with the next bead", function () { change("/api/correct", {op: "merge", bead: k}); })); }
      if (b.src.length + b.tgt.length > 1) {
        actions.appendChild(button("split", "Split this bead in two", function () {
          var s = window.prompt("Source sentences in the first part (0-" + b.src.length + ")", "1");
          if (s === null) { return; }
          var t = window.prompt("Target sentences in the first part (0-" + b.tgt.length + ")", "1");
          if (t === null) { return; }
          change("/api/correct", {op: "split", bead: k, src_at: parseInt(s, 10), tgt_at: parseInt(t, 10)});
        }));
      }
      if (b.src.length && b.tgt.length) { actions.appendChild(button("unlink", "Take the pair apart", function () { change("/api/correct", {op: "unlink", bead: k}); })); }
      if (!b.fixed) { actions.appendChild(button("\u2713", "Mark as checked", function () { change("/api/correct", {op: "check", bead: k}); })); }
      row.appendChild(actions);
      body.appendChild(row);
      (byBead[k] || []).forEach(function (f) {
        var frow = el("tr", {"class": "flag " + f.severity, tabindex: "-1", "data-key": f.key});
        var cell = el("td", {colspan: "5"});
        cell.appendChild(el("span", {"class": "sev"}, f.severity));
        cell.appendChild(el("b", {}, f.type + " "));
        cell.appendChild(document.createTextNode(f.message));
        if (f.review) {
          var said = (f.review.decision || "noted") + " by " + f.review.reviewer + " " + f.review.at + (f.review.note ? ": " + f.review.note : "");
          cell.appendChild(el("span", {"class": "review"}, said));
        }
        cell.appendChild(el("br"));
        [["accept", "accepted"], ["reject", "rejected"]].forEach(function (pair) {
          cell.appendChild(button(pair[0], pair[0] + " this flag", function () { change("/api/decide", {key: f.key, decision: pair[1], note: ""}); }));
        });
        cell.appendChild(button("note", "add a note", function () {
          var note = window.prompt("Note", f.review ? f.review.note : "");
          if (note !== null) { change("/api/decide", {key: f.key, decision: "", note: note}); }
        }));
        if (f.review) { cell.appendChild(button("clear", "remove the decision", function () { change("/api/decide", {key: f.key, decision: "clear"}); })); }
        frow.appendChild(cell);
        body.appendChild(frow);
      });
    });
    document.body.setAttribute("data-ready", "1");
  }
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
    say("Aligning again around the pairs people made or checked...", true);
    change("/api/realign", {});
  });
  document.getElementById("undo").addEventListener("click", function () { change("/api/undo", {}); });
  document.getElementById("redo").addEventListener("click", function () { change("/api/redo", {}); });
  document.addEventListener("keydown", function (event) {
    if (event.target.tagName === "INPUT") { return; }
    var flags = Array.prototype.slice.call(document.querySelectorAll("tr.flag"));
    if (!flags.length) { return; }
    var step = (event.key === "j" || event.key === "n") ? 1 : (event.key === "k" || event.key === "p") ? -1 : 0;
    if (!step) { return; }
    at = (at + step + flags.length) % flags.length;
    flags.forEach(function (row) { row.classList.remove("current"); });
    flags[at].classList.add("current");
    flags[at].focus();
    flags[at].scrollIntoView({block: "center"});
    event.preventDefault();
  });
  load();
})();
