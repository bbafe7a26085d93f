"""The alignment document: JSON written by ``aligner align`` and read by the later stages.

Also the two plain renderings: Vecalign-style beads and side-by-side TSV.
"""

from __future__ import annotations

import enum
import json
import math
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from aligner.carry import carry_over
from aligner.errors import ConflictError, InputError
from aligner.files import read_text
from aligner.model import (
    Alignment,
    Bead,
    Correction,
    CorrectionOp,
    Decision,
    Flag,
    FlagType,
    InputFormat,
    Retired,
    Review,
    Sentence,
    Severity,
    Side,
    language_tag,
    member,
)
from aligner.printable import shown

_Name = TypeVar("_Name", bound=enum.StrEnum)

FORMAT_NAME = "aligner-alignment"
FORMAT_VERSION = 1


def _side_to_json(side: Side) -> dict[str, Any]:
    return {
        "lang": side.lang,
        "path": side.path,
        "format": side.format,
        "sha256": side.sha256,
        "sentences": [
            {"index": s.index, "text": s.text, "start": s.start, "end": s.end, "paragraph": s.paragraph}
            for s in side.sentences
        ],
    }


def to_json(alignment: Alignment) -> dict[str, Any]:
    """The alignment as a JSON-ready dict (see README, "Alignment file")."""
    return (
        {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "signature": alignment.signature,
            "source": _side_to_json(alignment.source),
            "target": _side_to_json(alignment.target),
            "beads": [_bead_to_json(b) for b in alignment.beads],
            "flags": [flag_to_json(f) for f in alignment.flags],
        }
        | ({"corrections": [_correction_to_json(c) for c in alignment.corrections]} if alignment.corrections else {})
        | ({"retired": [_retired_to_json(r) for r in alignment.retired]} if alignment.retired else {})
    )


def _review_to_json(review: Review) -> dict[str, Any]:
    return {"decision": review.decision, "note": review.note, "reviewer": review.reviewer, "at": review.at}


def _retired_to_json(r: Retired) -> dict[str, Any]:
    return {
        "type": r.type,
        "message": r.message,
        "source_text": r.src_text,
        "target_text": r.tgt_text,
        "key": r.key,
        "review": _review_to_json(r.review),
    }


def _bead_to_json(bead: Bead) -> dict[str, Any]:
    out: dict[str, Any] = {"src": list(bead.src), "tgt": list(bead.tgt), "score": bead.score, "type": bead.kind}
    return out | {"fixed": True} if bead.fixed else out


def _correction_to_json(c: Correction) -> dict[str, Any]:
    return {"op": c.op.value, "src": list(c.src), "tgt": list(c.tgt), "reviewer": c.reviewer, "at": c.at}


def flag_to_json(flag: Flag) -> dict[str, Any]:
    """One flag as JSON."""
    return {
        "type": flag.type,
        "severity": flag.severity,
        "src": list(flag.src),
        "tgt": list(flag.tgt),
        "src_span": list(flag.src_span) if flag.src_span else None,
        "tgt_span": list(flag.tgt_span) if flag.tgt_span else None,
        "message": flag.message,
        "evidence": flag.evidence,
        "key": flag.key,
        "review": None if flag.review is None else _review_to_json(flag.review),
    }


def dumps(alignment: Alignment) -> str:
    """Serialise to the JSON text that ``aligner align -o`` writes (stable key order)."""
    return json.dumps(to_json(alignment), ensure_ascii=False, indent=1) + "\n"


def format_beads(alignment: Alignment) -> str:
    """One bead per line, as Vecalign writes them: ``[0, 1]:[2]`` (``[]`` for an empty side)."""
    return "".join(f"{b.notation}\n" for b in alignment.beads)


def _clean_cell(text: str) -> str:
    """A TSV cell: tabs and line breaks as spaces, control characters as escapes."""
    return shown(text.replace("\t", " ").replace("\n", " "))


def format_tsv(alignment: Alignment) -> str:
    """Source text, target text and score of each bead, tab-separated, one bead per line."""
    src = alignment.source.sentences
    tgt = alignment.target.sentences
    lines = ["source\ttarget\tscore\n"]
    for bead in alignment.beads:
        left = " ".join(src[i].text for i in bead.src)
        right = " ".join(tgt[j].text for j in bead.tgt)
        lines.append(f"{_clean_cell(left)}\t{_clean_cell(right)}\t{bead.score:.3f}\n")
    return "".join(lines)


RENDERINGS: dict[str, Callable[[Alignment], str]] = {"json": dumps, "beads": format_beads, "tsv": format_tsv}
"""What ``aligner align --format`` can write: the alignment document, Vecalign's bead lines,
or source and target text side by side."""


# --- reading -----------------------------------------------------------------------------


class _Bad(Exception):
    pass


def _need(obj: Any, key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(obj, dict) or key not in obj:
        raise _Bad(f"{where}: missing '{key}'")
    value = obj[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise _Bad(f"{where}.{key}: expected {getattr(kind, '__name__', kind)}")
    return value


def _one_of(value: Any, vocabulary: type[_Name], where: str) -> _Name:
    """``value`` as a member of ``vocabulary``, or the problem naming every allowed value."""
    try:
        return member(vocabulary, value, where)
    except ValueError as exc:
        raise _Bad(str(exc)) from None


def _indices(value: Any, limit: int, where: str) -> tuple[int, ...]:
    if not isinstance(value, list) or not all(isinstance(x, int) and not isinstance(x, bool) for x in value):
        raise _Bad(f"{where}: expected a list of sentence indices")
    for x in value:
        if not 0 <= x < limit:
            raise _Bad(f"{where}: sentence {x} out of range (0..{limit - 1})")
    return tuple(value)


def _side_from_json(obj: Any, name: str) -> Side:
    sentences = []
    for k, raw in enumerate(_need(obj, "sentences", list, name)):
        where = f"{name}.sentences[{k}]"
        sentences.append(
            Sentence(
                index=_need(raw, "index", int, where),
                text=_need(raw, "text", str, where),
                start=_need(raw, "start", int, where),
                end=_need(raw, "end", int, where),
                paragraph=_need(raw, "paragraph", int, where),
            )
        )
        if sentences[-1].index != k:
            raise _Bad(f"{where}.index: expected {k}")
    try:
        lang = language_tag(_need(obj, "lang", str, name), name + ".lang")
    except ValueError as exc:
        raise _Bad(str(exc)) from None
    return Side(
        lang=lang,
        path=_need(obj, "path", str, name),
        sentences=tuple(sentences),
        sha256=str(obj.get("sha256", "")),
        format=_one_of(obj.get("format", InputFormat.TXT), InputFormat, name + ".format"),
    )


def _pair(value: Any, where: str) -> tuple[int, int] | None:
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(x, int) for x in value)):
        raise _Bad(f"{where}: expected [start, end] or null")
    return value[0], value[1]


def _review_from_json(raw: Any, where: str) -> Review:
    decision = _one_of(_need(raw, "decision", str, where), Decision, where + ".decision")
    return Review(decision, str(raw.get("note", "")), str(raw.get("reviewer", "")), str(raw.get("at", "")))


def _retired_from_json(raw: Any, where: str) -> Retired:
    if not isinstance(raw, dict):
        raise _Bad(f"{where}: expected an object")
    return Retired(
        _one_of(_need(raw, "type", str, where), FlagType, where + ".type"),
        str(raw.get("message", "")),
        str(raw.get("source_text", "")),
        str(raw.get("target_text", "")),
        str(raw.get("key", "")),
        _review_from_json(_need(raw, "review", dict, where), where + ".review"),
    )


def _flag_from_json(raw: Any, where: str, n_src: int, n_tgt: int) -> Flag:
    severity = _one_of(_need(raw, "severity", str, where), Severity, where + ".severity")
    review = raw.get("review")
    if review is not None:
        review = _review_from_json(review, where + ".review")
    evidence = raw.get("evidence", {})
    return Flag(
        type=_one_of(_need(raw, "type", str, where), FlagType, where + ".type"),
        severity=severity,
        src=_indices(raw.get("src", []), n_src, where + ".src"),
        tgt=_indices(raw.get("tgt", []), n_tgt, where + ".tgt"),
        message=str(raw.get("message", "")),
        src_span=_pair(raw.get("src_span"), where + ".src_span"),
        tgt_span=_pair(raw.get("tgt_span"), where + ".tgt_span"),
        evidence=evidence if isinstance(evidence, dict) else {},
        key=str(raw.get("key", "")),
        review=review,
    )


def from_json(data: Any) -> Alignment:
    """Build an Alignment from parsed JSON; raises ValueError with the first problem found."""
    try:
        if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
            raise _Bad(f'not an aligner alignment file (no "format": "{FORMAT_NAME}")')
        version = data.get("version")
        if version != FORMAT_VERSION:
            raise _Bad(f"unsupported version {version!r} (this aligner reads version {FORMAT_VERSION})")
        source = _side_from_json(data.get("source"), "source")
        target = _side_from_json(data.get("target"), "target")
        beads = []
        next_src = next_tgt = 0  # beads are in document order: each takes the next sentences
        for k, raw in enumerate(_need(data, "beads", list, "alignment")):
            where = f"beads[{k}]"
            src = _indices(_need(raw, "src", list, where), len(source.sentences), where + ".src")
            tgt = _indices(_need(raw, "tgt", list, where), len(target.sentences), where + ".tgt")
            score = _need(raw, "score", (int, float), where)
            if not (math.isfinite(score) and 0.0 <= score <= 1.0):
                raise _Bad(f"{where}.score: {score!r} is not a number from 0 to 1")
            for name, idx, expected in (("src", src, next_src), ("tgt", tgt, next_tgt)):
                if idx and idx != tuple(range(expected, expected + len(idx))):
                    raise _Bad(
                        f"{where}.{name}: expected the next sentences in order, from {expected}, not {list(idx)}"
                    )
            if not src and not tgt:
                raise _Bad(f"{where}: a bead with no sentence on either side")
            next_src += len(src)
            next_tgt += len(tgt)
            fixed = raw.get("fixed", False)
            if not isinstance(fixed, bool):
                raise _Bad(f"{where}.fixed: expected true or false")
            beads.append(Bead(src, tgt, float(score), fixed))
        if next_src != len(source.sentences) or next_tgt != len(target.sentences):
            raise _Bad("some sentences are in no bead")
        flags = []
        for k, raw in enumerate(_need(data, "flags", list, "alignment")):
            flags.append(_flag_from_json(raw, f"flags[{k}]", len(source.sentences), len(target.sentences)))
        corrections = []
        for k, raw in enumerate(data.get("corrections", [])):
            where = f"corrections[{k}]"
            corrections.append(
                Correction(
                    _one_of(_need(raw, "op", str, where), CorrectionOp, where + ".op"),
                    _indices(raw.get("src", []), len(source.sentences), where + ".src"),
                    _indices(raw.get("tgt", []), len(target.sentences), where + ".tgt"),
                    str(raw.get("reviewer", "")),
                    str(raw.get("at", "")),
                )
            )
        retired = data.get("retired", [])
        if not isinstance(retired, list):
            raise _Bad("retired: expected a list")
        signature = data.get("signature", {})
        signature = signature if isinstance(signature, dict) else {}
        return Alignment(
            source,
            target,
            tuple(beads),
            tuple(flags),
            signature,
            tuple(corrections),
            tuple(_retired_from_json(raw, f"retired[{k}]") for k, raw in enumerate(retired)),
        )
    except _Bad as exc:
        raise ValueError(str(exc)) from None


_LONE_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def load(path: str) -> Alignment:
    """Read and validate an alignment file; an InputError names the file and the problem.

    Whatever the file holds, the error is one of these: not JSON (including NaN, numbers
    too long to read, nesting too deep), text that is no Unicode (a lone surrogate
    escaped as ``\\ud800``, which no output could write), or the first thing that does
    not fit the format."""
    text = read_text(path)
    try:
        data = json.loads(text, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})", path) from exc
    except RecursionError:
        raise InputError("not an alignment file: nested too deeply", path) from None
    except ValueError as exc:  # NaN / Infinity, an integer of thousands of digits
        raise InputError(f"not valid JSON: {exc}", path) from None
    if _LONE_SURROGATE.search(text):
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise InputError("holds text that is no Unicode (a lone surrogate such as \\ud800)", path) from None
    try:
        return from_json(data)
    except ValueError as exc:
        raise InputError(str(exc), path) from exc
    except RecursionError:
        raise InputError("not an alignment file: nested too deeply", path) from None


def load_previous(path: str | os.PathLike[str] | None) -> Alignment | None:
    """The alignment already at ``path`` when there is a readable one (whose decisions a new
    alignment written there keeps), else None."""
    if path is None or not Path(path).is_file():
        return None
    try:
        return load(str(path))
    except InputError:
        return None


@contextmanager
def locked(path: str | os.PathLike[str]) -> Iterator[None]:
    """Hold the lock every writer of alignment files takes: an exclusive ``flock`` on the
    file's folder (``review -i``, the review server, ``align -o``, ``batch``). Writers read
    the file again inside it, so that none writes over what another wrote meanwhile."""
    import fcntl

    folder = os.open(os.path.dirname(os.path.abspath(path)), os.O_RDONLY)
    try:
        fcntl.flock(folder, fcntl.LOCK_EX)
        yield
    finally:
        os.close(folder)  # closing the descriptor releases the lock


def update(path: str, change: Callable[[Alignment], Alignment]) -> Alignment:
    """Apply ``change`` to the alignment file at ``path`` as it is now, and write the result
    (atomically); return it.

    The file is read again under the writers' lock (:func:`locked`), so that two processes
    that record decisions in one file (two ``review -i`` runs) each change what the other
    wrote, and neither loses a decision. ``change`` may raise (KeyError: the flag it
    decides on is gone); the file is then left as it was.
    """
    return update_text(path, change)[0]


def update_text(path: str, change: Callable[[Alignment], Alignment]) -> tuple[Alignment, str]:
    """``update``, returning the text written too (the review server's version of the file
    is its hash: no second read)."""
    from aligner.files import write_atomic

    with locked(path):
        changed = change(load(path))
        text = dumps(changed)
        write_atomic(path, text)
        return changed, text


def write_over(path: str, fresh: Alignment, read_before: Alignment | None) -> Alignment:
    """Write a fresh alignment of the same texts at ``path`` (``align -o``, ``batch``), merged
    into the file as it is now, under the writers' lock; return what was written.

    ``read_before`` is the file as it was when the work began (its decisions and beads are
    already in ``fresh``). A decision recorded meanwhile (the review server, ``review -i``)
    is kept: every flag of ``fresh`` whose key the file now has takes the file's review.
    Beads a person corrected meanwhile cannot be merged without aligning again: a
    ConflictError then, and the file is left as it is. So is a file that is no readable
    alignment (a hand edit): it may hold decisions, and only a person may drop them.
    """
    from aligner.files import write_atomic

    with locked(path):
        if os.path.isfile(path) and _looks_like_json(path):
            now = _readable(path)
            if _corrected(now) != (_corrected(read_before) if read_before is not None else ((), ())):
                raise ConflictError(
                    "a person corrected its beads while it was being aligned: nothing was written; "
                    "run the command again to align around the corrections",
                    path,
                )
            fresh = carry_over(now, fresh, undecided_too=True)
        write_atomic(path, dumps(fresh))
        return fresh


def to_write_over(path: str | os.PathLike[str] | None) -> Alignment | None:
    """The alignment a command is about to write over at ``path``, read before the work
    begins: None when there is none (no file, or a file that is no JSON object at all: what
    ``-o`` names is written over); a ConflictError when it is an alignment that cannot be
    read (a hand edit that broke it: see :func:`write_over`)."""
    if path is None or not os.path.isfile(path) or not _looks_like_json(str(path)):
        return None
    return _readable(str(path))


def _looks_like_json(path: str) -> bool:
    """Whether a file begins as a JSON object does (an alignment, perhaps a broken one)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")
    except OSError:
        return False


def _readable(path: str) -> Alignment:
    try:
        return load(path)
    except InputError as exc:
        raise ConflictError(
            f"{exc.message}: it may hold review decisions, so it is not written over "
            "(fix it, or move it away to align afresh)",
            path,
        ) from None


def _corrected(alignment: Alignment) -> tuple[object, ...]:
    """What a person did to an alignment's beads: the beads they fixed and the corrections."""
    return (tuple(b for b in alignment.beads if b.fixed), alignment.corrections)
