"""The review page's web app: every operation over HTTP, the token, Host and Origin checks,
the version check, and hostile article text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")
from starlette.testclient import TestClient

from aligner.alignfile import dumps, load, update
from aligner.decisions import decide
from aligner.model import Alignment, Decision
from aligner.review.server import make_app
from tests.browser import dump_dom, webdriver_for
from tests.review.build import EVIL_SCRIPT, sample
from tests.review.serving import serving

TOKEN = "t0ken-for-tests"  # noqa: S105 - a test server's token
HOST = "127.0.0.1:8765"
ORIGIN = f"http://{HOST}"


@pytest.fixture
def served(tmp_path: Path) -> tuple[TestClient, Path]:
    path = tmp_path / "a.json"
    path.write_text(dumps(sample([EVIL_SCRIPT, "Teine lause.", "Kolmas."])), encoding="utf-8")

    def realign(alignment: Alignment) -> Alignment:  # the model is not what is tested here
        return alignment

    app = make_app(path, TOKEN, (HOST, "localhost:8765"), realign=realign)
    return TestClient(app, base_url=ORIGIN), path


def get(client: TestClient) -> dict[str, Any]:
    response = client.get("/api/alignment", headers={"X-Aligner-Token": TOKEN})
    assert response.status_code == 200, response.text
    return dict(response.json())


def post(client: TestClient, path: str, body: dict[str, Any], **headers: str) -> Any:
    sent = {"X-Aligner-Token": TOKEN, "Origin": ORIGIN} | headers
    return client.post(path, json=body, headers=sent)


def test_the_page_needs_the_token_and_the_served_host(served: tuple[TestClient, Path]) -> None:
    client, _ = served
    page = client.get(f"/?token={TOKEN}")
    assert page.status_code == 200 and f"/static/review.js?token={TOKEN}" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert client.get("/").status_code == 403
    assert client.get("/?token=wrong").status_code == 403
    assert client.get("/api/alignment").status_code == 403
    assert client.get(f"/static/review.js?token={TOKEN}").headers["content-type"].startswith("text/javascript")
    assert client.get(f"/static/../server.py?token={TOKEN}").status_code == 404
    rebound = client.get(f"/?token={TOKEN}", headers={"Host": "evil.example:8765"})
    assert rebound.status_code == 403  # DNS rebinding: a name that resolves here is still refused


def test_a_change_needs_the_pages_origin_the_token_and_a_name(served: tuple[TestClient, Path]) -> None:
    client, path = served
    before = path.read_bytes()
    state = get(client)
    body = {"version": state["version"], "key": "k-drop", "decision": "accepted", "reviewer": "mari"}
    assert post(client, "/api/decide", body, Origin="http://evil.example").status_code == 403
    assert post(client, "/api/decide", body, **{"X-Aligner-Token": "wrong"}).status_code == 403
    assert post(client, "/api/decide", {**body, "reviewer": ""}).status_code == 422
    assert path.read_bytes() == before


def test_decisions_corrections_undo_and_realign_are_saved_at_once(served: tuple[TestClient, Path]) -> None:
    client, path = served
    state = get(client)
    decided = post(
        client,
        "/api/decide",
        {"version": state["version"], "key": "k-drop", "decision": "accepted", "reviewer": "mari", "page": "mari"},
    )
    assert decided.status_code == 200, decided.text
    flags = {f.key: f for f in load(str(path)).flags}
    assert flags["k-drop"].review is not None and flags["k-drop"].review.reviewer == "mari"
    state = decided.json()
    merged = post(
        client,
        "/api/correct",
        {"version": state["version"], "op": "merge", "bead": 0, "reviewer": "mari", "page": "mari"},
    )
    assert merged.status_code == 200, merged.text
    alignment = load(str(path))
    assert alignment.beads[0].notation == "[0, 1]:[0, 1]" and alignment.beads[0].fixed
    assert [(c.op, c.reviewer) for c in alignment.corrections] == [("merge", "mari")]
    state = merged.json()
    undone = post(client, "/api/undo", {"page": "p1"})
    assert undone.status_code == 422 and "nothing to undo" in undone.json()["error"]  # p1 changed nothing
    undone = post(client, "/api/undo", {"page": "mari"})
    assert undone.status_code == 200 and load(str(path)).beads[0].notation == "[0]:[0]"
    split = post(
        client,
        "/api/correct",
        {"version": undone.json()["version"], "op": "split", "bead": 0, "src_at": 1, "tgt_at": 1, "reviewer": "m"},
    )
    assert split.status_code == 422 and "no sentence" in split.json()["error"]
    unlinked = post(
        client, "/api/correct", {"version": undone.json()["version"], "op": "unlink", "bead": 1, "reviewer": "m"}
    )
    assert unlinked.status_code == 200
    linked = post(
        client,
        "/api/correct",
        {"version": unlinked.json()["version"], "op": "link", "src": [1], "tgt": [1], "reviewer": "m"},
    )
    assert linked.status_code == 200 and load(str(path)).beads[1].notation == "[1]:[1]"
    again = post(client, "/api/realign", {"version": linked.json()["version"]})
    assert again.status_code == 200


def test_a_write_based_on_an_old_version_is_refused(served: tuple[TestClient, Path]) -> None:
    client, path = served
    old = get(client)["version"]
    first = post(client, "/api/decide", {"version": old, "key": "k-drop", "decision": "rejected", "reviewer": "a"})
    assert first.status_code == 200
    saved = path.read_bytes()
    second = post(client, "/api/decide", {"version": old, "key": "k-add", "decision": "accepted", "reviewer": "b"})
    assert second.status_code == 409 and "reload" in second.json()["error"]
    assert path.read_bytes() == saved  # the other tab's change was not overwritten


def _decide(client: TestClient, key: str, decision: str, reviewer: str, page: str) -> dict[str, Any]:
    body = {"version": get(client)["version"], "key": key, "decision": decision, "reviewer": reviewer, "page": page}
    response = post(client, "/api/decide", body)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def _reviews(path: Path) -> dict[str, str | None]:
    """The decisions on the two flags the tests decide."""
    out = {f.key: (f.review.decision.value if f.review else None) for f in load(str(path)).flags}
    return {key: out[key] for key in ("k-drop", "k-add")}


def test_undo_and_redo_take_back_only_the_pages_own_change(served: tuple[TestClient, Path]) -> None:
    """Tab A decides a flag, tab B another; A's Undo (twice) and Redo leave B's decision alone."""
    client, path = served
    _decide(client, "k-drop", "rejected", "anna", "tab-a")
    _decide(client, "k-add", "accepted", "bert", "tab-b")
    assert post(client, "/api/undo", {"page": "tab-a"}).status_code == 200
    assert _reviews(path) == {"k-drop": None, "k-add": "accepted"}
    again = post(client, "/api/undo", {"page": "tab-a"})
    assert again.status_code == 422 and "nothing to undo" in again.json()["error"]
    assert _reviews(path) == {"k-drop": None, "k-add": "accepted"}
    assert post(client, "/api/redo", {"page": "tab-a"}).status_code == 200
    assert _reviews(path) == {"k-drop": "rejected", "k-add": "accepted"}


def test_an_undo_never_overwrites_a_decision_made_since_by_someone_else(served: tuple[TestClient, Path]) -> None:
    client, path = served
    _decide(client, "k-drop", "rejected", "anna", "tab-a")
    _decide(client, "k-drop", "accepted", "bert", "tab-b")  # B decides the same flag after A
    response = post(client, "/api/undo", {"page": "tab-a"})
    assert response.status_code == 409 and "decided since by someone else" in response.json()["error"]
    flag = next(f for f in load(str(path)).flags if f.key == "k-drop")
    assert flag.review is not None and flag.review.reviewer == "bert"


def test_an_undo_of_corrected_beads_is_refused_once_someone_else_changed_the_beads(
    served: tuple[TestClient, Path],
) -> None:
    client, path = served
    merged = post(
        client,
        "/api/correct",
        {"version": get(client)["version"], "op": "merge", "bead": 0, "reviewer": "a", "page": "tab-a"},
    )
    assert merged.status_code == 200
    unlinked = post(
        client,
        "/api/correct",
        {"version": merged.json()["version"], "op": "unlink", "bead": 1, "reviewer": "b", "page": "tab-b"},
    )
    assert unlinked.status_code == 200
    saved = path.read_bytes()
    response = post(client, "/api/undo", {"page": "tab-a"})
    assert response.status_code == 409 and "beads were changed since" in response.json()["error"]
    assert path.read_bytes() == saved


def test_the_page_sends_no_alignment_to_undo(served: tuple[TestClient, Path]) -> None:
    """An undo names only the page: a forged alignment in its body is ignored, not written."""
    client, path = served
    state = get(client)
    forged = state["alignment"]
    forged["flags"] = []
    saved = path.read_bytes()
    response = post(client, "/api/undo", {"version": state["version"], "alignment": forged, "page": "x"})
    assert response.status_code == 422
    assert path.read_bytes() == saved


def test_hostile_text_is_data_not_markup(served: tuple[TestClient, Path]) -> None:
    client, _ = served
    assert get(client)["alignment"]["source"]["sentences"][0]["text"] == EVIL_SCRIPT  # JSON, shown with textContent
    script = client.get(f"/static/review.js?token={TOKEN}").text
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script


@pytest.mark.slow
def test_the_served_page_in_a_real_browser_over_real_http(tmp_path: Path) -> None:
    """aligner review --serve as a user starts it; the page loads in headless Chromium,
    renders the beads from the API, shows hostile text as text; without the token, refused."""
    import urllib.error
    import urllib.request

    with serving(tmp_path) as (_, base, token):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(base + "/")  # noqa: S310 - our own local server
        assert refused.value.code == 403
        refused.value.close()
        dom = dump_dom(f"{base}/?token={token}", tmp_path / "profile", budget_ms=5000)
    assert 'data-ready="1"' in dom
    assert (
        "&lt;script&gt;document.body.setAttribute" in dom
        and "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]
    )
    assert dom.count('class="flag ') == 3 and dom.count('id="bead-') == 4


@pytest.mark.slow
def test_an_editor_merges_splits_and_accepts_in_the_browser_and_it_is_saved(tmp_path: Path) -> None:
    """The issue's end-to-end run: open the page, merge two pairs, split one, accept a
    flag, reload: the file holds the changes and the page shows them; without the token
    the page is refused."""
    with serving(tmp_path) as (path, base, token), webdriver_for(tmp_path / "profile") as driver:
        drive(driver, path, base, token)


def drive(driver: Any, path: Path, base: str, token: str) -> None:
    """The editor's session in the browser, and what the file and the page then hold."""
    import time

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    wait = WebDriverWait(driver, 30)

    def saved(corrections: int) -> None:
        deadline = time.monotonic() + 30
        while len(load(str(path)).corrections) < corrections:
            assert time.monotonic() < deadline, driver.find_element(By.ID, "message").text
            time.sleep(0.1)

    def click(css: str) -> None:
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, css))[0].click()

    driver.get(f"{base}/?token={token}")
    wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1")
    name = driver.find_element(By.ID, "reviewer")
    assert name.get_attribute("value") == "ants"  # review --serve --reviewer ants: the page starts with it
    name.clear()
    name.send_keys("mari\t")  # the change event saves the name
    click("#bead-0 button[title='Merge with the next bead']")
    saved(1)
    assert load(str(path)).beads[0].notation == "[0, 1]:[0, 1]"
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#bead-0 button[title='Split this bead in two']"))
    click("#bead-0 button[title='Split this bead in two']")
    # first part: one source sentence, one target sentence, chosen by number (no prompt)
    picks = {
        s.get_attribute("data-side"): Select(s) for s in driver.find_elements(By.CSS_SELECTOR, "#split-form select")
    }
    assert [o.text for o in picks["source"].options] == ["no source sentence", "source 1", "source 1-2"]
    picks["source"].select_by_visible_text("source 1")
    picks["target"].select_by_visible_text("target 1")
    click("#split-form button[title='Split here']")
    saved(2)
    click("tr.flag[data-key='k-drop'] button[aria-label='accept the dropped flag']")
    until(path, "k-drop", lambda review: review is not None)
    # Another reviewer decides another flag meanwhile (review -i in a terminal); this page's
    # Undo and Redo take back and make again only its own decision.
    update(str(path), lambda a: decide(a, "k-add", Decision.REJECTED, "", "bert"))
    click("#undo")
    until(path, "k-drop", lambda review: review is None)
    click("#redo")
    until(path, "k-drop", lambda review: review is not None and review.reviewer == "mari")
    assert next(f.review for f in load(str(path)).flags if f.key == "k-add").reviewer == "bert"  # type: ignore[union-attr]
    alignment = load(str(path))
    assert [(c.op, c.reviewer) for c in alignment.corrections] == [("merge", "mari"), ("split", "mari")]
    assert [b.notation for b in alignment.beads[:2]] == ["[0]:[0]", "[1]:[1]"] and alignment.beads[0].fixed
    driver.refresh()
    wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1")
    page = driver.find_element(By.TAG_NAME, "body").text
    assert "accepted by mari" in page and "2 corrections" in page
    # Undo survives the reload: the tab keeps its id, the server what it changed.
    click("#undo")
    until(path, "k-drop", lambda review: review is None)
    click("#redo")
    until(path, "k-drop", lambda review: review is not None and review.reviewer == "mari")
    wait.until(lambda d: "accepted by mari" in d.find_element(By.TAG_NAME, "body").text)
    assert len(driver.find_elements(By.CSS_SELECTOR, "tr.bead.fixed")) == 2
    assert driver.find_element(By.CSS_SELECTOR, "#bead-0 td.text").text == f"1{EVIL_SCRIPT}"  # its number, then as text
    assert driver.find_element(By.TAG_NAME, "body").get_attribute("data-pwned") is None
    driver.get(f"{base}/")
    assert "a valid token is needed" in driver.find_element(By.TAG_NAME, "body").text


def until(path: Path, key: str, holds: Any) -> None:
    """Wait until the review of flag ``key`` in the file at ``path`` is as ``holds`` says."""
    import time

    deadline = time.monotonic() + 30
    while not holds(next(f.review for f in load(str(path)).flags if f.key == key)):
        assert time.monotonic() < deadline
        time.sleep(0.1)


def _raw(client: TestClient, path: str, content: bytes, **headers: str) -> Any:
    sent = {"X-Aligner-Token": TOKEN, "Origin": ORIGIN, "Content-Type": "application/json"} | headers
    return client.post(path, content=content, headers=sent)


@pytest.mark.parametrize(
    ("path", "body", "says"),
    [
        ("/api/correct", {"op": "split", "bead": 0, "src_at": 1.5, "tgt_at": 1}, "whole number"),
        ("/api/correct", {"op": "merge", "bead": "0"}, "whole number"),
        ("/api/correct", {"op": "link", "src": "0", "tgt": [1]}, "lists of sentence numbers"),
        ("/api/decide", {"key": "k-drop", "decision": "maybe"}, "a decision is one of"),
        ("/api/decide", {"key": "k-drop", "decision": None}, "a decision is one of"),
        ("/api/decide", {"key": "k-drop", "decision": "accepted", "note": "x" * 60_000}, "longer than"),
    ],
)
def test_a_request_the_api_cannot_act_on_is_a_422_that_says_why(
    served: tuple[TestClient, Path], path: str, body: dict[str, Any], says: str
) -> None:
    client, file = served
    saved = file.read_bytes()
    response = post(client, path, {"version": get(client)["version"], "reviewer": "mari", **body})
    assert response.status_code == 422 and says in response.json()["error"]
    assert file.read_bytes() == saved


def test_hostile_bodies_and_tokens_never_end_in_a_server_error(served: tuple[TestClient, Path]) -> None:
    client, file = served
    saved = file.read_bytes()
    for number in (b"Infinity", b"1e999", b"-Infinity", b"NaN"):  # what Python's json reads, and JS never sends
        body = b'{"op": "split", "bead": 0, "src_at": ' + number + b', "tgt_at": 1, "reviewer": "m", "version": "x"}'
        response = _raw(client, "/api/correct", body)
        assert response.status_code == 422 and "whole number" in response.json()["error"]
    deep = b"[" * 100_000 + b"]" * 100_000
    assert _raw(client, "/api/decide", b'{"a": ' + deep + b"}").status_code == 422
    assert _raw(client, "/api/decide", b'{"note": "' + b"x" * 2_000_000 + b'"}').status_code == 422
    non_ascii = client.get("/api/alignment", headers={"X-Aligner-Token": "tõken".encode("latin-1")})  # type: ignore[dict-item]
    assert non_ascii.status_code == 403
    assert client.get("/api/alignment?token=%C3%B5%F0%9F%98%80").status_code == 403
    assert file.read_bytes() == saved
    headers = client.get(f"/?token={TOKEN}").headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"] and headers["x-frame-options"] == "DENY"


def test_the_file_removed_while_serving_is_said_not_crashed_on(served: tuple[TestClient, Path]) -> None:
    client, file = served
    version = get(client)["version"]
    file.unlink()
    response = client.get("/api/alignment", headers={"X-Aligner-Token": TOKEN})
    assert response.status_code == 422 and str(file) in response.json()["error"]
    decided = post(
        client, "/api/decide", {"version": version, "key": "k-drop", "decision": "accepted", "reviewer": "m"}
    )
    assert decided.status_code == 422 and str(file) in decided.json()["error"]
    assert not file.exists()


def test_the_page_is_answered_while_the_rest_is_aligned_again(tmp_path: Path) -> None:
    """Re-aligning a long file took the server away: every other request waited (#22 item 7).
    A real server over HTTP, its re-align held for 3 s, a read in the meantime."""
    import json
    import socket
    import threading
    import time
    import urllib.request

    import uvicorn

    path = tmp_path / "a.json"
    path.write_text(dumps(sample()), encoding="utf-8")
    started = threading.Event()

    def slow(alignment: Alignment) -> Alignment:
        started.set()
        time.sleep(3)
        return alignment

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    host = f"127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(make_app(path, TOKEN, (host,), realign=slow), log_level="warning"))
    runner = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    runner.start()
    try:
        while not server.started:
            time.sleep(0.05)
        headers = {"X-Aligner-Token": TOKEN, "Content-Type": "application/json", "Origin": f"http://{host}"}

        def fetch(route: str, data: bytes | None = None) -> Any:
            request = urllib.request.Request(f"http://{host}{route}", data=data, headers=headers)
            return urllib.request.urlopen(request)  # noqa: S310 - our own local server

        version = json.load(fetch("/api/alignment"))["version"]
        realigning = threading.Thread(target=lambda: fetch("/api/realign", json.dumps({"version": version}).encode()))
        realigning.start()
        assert started.wait(10)
        asked = time.monotonic()
        answer = fetch("/api/alignment")
        assert answer.status == 200 and time.monotonic() - asked < 2.0 and realigning.is_alive()
        realigning.join(30)
    finally:
        server.should_exit = True
        runner.join(10)


@pytest.mark.slow
def test_aligning_again_in_the_page_keeps_the_alignments_own_settings(tmp_path: Path) -> None:
    """The page's "Re-align the rest" used default settings: a `--config` boilerplate (here
    the desk's footer) was dropped, and the footer came back a warning. It aligns with the
    alignment's signature: its model, thresholds and boilerplate."""
    from aligner.pipeline import align_files
    from aligner.settings import Settings

    example = Path(__file__).resolve().parents[2] / "examples" / "budget-cuts"
    settings = Settings.load(boilerplate=["^Follow ERR News"], segmented=False)
    aligned = align_files(str(example / "source.et.html"), str(example / "translation.en.html"), settings)

    def footer(flags: Any) -> list[str]:
        return [
            f["severity"] for f in flags if f["type"] == "added" and "Follow ERR" in str(f["evidence"]) + f["message"]
        ]

    path = tmp_path / "a.json"
    path.write_text(dumps(aligned), encoding="utf-8")
    client = TestClient(make_app(path, TOKEN, (HOST,)), base_url=ORIGIN)
    before = get(client)
    assert footer(before["alignment"]["flags"]) == ["info"]
    response = post(client, "/api/realign", {"version": before["version"], "reviewer": "mari", "page": "p"})
    assert response.status_code == 200, response.text
    again = response.json()["alignment"]
    assert again["signature"]["flags"]["boilerplate"] == ["^Follow ERR News"]
    assert footer(again["flags"]) == ["info"]


def test_aligning_again_in_the_page_names_the_decisions_that_no_longer_apply(tmp_path: Path) -> None:
    """A decided flag that the fresh alignment no longer has (the problem gone, or its
    sentences changed) came back undecided without a word: the answer names it."""
    from dataclasses import replace

    path = tmp_path / "a.json"
    path.write_text(dumps(decide(sample(), "k-drop", Decision.ACCEPTED, "the paper cut it", "mari")), encoding="utf-8")

    def realign(alignment: Alignment) -> Alignment:  # the problem is gone; decisions carried as realign does
        from aligner.carry import carry_over

        return carry_over(alignment, replace(alignment, flags=tuple(f for f in alignment.flags if f.key != "k-drop")))

    client = TestClient(make_app(path, TOKEN, (HOST,), realign=realign), base_url=ORIGIN)
    answer = post(client, "/api/realign", {"version": get(client)["version"], "page": "p"}).json()
    assert answer["gone"] == ["dropped (source 3): accepted by mari (the paper cut it)"]
    assert [(r["key"], r["review"]["note"]) for r in answer["alignment"]["retired"]] == [("k-drop", "the paper cut it")]
    assert [f["key"] for f in answer["alignment"]["flags"]] == ["k-low", "k-add"]
