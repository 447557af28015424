"""PyTorch, the reference every property compares with.

Everything runs in float64 on the CPU.  References are pure functions of their inputs,
so they are memoised: the grader computes each one once per process and reuses it for
every submission (the inputs are the same for all of them, see grader/engine/running.py).  The
grader also keeps them on disk between runs (:func:`save_references`), so a grading
process whose references are all known never imports PyTorch: ``torch`` here is a
stand-in that imports the real module on first use.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from grader.define.frozen import identity_key

F = TypeVar("F", bound=Callable[..., Any])
_MEMO_LIMIT = 200_000


class _LazyTorch:
    """``torch``, imported when an attribute is first needed (seconds of start-up)."""

    def __getattr__(self, name: str) -> Any:
        module = importlib.import_module("torch")
        if not getattr(module, "_dlkit_configured", False):
            module.set_num_threads(1)  # tiny tensors: threads add overhead, nondeterminism
            module._dlkit_configured = True
        return getattr(module, name)


torch: Any = _LazyTorch()


def _feed(out: list[Any], value: Any) -> None:
    """Append `value`'s content to the byte chunks `out` (hashed by :func:`_key`): arrays
    by dtype, shape and bytes, the rest by type and repr (exact for floats), so 1, 1.0
    and True are different inputs.  The exact built-in scalars are spelled out here
    without building a tuple to repr (the same bytes, at a fraction of the cost: these
    keys are computed for every reference the grader looks up)."""
    kind = type(value)
    if kind is int:
        out.append(b"('int', %d);" % value)
    elif kind is float:
        out.append(b"('float', %s);" % float.__repr__(value).encode())
    elif kind is bool:
        out.append(_TRUE if value else _FALSE)
    elif value is None:
        out.append(_NONE)
    elif kind is np.ndarray:
        out.append(b"a%s%s:" % (value.dtype.str.encode(), repr(value.shape).encode()))
        # The array's memory in C order, as tobytes() would give it, without the copy.
        out.append(np.ascontiguousarray(value).reshape(-1).view(np.uint8))
    elif isinstance(value, np.ndarray):  # a subclass: as an array too
        _feed(out, np.asarray(value))
    elif kind is tuple or kind is list:
        out.append(b"(%d:" % len(value))
        for item in value:
            _feed(out, item)
        out.append(b")")
    else:
        out.append(repr((kind.__name__, value)).encode() + b";")


_TRUE, _FALSE, _NONE = b"('bool', True);", b"('bool', False);", b"('NoneType', None);"


def _key(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    chunks: list[Any] = []
    _feed(chunks, args)
    _feed(chunks, tuple(sorted(kwargs.items())))
    digest = hashlib.blake2b(digest_size=16)
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


# Every memoised reference's table, by the function's qualified name; the entries added
# since the tables were last loaded or saved are also in _fresh.
_MEMOS: dict[str, dict[str, Any]] = {}
_fresh: dict[str, dict[str, Any]] = {}


def memoised(fn: F) -> F:
    """Cache a reference function on the content of its arguments.

    The content key hashes every argument's bytes (:func:`_key`).  Most lookups pass the
    same frozen inputs for every submission (:mod:`grader.define.frozen`), so a second table
    maps those arguments' identities to their content key.  86% of a correct submission's
    2,800 lookups then skip the hashing: 0.01 s instead of 0.03 s of the grader's 0.35 s
    (measured on the 2-core VM of benchmarks/bench_grading.py).
    """
    name = f"{fn.__module__}.{fn.__qualname__}"
    memo = _MEMOS.setdefault(name, {})
    # identity key -> (the arguments, kept alive; their content key)
    known: dict[tuple[Any, ...], tuple[Any, str]] = {}

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        identity = identity_key(args, kwargs)
        seen = known.get(identity) if identity is not None else None
        key = seen[1] if seen is not None else _key(args, kwargs)
        if key not in memo:
            if len(memo) >= _MEMO_LIMIT:
                memo.clear()
            memo[key] = _fresh.setdefault(name, {})[key] = fn(*args, **kwargs)
        if identity is not None and seen is None:
            if len(known) >= _MEMO_LIMIT:
                known.clear()
            known[identity] = ((args, kwargs), key)
        return memo[key]

    return wrapper  # type: ignore[return-value]


def references() -> dict[str, dict[str, Any]]:
    """Every reference computed or loaded so far (for the grader's disk cache)."""
    return {name: dict(memo) for name, memo in _MEMOS.items() if memo}


def load_references(table: dict[str, Any]) -> None:
    """Take references computed by an earlier process of the same kit and PyTorch."""
    for name, entries in table.items():
        if name in _MEMOS and isinstance(entries, dict):
            _MEMOS[name].update(entries)


def references_changed() -> bool:
    """Whether references were computed since the last :func:`mark_saved`."""
    return bool(_fresh)


def mark_saved() -> None:
    _fresh.clear()


def take_fresh() -> dict[str, dict[str, Any]]:
    """The references computed since the last save or take, which then count as saved
    here: grade-all's pool processes hand theirs to the main process, which saves once."""
    taken = {name: dict(entries) for name, entries in _fresh.items()}
    _fresh.clear()
    return taken


def add_fresh(table: dict[str, dict[str, Any]]) -> None:
    """Take references another process computed (:func:`take_fresh`), to be saved here."""
    for name, entries in table.items():
        _MEMOS.setdefault(name, {}).update(entries)
        _fresh.setdefault(name, {}).update(entries)


def tensor(x: np.ndarray, grad: bool = False) -> torch.Tensor:
    return torch.tensor(np.asarray(x, dtype=np.float64), dtype=torch.float64, requires_grad=grad)


def numpy(t: torch.Tensor) -> np.ndarray:
    return t.detach().numpy().copy()


def forward_backward(
    fn: Callable[..., torch.Tensor], inputs: list[np.ndarray], dout: np.ndarray
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Run `fn` on tensors made from `inputs`, backpropagate `dout`, return out and grads."""
    ts = [tensor(x, grad=True) for x in inputs]
    out = fn(*ts)
    out.backward(tensor(dout))
    return numpy(out), [
        numpy(t.grad) if t.grad is not None else np.zeros_like(x) for t, x in zip(ts, inputs)
    ]


def refuses(build: Callable[[], Any]) -> bool:
    """True when PyTorch raises for this configuration (any exception type)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            build()
        except Exception:
            return True
    return False
