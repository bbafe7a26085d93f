"""Review and correct an alignment in the browser: a small local web app (Starlette).

``aligner review FILE --serve`` runs it on 127.0.0.1. The page shows both texts side by
side, a row per bead, the flags under their bead; it records decisions on flags and
corrections of the beads (``aligner.corrections``), and aligns the rest again around
them (``pipeline.realign``). Every change is written to the alignment file at once,
atomically, under the lock ``review -i`` uses.

Safe on a newsroom laptop:

* every request needs the random token made at start (``?token=`` for the page and its
  script, the ``X-Aligner-Token`` header for the API);
* a Host header that is not the address served is refused (DNS rebinding), and so is a
  state-changing request (POST) whose Origin is not the page's;
* every write names the version of the file it was based on (its SHA-256); when the file
  changed in between (another tab, a CLI run), the write is refused (409) and the page
  reloads instead of overwriting;
* Undo and Redo take back only the page's own changes, as operations on the file as it is
  (``history.py``): the page sends no alignment, and another reviewer's decision made
  since is never overwritten;
* the only file read or written is the alignment given; article text reaches the page as
  JSON and is shown with ``textContent``; the CSP allows only the app's own script.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from aligner.alignfile import flag_to_json, load, to_json, update_text
from aligner.errors import AlignerError, InputError
from aligner.model import Alignment, Decision
from aligner.review.history import History, Refused
from aligner.review.history import apply_back as history_apply_back

STATIC = Path(__file__).with_name("static")
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'none'"
)
MAX_BODY = 1_000_000
"""The largest request body accepted (bytes): a decision, a note or a correction is small."""
MAX_NOTE = 10_000
"""The longest note or reviewer name accepted (characters)."""


def _same(given: str, expected: str) -> bool:
    """A constant-time comparison that also takes text that is no ASCII (a forged token)."""
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass"))


def _version(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Conflict(Exception):
    """The file changed since the version the page based its change on."""


@dataclass
class Served:
    """What the routes share: the one file served, the token, the addresses it answers, and
    how to align the rest again (loaded at the first use, then kept for the session)."""

    file: Path
    token: str
    allowed_hosts: tuple[str, ...]
    realign: Callable[[Alignment], Alignment] | None = None
    embedders: dict[str, Any] = field(default_factory=dict)
    """The models re-aligning used, loaded at the first use, by name."""
    reviewer: str = ""
    """Whom the page names as reviewer until the person says otherwise."""
    history: History = field(default_factory=History)
    writing: threading.Lock = field(default_factory=threading.Lock)
    """Held by every write (they run in worker threads): one at a time, history and all."""

    @property
    def origins(self) -> set[str]:
        return {f"http://{host}" for host in self.allowed_hosts}

    def state(self) -> dict[str, Any]:
        """The file as the page sees it: its version and its alignment."""
        return {"version": _version(self.file), "alignment": to_json(load(str(self.file))), "reviewer": self.reviewer}

    def change(
        self,
        body: dict[str, Any],
        apply: Callable[[Alignment], Alignment],
        answer: Callable[[Alignment], dict[str, Any]] | None = None,
    ) -> Response:
        """Apply ``apply`` to the file as it is, if it is still the version the page saw;
        the page (``body["page"]``) can undo it. The page gets the new version and
        ``answer`` of the result (by default the whole alignment)."""
        version = str(body.get("version", ""))
        page = str(body.get("page", ""))
        done: list[tuple[Alignment, Alignment]] = []

        def checked(current: Alignment) -> Alignment:
            if not _same(_version(self.file), version):
                raise Conflict
            done.append((current, apply(current)))
            return done[-1][1]

        with self.writing:
            response = self._write(checked, answer)
            if response.status_code == 200 and done:
                self.history.record(page, *done[-1])
        return response

    def step_back(self, body: dict[str, Any], redo: bool) -> Response:
        """The page's last change taken back (or its last undo made again), on the file as
        it is now (``history.py``)."""
        page = str(body.get("page", ""))
        with self.writing:
            step = self.history.next(page, redo)
            if step is None:
                return JSONResponse({"error": f"nothing to {'redo' if redo else 'undo'} from this page"}, 422)
            response = self._write(lambda current: history_apply_back(step, current))
            if response.status_code == 200:
                self.history.done(page, redo)
        return response

    def _write(
        self, change: Callable[[Alignment], Alignment], answer: Callable[[Alignment], dict[str, Any]] | None = None
    ) -> Response:
        try:
            written, text = update_text(str(self.file), change)
        except Conflict:
            return JSONResponse({"error": "the file changed since the page loaded it: reload"}, status_code=409)
        except Refused as exc:
            return JSONResponse({"error": str(exc)}, status_code=409)
        except (AlignerError, KeyError, ValueError, TypeError) as exc:
            message = exc.describe() if isinstance(exc, AlignerError) else f"not possible: {exc}"
            return JSONResponse({"error": message}, status_code=422)
        version = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if answer is not None:
            return JSONResponse({"version": version} | answer(written))
        return JSONResponse({"version": version, "alignment": to_json(written), "reviewer": self.reviewer})

    def realign_rest(self, alignment: Alignment) -> Alignment:
        """``realign`` if given, else ``pipeline.realign`` with the model loaded once."""
        if self.realign is not None:
            return self.realign(alignment)
        from aligner.pipeline import make_embedder
        from aligner.pipeline import realign as default
        from aligner.settings import Settings

        # The alignment's own settings (its model, thresholds, a --config's boilerplate).
        settings = Settings.from_signature(alignment.signature, str(self.file))
        if settings.model not in self.embedders:
            self.embedders[settings.model] = make_embedder(settings)
        # The only file the server reads or writes is the alignment: not the texts it names.
        return default(alignment, settings, embedder=self.embedders[settings.model], read_originals=False)


def _served(request: Request) -> Served:
    served: Served = request.app.state.served
    return served


class Guard(BaseHTTPMiddleware):
    """The checks every request passes (see the module docstring), and the headers every
    response carries."""

    async def dispatch(self, request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        served = _served(request)
        if request.headers.get("host", "") not in served.allowed_hosts:
            return JSONResponse({"error": "this address is not the one served"}, status_code=403)
        given = request.headers.get("x-aligner-token") or request.query_params.get("token", "")
        if not _same(given, served.token):
            return JSONResponse({"error": "a valid token is needed (see the address aligner printed)"}, 403)
        if request.method == "POST" and request.headers.get("origin", "") not in served.origins:
            return JSONResponse({"error": "a change must come from the review page itself"}, status_code=403)
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response


class BadRequest(Exception):
    """A request the API cannot act on (the message says why): 422, nothing written."""


async def _body(request: Request) -> dict[str, Any]:
    """The request's JSON object; ``{}`` for anything else. Larger than ``MAX_BODY``, or
    nested deeper than the parser goes: BadRequest."""
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise BadRequest(f"the request is larger than {MAX_BODY:,} bytes")
    try:
        body = json.loads(raw)
    except ValueError:
        return {}
    except RecursionError:
        raise BadRequest("the request is nested too deeply") from None
    return body if isinstance(body, dict) else {}


def _index(value: object, what: str) -> int:
    """A sentence or bead number from the page: a whole number, else BadRequest."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadRequest(f"{what} must be a whole number, not {value!r}")
    return value


def _text(value: object, what: str) -> str:
    text = "" if value is None else str(value)
    if len(text) > MAX_NOTE:
        raise BadRequest(f"{what} is longer than {MAX_NOTE:,} characters")
    return text


async def page(request: Request) -> Response:
    """The review page, with the token its script sends back."""
    html = (STATIC / "review.html").read_text(encoding="utf-8")
    return HTMLResponse(html.replace("{{token}}", _served(request).token))


async def asset(request: Request) -> Response:
    """The page's script and style sheet; nothing else."""
    name = request.path_params["name"]
    kinds = {"review.js": "text/javascript", "review.css": "text/css"}
    if name not in kinds:
        return JSONResponse({"error": "no such file"}, status_code=404)
    return Response((STATIC / name).read_bytes(), media_type=kinds[name])


async def get_alignment(request: Request) -> Response:
    """The file's version and alignment."""
    served = _served(request)
    try:
        return JSONResponse(served.state())
    except AlignerError as exc:
        return JSONResponse({"error": exc.describe()}, status_code=422)
    except OSError as exc:  # the file removed while serving
        return JSONResponse({"error": f"{served.file}: {exc.strerror or exc}"}, status_code=422)


def _api(handler: Callable[[Served, dict[str, Any]], Response]) -> Callable[[Request], Awaitable[Response]]:
    """A POST route: the body read and checked, the work done in a worker thread (so that
    re-aligning a long file does not stop the server answering), a request it cannot act
    on answered 422 with what is wrong, never a traceback."""

    async def route(request: Request) -> Response:
        served = _served(request)
        try:
            body = await _body(request)
            return await run_in_threadpool(handler, served, body)
        except BadRequest as exc:
            return JSONResponse({"error": str(exc)}, status_code=422)
        except OSError as exc:  # the file removed or unreadable while serving
            return JSONResponse({"error": f"{served.file}: {exc.strerror or exc}"}, status_code=422)

    route.__doc__ = handler.__doc__
    return route


def decide(served: Served, body: dict[str, Any]) -> Response:
    """A decision on a flag (``clear``: none), in the reviewer's name."""
    from aligner.decisions import decide as record
    from aligner.decisions import set_note, set_review

    reviewer = _text(body.get("reviewer"), "the reviewer's name").strip()
    key = _text(body.get("key"), "the flag's key")
    if body.get("decision") == "clear":
        return served.change(body, lambda a: set_review(a, key, None), _the_flag(key))
    if not reviewer:
        return JSONResponse({"error": "say who you are first"}, status_code=422)
    choices = [d.value for d in Decision]
    if body.get("decision") not in choices:
        raise BadRequest(
            f"a decision is one of {', '.join(d for d in choices if d)}, clear or '' (a note only), "
            f"not {body.get('decision')!r}"
        )
    decision, note = Decision(body["decision"]), _text(body.get("note"), "the note")
    if decision is Decision.NOTE:  # the page's note: replaced (or removed), the decision kept as it was
        return served.change(body, lambda a: set_note(a, key, note, reviewer), _the_flag(key))
    return served.change(body, lambda a: record(a, key, decision, note, reviewer), _the_flag(key))


def _the_flag(key: str) -> Callable[[Alignment], dict[str, Any]]:
    """What a decision sends back: the flag decided on, not the whole file (on a
    400-sentence pair the page showed a decision in 620 ms, drawing everything again)."""
    return lambda alignment: {"flag": next(flag_to_json(f) for f in alignment.flags if f.key == key)}


def correct(served: Served, body: dict[str, Any]) -> Response:
    """A correction of the beads: merge, split, unlink, check or link."""
    reviewer = _text(body.get("reviewer"), "the reviewer's name").strip()
    if not reviewer:
        return JSONResponse({"error": "say who you are first"}, status_code=422)
    op = _text(body.get("op"), "the correction")

    if op not in ("merge", "split", "unlink", "check", "link"):
        return JSONResponse({"error": f"no such correction {op!r}"}, status_code=422)
    return served.change(body, _correction(op, body, reviewer))


def _correction(op: str, body: dict[str, Any], reviewer: str) -> Callable[[Alignment], Alignment]:
    """The correction ``op`` the page asks for, its numbers checked before anything is read."""
    from aligner import corrections

    if op == "link":
        src, tgt = (body.get(name) for name in ("src", "tgt"))
        if not isinstance(src, list) or not isinstance(tgt, list):
            raise BadRequest("src and tgt must be lists of sentence numbers")
        chosen = tuple(_index(i, "a source sentence") for i in src), tuple(_index(j, "a target sentence") for j in tgt)
        return lambda a: corrections.link(a, *chosen, reviewer)
    bead = _index(body.get("bead"), "bead")
    if op == "merge" and body.get("through") is not None:
        through = _index(body.get("through"), "through")
        return lambda a: corrections.merge(a, bead, reviewer, through=through)
    if op == "split":
        at = _index(body.get("src_at"), "src_at"), _index(body.get("tgt_at"), "tgt_at")
        return lambda a: corrections.split(a, bead, *at, reviewer)
    simple = {"merge": corrections.merge, "unlink": corrections.unlink, "check": corrections.check}
    return lambda a: simple[op](a, bead, reviewer)


def undo(served: Served, body: dict[str, Any]) -> Response:
    """Take back the page's last change (only its own: see ``history.py``)."""
    return served.step_back(body, redo=False)


def redo(served: Served, body: dict[str, Any]) -> Response:
    """Make the page's last undone change again."""
    return served.step_back(body, redo=True)


def realign_rest(served: Served, body: dict[str, Any]) -> Response:
    """Align again everything no person made or checked; the answer names the decisions
    that no flag matches any more (``carry.no_longer_applies``), for the page to say."""
    from aligner.carry import describe_gone, no_longer_applies

    gone: list[str] = []

    def apply(current: Alignment) -> Alignment:
        fresh = served.realign_rest(current)
        gone[:] = [describe_gone(flag) for flag in no_longer_applies(current, fresh)]
        return fresh

    return served.change(
        body, apply, lambda written: {"alignment": to_json(written), "reviewer": served.reviewer, "gone": gone}
    )


ROUTES = [
    Route("/", page),
    Route("/static/{name}", asset),
    Route("/api/alignment", get_alignment),
    Route("/api/decide", _api(decide), methods=["POST"]),
    Route("/api/correct", _api(correct), methods=["POST"]),
    Route("/api/undo", _api(undo), methods=["POST"]),
    Route("/api/redo", _api(redo), methods=["POST"]),
    Route("/api/realign", _api(realign_rest), methods=["POST"]),
]


def make_app(
    path: str | Path,
    token: str,
    allowed_hosts: tuple[str, ...],
    realign: Callable[..., Alignment] | None = None,
    reviewer: str = "",
) -> Starlette:
    """The app for one alignment file. ``allowed_hosts`` are the Host headers it answers
    (``127.0.0.1:8765``, ``localhost:8765``); ``realign`` aligns the rest again (by default
    ``pipeline.realign`` with the alignment's own settings, which loads the model at the
    first use); ``reviewer`` is the name the page starts with (a page remembers the name
    typed in it, but each run listens on a new port, which the browser takes for another
    site)."""
    app = Starlette(routes=ROUTES, middleware=[Middleware(Guard)])
    app.state.served = Served(Path(path), token, allowed_hosts, realign, reviewer=reviewer)
    return app


def serve(
    path: str | Path,
    host: str = "127.0.0.1",
    port: int = 0,
    on_ready: Callable[[str], None] | None = None,
    reviewer: str = "",
) -> None:
    """Serve the review page of ``path`` until Ctrl-C; ``on_ready`` gets the page's address
    (with its token) once the server listens; ``reviewer`` as for ``make_app``."""
    import secrets
    import socket

    import uvicorn

    if Path(path).exists() and not Path(path).is_file():  # a pipe or a device: reading would wait forever
        raise InputError("is not a regular file (a pipe or a device): the server writes it back", str(path))
    load(str(path))  # a file that is not an alignment is refused before anything listens
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Each answer leaves in two writes (headers, then body); without this the body waited
    # for the browser's delayed acknowledgement: 40 ms on every request, half of a decision.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(128)  # listening before the address is printed: a browser opened at once is queued
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    hosts = (f"{shown}:{bound}",) + ((f"localhost:{bound}",) if host == "127.0.0.1" else ())
    token = secrets.token_urlsafe(24)
    app = make_app(path, token, hosts, reviewer=reviewer)
    config = uvicorn.Config(app, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    if on_ready:
        on_ready(f"http://{shown}:{bound}/?token={token}")
    server.run(sockets=[sock])
