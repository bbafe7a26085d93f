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
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from aligner.alignfile import load, to_json, update
from aligner.errors import AlignerError
from aligner.model import Alignment, Decision
from aligner.review.history import History, Refused
from aligner.review.history import apply_back as history_apply_back

STATIC = Path(__file__).with_name("static")
CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'none'; base-uri 'none'"


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
    embedder: Any = None
    history: History = field(default_factory=History)

    @property
    def origins(self) -> set[str]:
        return {f"http://{host}" for host in self.allowed_hosts}

    def state(self) -> dict[str, Any]:
        """The file as the page sees it: its version and its alignment."""
        return {"version": _version(self.file), "alignment": to_json(load(str(self.file)))}

    def change(self, body: dict[str, Any], apply: Callable[[Alignment], Alignment]) -> Response:
        """Apply ``apply`` to the file as it is, if it is still the version the page saw;
        the page (``body["page"]``) can undo it."""
        version = str(body.get("version", ""))
        page = str(body.get("page", ""))
        done: list[tuple[Alignment, Alignment]] = []

        def checked(current: Alignment) -> Alignment:
            if not hmac.compare_digest(_version(self.file), version):
                raise Conflict
            done.append((current, apply(current)))
            return done[-1][1]

        response = self._write(checked)
        if response.status_code == 200 and done:
            self.history.record(page, *done[-1])
        return response

    def step_back(self, body: dict[str, Any], redo: bool) -> Response:
        """The page's last change taken back (or its last undo made again), on the file as
        it is now (``history.py``)."""
        page = str(body.get("page", ""))
        step = self.history.next(page, redo)
        if step is None:
            return JSONResponse({"error": f"nothing to {'redo' if redo else 'undo'} from this page"}, status_code=422)
        response = self._write(lambda current: history_apply_back(step, current))
        if response.status_code == 200:
            self.history.done(page, redo)
        return response

    def _write(self, change: Callable[[Alignment], Alignment]) -> Response:
        try:
            update(str(self.file), change)
        except Conflict:
            return JSONResponse({"error": "the file changed since the page loaded it: reload"}, status_code=409)
        except Refused as exc:
            return JSONResponse({"error": str(exc)}, status_code=409)
        except (AlignerError, KeyError, ValueError, TypeError) as exc:
            message = exc.describe() if isinstance(exc, AlignerError) else f"not possible: {exc}"
            return JSONResponse({"error": message}, status_code=422)
        return JSONResponse(self.state())

    def realign_rest(self, alignment: Alignment) -> Alignment:
        """``realign`` if given, else ``pipeline.realign`` with the model loaded once."""
        if self.realign is not None:
            return self.realign(alignment)
        from aligner.pipeline import make_embedder
        from aligner.pipeline import realign as default
        from aligner.settings import Settings

        if self.embedder is None:
            self.embedder = make_embedder(Settings())
        # The only file the server reads or writes is the alignment: not the texts it names.
        return default(alignment, embedder=self.embedder, read_originals=False)


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
        if not hmac.compare_digest(given, served.token):
            return JSONResponse({"error": "a valid token is needed (see the address aligner printed)"}, 403)
        if request.method == "POST" and request.headers.get("origin", "") not in served.origins:
            return JSONResponse({"error": "a change must come from the review page itself"}, status_code=403)
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response


async def _body(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.body())
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


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
    try:
        return JSONResponse(_served(request).state())
    except AlignerError as exc:
        return JSONResponse({"error": exc.describe()}, status_code=422)


async def decide(request: Request) -> Response:
    """A decision on a flag (``clear``: none), in the reviewer's name."""
    from aligner.decisions import decide as record
    from aligner.decisions import set_review

    body = await _body(request)
    reviewer = str(body.get("reviewer", "")).strip()
    key = str(body.get("key", ""))
    if body.get("decision") == "clear":
        return _served(request).change(body, lambda a: set_review(a, key, None))
    if not reviewer:
        return JSONResponse({"error": "say who you are first"}, status_code=422)
    decision = Decision(str(body.get("decision", "")))
    return _served(request).change(body, lambda a: record(a, key, decision, str(body.get("note", "")), reviewer))


async def correct(request: Request) -> Response:
    """A correction of the beads: merge, split, unlink, check or link."""
    from aligner import corrections

    body = await _body(request)
    reviewer = str(body.get("reviewer", "")).strip()
    if not reviewer:
        return JSONResponse({"error": "say who you are first"}, status_code=422)
    op = str(body.get("op", ""))
    bead = int(body.get("bead", -1)) if isinstance(body.get("bead", -1), int) else -1
    operations: dict[str, Callable[[Alignment], Alignment]] = {
        "merge": lambda a: corrections.merge(a, bead, reviewer),
        "split": lambda a: corrections.split(a, bead, int(body["src_at"]), int(body["tgt_at"]), reviewer),
        "unlink": lambda a: corrections.unlink(a, bead, reviewer),
        "check": lambda a: corrections.check(a, bead, reviewer),
        "link": lambda a: corrections.link(
            a, tuple(int(i) for i in body["src"]), tuple(int(j) for j in body["tgt"]), reviewer
        ),
    }
    if op not in operations:
        return JSONResponse({"error": f"no such correction {op!r}"}, status_code=422)
    return _served(request).change(body, operations[op])


async def undo(request: Request) -> Response:
    """Take back the page's last change (only its own: see ``history.py``)."""
    return _served(request).step_back(await _body(request), redo=False)


async def redo(request: Request) -> Response:
    """Make the page's last undone change again."""
    return _served(request).step_back(await _body(request), redo=True)


async def realign_rest(request: Request) -> Response:
    """Align again everything no person made or checked."""
    served = _served(request)
    return served.change(await _body(request), served.realign_rest)


ROUTES = [
    Route("/", page),
    Route("/static/{name}", asset),
    Route("/api/alignment", get_alignment),
    Route("/api/decide", decide, methods=["POST"]),
    Route("/api/correct", correct, methods=["POST"]),
    Route("/api/undo", undo, methods=["POST"]),
    Route("/api/redo", redo, methods=["POST"]),
    Route("/api/realign", realign_rest, methods=["POST"]),
]


def make_app(
    path: str | Path, token: str, allowed_hosts: tuple[str, ...], realign: Callable[..., Alignment] | None = None
) -> Starlette:
    """The app for one alignment file. ``allowed_hosts`` are the Host headers it answers
    (``127.0.0.1:8765``, ``localhost:8765``); ``realign`` aligns the rest again (by default
    ``pipeline.realign``, which loads the model at the first use)."""
    app = Starlette(routes=ROUTES, middleware=[Middleware(Guard)])
    app.state.served = Served(Path(path), token, allowed_hosts, realign)
    return app


def serve(
    path: str | Path, host: str = "127.0.0.1", port: int = 0, on_ready: Callable[[str], None] | None = None
) -> None:
    """Serve the review page of ``path`` until Ctrl-C; ``on_ready`` gets the page's address
    (with its token) once the server listens."""
    import secrets
    import socket

    import uvicorn

    load(str(path))  # a file that is not an alignment is refused before anything listens
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)  # listening before the address is printed: a browser opened at once is queued
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    hosts = (f"{shown}:{bound}",) + ((f"localhost:{bound}",) if host == "127.0.0.1" else ())
    token = secrets.token_urlsafe(24)
    app = make_app(path, token, hosts)
    config = uvicorn.Config(app, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    if on_ready:
        on_ready(f"http://{shown}:{bound}/?token={token}")
    server.run(sockets=[sock])
