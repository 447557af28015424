"""The data-only message format between the grader and the worker running student code.

This module uses only the standard library and NumPy: it is loaded inside the sandbox
next to ``worker_main.py`` (as the sibling module ``wire``) and by the grader (as
``grader.isolation.wire``).  Nothing here ever executes code from a message: there is no pickle,
no ``eval``, no import by name; a message is JSON plus raw array bytes.

Frame layout (all integers big-endian)::

    u64 body length | body
    body = u32 header length | header (UTF-8 JSON) | array bytes, concatenated

The JSON header is the value itself, with these encodings:

* ``null``, ``true``/``false``, integers, floats (``NaN``/``Infinity`` allowed), strings:
  themselves;  a ``dict`` with ``str`` keys: a JSON object;
* everything else is a JSON array whose first item is a tag:
  ``["l", items]`` list, ``["t", items]`` tuple,
  ``["a", dtype, shape, offset, nbytes]`` ndarray (its bytes in the array area),
  ``["s", dtype, base64]`` NumPy scalar, ``["g", bit generator, state]``
  ``numpy.random.Generator``, ``["h", id]`` opaque handle, ``["e", type, message,
  traceback]`` exception.

Decoding checks every size against the frame it came in and rejects anything unknown
with :class:`WireError`, so an untrusted peer can neither run code nor make the reader
allocate more than the (bounded) frame it already sent.

The worker's replies travel as :class:`Replies` frames: one frame per batch of replies,
its JSON header a list with one node per reply (so the grader parses one header per
batch, not per call); a reply that is a plain success is the node ``["r", value]``.
Requests, which only ever go from the grader to the worker, use a second body format
(:func:`encode_request`): ``marshal`` with arrays as tagged tuples.
marshal parses in C, about twenty times faster than this JSON walk; it must never read
bytes the other side controls, which is why the grader reads nothing but JSON bodies.
"""

from __future__ import annotations

import base64
import json
import marshal
import math
import os
import re
import struct
from typing import Any

import numpy as np

MAX_FRAME = 64 * 1024 * 1024
MAX_DEPTH = 64
MAX_NDIM = 32

_LENGTH = struct.Struct(">Q")
_HEADER = struct.Struct(">I")
LENGTH_SIZE = _LENGTH.size

# Dtypes a message may carry: booleans, integers, floats and complex numbers, no
# objects, strings, records or datetimes.
_DTYPE_RE = re.compile(r"^[<>|=]?[biufc][0-9]{1,2}$")
_ITEMSIZES = {"b": {1}, "i": {1, 2, 4, 8}, "u": {1, 2, 4, 8}, "f": {2, 4, 8}, "c": {8, 16}}
_GENERATORS = {"PCG64": np.random.PCG64}
# Decoded generators are seeded from this, then given their state: a fixed SeedSequence
# makes that seeding 2x cheaper than asking the OS for entropy (the state is replaced).
_PLACEHOLDER_SEED = np.random.SeedSequence(0)


class WireError(ValueError):
    """A value cannot be encoded, or a message is malformed or too large."""


class Handle:
    """A reference to an object that stays on the other side (a student's cache).

    ``generation`` is for the grader's bookkeeping (which worker process the object
    lives in); it is not sent.
    """

    __slots__ = ("id", "generation", "__weakref__")

    def __init__(self, id: int, generation: int = 0) -> None:
        self.id = id
        self.generation = generation

    def __repr__(self) -> str:
        return f"<cache #{self.id}>"


class RemoteError:
    """An exception raised on the other side, as plain text."""

    __slots__ = ("type", "message", "traceback")

    def __init__(self, type: str, message: str, traceback: str = "") -> None:
        self.type = type
        self.message = message
        self.traceback = traceback

    def __repr__(self) -> str:
        return f"RemoteError({self.type!r}, {self.message!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RemoteError) and (
            (self.type, self.message, self.traceback)
            == (other.type, other.message, other.traceback)
        )


def type_name(value: Any) -> str:
    """A value's type as a student would recognise it (``builtins.`` left out)."""
    cls = type(value)
    name = f"{cls.__module__}.{cls.__qualname__}"
    return name.removeprefix("builtins.")


def _carried(dtype: np.dtype) -> bool:
    """Whether arrays and scalars of this dtype may travel: numbers and booleans only."""
    return dtype.kind in _ITEMSIZES and dtype.itemsize in _ITEMSIZES[dtype.kind]


def _array_dtype(value: np.ndarray) -> np.dtype:
    if not _carried(value.dtype):
        raise WireError(f"a NumPy array of dtype {value.dtype} (only numbers and booleans)")
    return value.dtype


def _scalar_dtype(value: np.generic) -> np.dtype:
    if not _carried(value.dtype):
        raise WireError(f"a NumPy scalar of type {type_name(value)}")
    return value.dtype


def _generator_name(value: np.random.Generator) -> str:
    name = type(value.bit_generator).__name__
    if name not in _GENERATORS:
        raise WireError(f"a random Generator backed by {name} (only PCG64)")
    return name


# --------------------------------------------------------------------------- encoding


class _Encoder:
    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.buffers: list[bytes] = []
        self.size = 0

    def array(self, value: np.ndarray) -> list[Any]:
        dtype = _array_dtype(value)
        if value.nbytes > self.max_bytes - self.size:
            raise WireError(
                f"an array of shape {value.shape} ({value.nbytes} bytes, over the "
                f"limit of {self.max_bytes} bytes)"
            )
        data = value.tobytes()  # C order, whatever the memory layout
        offset = self.size
        self.buffers.append(data)
        self.size += len(data)
        return ["a", dtype.str, list(value.shape), offset, len(data)]

    def value(self, value: Any, depth: int = 0) -> Any:
        kind = type(value)
        # Exact built-in types first (the common case, and cheap); subclasses below.
        if kind is str or kind is float or kind is bool or value is None:
            return value
        if kind is int:
            return self.integer(value)
        if depth > MAX_DEPTH:
            raise WireError(f"a value nested more than {MAX_DEPTH} levels deep")
        if kind is np.ndarray:
            return self.array(value)
        if kind is dict:
            return self.mapping(value, depth)
        if kind is list:
            return ["l", [self.value(v, depth + 1) for v in value]]
        if kind is tuple:
            return ["t", [self.value(v, depth + 1) for v in value]]
        return self.other(value, depth)

    def integer(self, value: int) -> int:
        if -(1 << 63) <= value < (1 << 63):
            return value
        try:
            str(value)  # very large ints exceed the int/str conversion limit
        except ValueError as exc:
            raise WireError(f"an int too large to send ({exc})") from None
        return int(value)

    def mapping(self, value: dict, depth: int) -> dict[str, Any]:
        out = {}
        for key, item in value.items():
            if type(key) is not str:
                raise WireError(f"a dict with a key of type {type_name(key)}")
            kind = type(item)
            # Strings, floats and booleans stand for themselves (ints need their range checked).
            out[key] = (
                item
                if kind is str or kind is float or kind is bool
                else self.value(item, depth + 1)
            )
        return out

    def other(self, value: Any, depth: int) -> Any:
        # NumPy scalars first: np.float64 is also a float, np.bool_ is not a bool.
        if isinstance(value, np.generic):
            dtype = _scalar_dtype(value)
            return ["s", dtype.str, base64.b64encode(value.tobytes()).decode("ascii")]
        if isinstance(value, bool):
            return bool(value)
        if isinstance(value, int):
            return self.integer(int(value))
        if isinstance(value, float):
            return float(value)
        if isinstance(value, str):
            return str(value)
        if isinstance(value, np.ndarray):
            return self.array(np.asarray(value))
        if isinstance(value, tuple):
            return ["t", [self.value(v, depth + 1) for v in value]]
        if isinstance(value, list):
            return ["l", [self.value(v, depth + 1) for v in value]]
        if isinstance(value, dict):
            return self.mapping(value, depth)
        if isinstance(value, Handle):
            return ["h", int(value.id)]
        if isinstance(value, np.random.Generator):
            return ["g", _generator_name(value), self.value(value.bit_generator.state, depth + 1)]
        if isinstance(value, RemoteError):
            return ["e", value.type, value.message, value.traceback]
        if isinstance(value, BaseException):
            return ["e", type_name(value), _safe_str(value), ""]
        raise WireError(f"a value of type {type_name(value)}")


def _safe_str(exc: BaseException) -> str:
    try:
        return str(exc)
    except Exception:  # a broken __str__ must not break the channel
        return f"<{type_name(exc)}>"


_JSON = json.JSONEncoder(ensure_ascii=True, allow_nan=True, separators=(",", ":"))
_parse_json = json.JSONDecoder().decode


def encode(value: Any, max_bytes: int = MAX_FRAME) -> bytes:
    """The body of a frame holding `value` (raises WireError if it cannot be sent)."""
    encoder = _Encoder(max_bytes)
    tree = encoder.value(value)
    try:
        header = _JSON.encode(tree).encode("ascii")
    except (ValueError, TypeError, RecursionError) as exc:
        raise WireError(f"cannot encode the value ({exc})") from None
    total = _HEADER.size + len(header) + encoder.size
    if total > max_bytes:
        raise WireError(f"a message of {total} bytes, over the limit of {max_bytes} bytes")
    return b"".join([_HEADER.pack(len(header)), header, *encoder.buffers])


def frame(value: Any, max_bytes: int = MAX_FRAME) -> bytes:
    """A complete frame (length prefix + body) holding `value`."""
    body = encode(value, max_bytes)
    return _LENGTH.pack(len(body)) + body


class Replies:
    """Replies packed into one frame: ``add`` each (encoded at once, so a value the wire
    cannot carry is refused by the call that returned it), then ``take`` the frame.
    The frame's header is a JSON list with one node per reply; read it with
    :func:`decode_replies`."""

    def __init__(self, max_bytes: int = MAX_FRAME) -> None:
        self.max_bytes = max_bytes
        self._encoder = _Encoder(max_bytes)
        self._headers: list[bytes] = []
        self._header_size = 0

    def __len__(self) -> int:
        return len(self._headers)

    @property
    def size(self) -> int:
        """The body size of the frame ``take`` would return now."""
        return _HEADER.size + 2 + self._header_size + len(self._headers) + self._encoder.size

    def add(self, reply: Any) -> None:
        """Encode one reply into the batch; WireError (the batch left as it was) when it
        cannot be sent or does not fit in the frame beside the replies already added.

        The usual reply, ``{"ok": True, "value": v, "mutated": [], "warnings": []}``,
        travels as ``["r", node of v]``: a third fewer JSON objects for each side to
        build and walk (see :func:`decode_replies`)."""
        encoder = self._encoder
        buffers, size = len(encoder.buffers), encoder.size
        try:
            if _is_plain_success(reply):
                tree: Any = ["r", encoder.value(reply["value"])]
            else:
                tree = encoder.value(reply)
            header = _JSON.encode(tree).encode("ascii")
            if self.size + len(header) + 1 > self.max_bytes:
                raise WireError(
                    f"a message of over {self.max_bytes} bytes, over the limit of "
                    f"{self.max_bytes} bytes"
                )
        except (WireError, ValueError, TypeError, RecursionError) as exc:
            del encoder.buffers[buffers:]
            encoder.size = size
            if isinstance(exc, WireError):
                raise
            raise WireError(f"cannot encode the value ({exc})") from None
        self._headers.append(header)
        self._header_size += len(header)

    def take(self) -> bytes:
        """The frame holding every reply added since the last ``take`` (b"" if none)."""
        if not self._headers:
            return b""
        header = b"[" + b",".join(self._headers) + b"]"
        buffers = self._encoder.buffers
        self._encoder, self._headers, self._header_size = _Encoder(self.max_bytes), [], 0
        return b"".join(
            [
                _LENGTH.pack(_HEADER.size + len(header) + sum(map(len, buffers))),
                _HEADER.pack(len(header)),
                header,
                *buffers,
            ]
        )


_PLAIN_SUCCESS_KEYS = ("ok", "value", "mutated", "warnings")


def _is_plain_success(reply: Any) -> bool:
    return (
        type(reply) is dict
        and tuple(reply) == _PLAIN_SUCCESS_KEYS
        and reply["ok"] is True
        and reply["mutated"] == []
        and reply["warnings"] == []
    )


def _announced_length(prefix: bytes, max_bytes: int) -> int:
    """The body length a frame's 8-byte prefix announces, checked against the limit."""
    if len(prefix) != LENGTH_SIZE:
        raise WireError("truncated frame length")
    (length,) = _LENGTH.unpack(prefix)
    if length > max_bytes:
        raise WireError(f"a message of {length} bytes, over the limit of {max_bytes} bytes")
    return length


def body_length(prefix: bytes, max_bytes: int = MAX_FRAME) -> int:
    """The body length announced by a JSON frame's prefix, checked against the limit."""
    length = _announced_length(prefix, max_bytes)
    if length < _HEADER.size:
        raise WireError("a frame too short to hold a header")
    return length


# --------------------------------------------------------------------------- decoding


# Dtype strings already accepted (a handful: '<f8', '|b1', ...), so that each array of a
# message does not pay for the regular expression and np.dtype() again.
_ACCEPTED_DTYPES: dict[str, np.dtype] = {}


def _checked_dtype(text: Any) -> np.dtype:
    if type(text) is str:
        known = _ACCEPTED_DTYPES.get(text)
        if known is not None:
            return known
    if not isinstance(text, str) or not _DTYPE_RE.match(text):
        raise WireError(f"unsupported dtype {text!r}")
    dtype = np.dtype(text)
    if not _carried(dtype):
        raise WireError(f"unsupported dtype {text!r}")
    if len(_ACCEPTED_DTYPES) < 64:
        _ACCEPTED_DTYPES[str(text)] = dtype
    return dtype


def _int(value: Any, what: str) -> int:
    if type(value) is not int or value < 0:
        raise WireError(f"bad {what}: {value!r}")
    return value


class _Decoder:
    def __init__(self, arrays: memoryview, make_handle: Any) -> None:
        self.arrays = arrays
        self.make_handle = make_handle

    def value(self, node: Any, depth: int = 0) -> Any:
        kind = type(node)
        if kind is str or kind is float or kind is int or kind is bool or node is None:
            return node
        if depth > MAX_DEPTH:
            raise WireError("message nested too deeply")
        if kind is dict:
            return {key: self.value(item, depth + 1) for key, item in node.items()}
        if not isinstance(node, list) or not node or not isinstance(node[0], str):
            raise WireError(f"malformed node {str(node)[:80]!r}")
        tag = node[0]
        # Arrays, lists and tuples first, without slicing: most of every message.
        if tag == "a" and len(node) == 5:
            return self.array(node[1], node[2], node[3], node[4])
        if (tag == "l" or tag == "t") and len(node) == 2 and isinstance(node[1], list):
            items = [self.value(item, depth + 1) for item in node[1]]
            return items if tag == "l" else tuple(items)
        rest = node[1:]
        if tag == "s" and len(rest) == 2 and isinstance(rest[1], str):
            dtype = _checked_dtype(rest[0])
            try:
                raw = base64.b64decode(rest[1].encode("ascii"), validate=True)
            except (ValueError, UnicodeEncodeError):
                raise WireError("bad scalar bytes") from None
            if len(raw) != dtype.itemsize:
                raise WireError("scalar bytes do not match its dtype")
            return np.frombuffer(raw, dtype=dtype)[0]
        if tag == "h" and len(rest) == 1:
            return self.make_handle(_int(rest[0], "handle"))
        if tag == "g" and len(rest) == 2 and rest[0] in _GENERATORS:
            state = self.value(rest[1], depth + 1)
            if not isinstance(state, dict):
                raise WireError("bad random generator state")
            bit_generator = _GENERATORS[rest[0]](_PLACEHOLDER_SEED)
            try:
                bit_generator.state = state
            except (TypeError, ValueError, KeyError, OverflowError) as exc:
                raise WireError(f"bad random generator state ({exc})") from None
            return np.random.Generator(bit_generator)
        if tag == "e" and len(rest) == 3 and all(isinstance(x, str) for x in rest):
            return RemoteError(*rest)
        raise WireError(f"unknown or malformed tag {tag[:20]!r}")

    def array(self, dtype_text: Any, shape: Any, offset: Any, nbytes: Any) -> np.ndarray:
        dtype = _checked_dtype(dtype_text)
        if type(shape) is not list or len(shape) > MAX_NDIM:
            raise WireError("bad array shape")
        for d in shape:
            if type(d) is not int or d < 0:
                raise WireError(f"bad array dimension: {d!r}")
        dims = tuple(shape)
        offset, nbytes = _int(offset, "array offset"), _int(nbytes, "array size")
        if math.prod(dims) * dtype.itemsize != nbytes:
            raise WireError("array size does not match its shape")
        if offset + nbytes > len(self.arrays):
            raise WireError("array bytes outside the message")
        data = np.frombuffer(self.arrays[offset : offset + nbytes], dtype=dtype)
        return data.reshape(dims).copy()  # own, writable memory, detached from the frame


def _split(body: bytes) -> tuple[Any, memoryview]:
    """A frame body's parsed JSON header, and a view of its array bytes."""
    view = memoryview(body)
    if len(view) < _HEADER.size:
        raise WireError("a frame too short to hold a header")
    (header_length,) = _HEADER.unpack(view[: _HEADER.size])
    end = _HEADER.size + header_length
    if end > len(view):
        raise WireError("header longer than the frame")
    try:
        tree = _parse_json(bytes(view[_HEADER.size : end]).decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise WireError(f"malformed header ({str(exc)[:80]})") from None
    return tree, view[end:]


def decode(body: bytes, make_handle: Any = Handle) -> Any:
    """The value held by a frame body; WireError for anything malformed or unknown."""
    tree, arrays = _split(body)
    return _Decoder(arrays, make_handle).value(tree)


def decode_replies(body: bytes, make_handle: Any = Handle) -> list[Any]:
    """The replies held by a frame body written by :class:`Replies`.

    Replies are decoded as :func:`decode` would, with a shortcut for the entries of a
    reply's top-level dict that are plain JSON scalars (status flags, error texts).  A
    compact success ``["r", node]`` (:meth:`Replies.add`) comes back as the dict it
    stands for.
    """
    trees, arrays = _split(body)
    if type(trees) is not list or not trees:
        raise WireError("a reply frame must hold a non-empty list of replies")
    decoder = _Decoder(arrays, make_handle)
    replies = []
    for tree in trees:
        if type(tree) is list and len(tree) == 2 and tree[0] == "r":
            value = decoder.value(tree[1], 1)
            tree = {"ok": True, "value": value, "mutated": [], "warnings": []}
        elif type(tree) is dict:
            for key, item in tree.items():
                if type(item) is list or type(item) is dict:
                    tree[key] = decoder.value(item, 1)
        else:
            tree = decoder.value(tree)
        replies.append(tree)
    return replies


# --------------------------------------------------------------------------- requests

# Requests: marshal, with the values marshal cannot hold as tuples whose first item is
# one of these tags (a plain tuple that starts with such a string is wrapped in _TUPLE).
_ARRAY, _SCALAR, _GENERATOR, _HANDLE, _TUPLE = "\0a", "\0s", "\0g", "\0h", "\0t"
_TAGS = frozenset({_ARRAY, _SCALAR, _GENERATOR, _HANDLE, _TUPLE})
_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})


def _to_marshal(value: Any, depth: int = 0) -> Any:
    kind = type(value)
    if kind is np.ndarray:
        return (_ARRAY, _array_dtype(value).str, value.shape, value.tobytes())
    if kind is str or kind is float or kind is bool or kind is int or value is None:
        return value
    if depth > MAX_DEPTH:
        raise WireError(f"a value nested more than {MAX_DEPTH} levels deep")
    # Plain items (most of a request's) are kept without a call.
    plain = _PLAIN_TYPES
    if kind is list:
        return [v if type(v) in plain else _to_marshal(v, depth + 1) for v in value]
    if kind is tuple:
        items = tuple(v if type(v) in plain else _to_marshal(v, depth + 1) for v in value)
        return (_TUPLE, items) if items and type(items[0]) is str and items[0] in _TAGS else items
    if kind is dict:
        for key in value:
            if type(key) is not str:
                raise WireError(f"a dict with a key of type {type_name(key)}")
        return {k: v if type(v) in plain else _to_marshal(v, depth + 1) for k, v in value.items()}
    if isinstance(value, Handle):
        return (_HANDLE, int(value.id))
    if isinstance(value, np.generic):
        return (_SCALAR, _scalar_dtype(value).str, value.tobytes())
    if isinstance(value, np.random.Generator):
        return (_GENERATOR, _generator_name(value), value.bit_generator.state)
    # Subclasses of the plain types travel as their base type (as in the JSON format).
    for base in (bool, int, float, str, list, tuple, dict):
        if isinstance(value, base):
            return _to_marshal(base(value), depth)
    if isinstance(value, np.ndarray):
        return _to_marshal(np.asarray(value), depth)
    raise WireError(f"a value of type {type_name(value)} in a request")


def encode_request(value: Any, max_bytes: int = MAX_FRAME) -> bytes:
    """A complete frame holding a request, grader to worker only (see the module doc)."""
    try:
        body = marshal.dumps(_to_marshal(value))
    except ValueError as exc:
        raise WireError(f"cannot encode the request ({exc})") from None
    if len(body) > max_bytes:
        raise WireError(f"a message of {len(body)} bytes, over the limit of {max_bytes} bytes")
    return _LENGTH.pack(len(body)) + body


def _from_marshal(node: Any, make_handle: Any) -> Any:
    kind = type(node)
    if kind is tuple:
        if node and type(node[0]) is str and node[0] in _TAGS:
            tag = node[0]
            if tag == _ARRAY:
                # Read-only, over the message's bytes; the worker copies what it passes on.
                return np.frombuffer(node[3], dtype=_checked_dtype(node[1])).reshape(node[2])
            if tag == _HANDLE:
                return make_handle(node[1])
            if tag == _GENERATOR:
                bit_generator = _GENERATORS[node[1]](_PLACEHOLDER_SEED)
                bit_generator.state = node[2]
                return np.random.Generator(bit_generator)
            if tag == _SCALAR:
                return np.frombuffer(node[2], dtype=_checked_dtype(node[1]))[0]
            return tuple(_from_marshal(v, make_handle) for v in node[1])
        return tuple(_from_marshal(v, make_handle) for v in node)
    # Plain items are kept without a call: most of a request's items are plain.
    if kind is list:
        return [v if type(v) in _PLAIN_TYPES else _from_marshal(v, make_handle) for v in node]
    if kind is dict:
        return {
            k: v if type(v) in _PLAIN_TYPES else _from_marshal(v, make_handle)
            for k, v in node.items()
        }
    return node


def decode_request(body: bytes, make_handle: Any = Handle) -> Any:
    """The request held by a body from :func:`encode_request` (worker side only)."""
    try:
        return _from_marshal(marshal.loads(body), make_handle)
    except WireError:
        raise
    except (ValueError, EOFError, TypeError, KeyError, IndexError) as exc:
        raise WireError(f"malformed request ({exc})") from None


# --------------------------------------------------------------------------- blocking I/O


def read_exactly(fd: int, n: int) -> bytes:
    """Read n bytes from a blocking file descriptor; EOFError if it closes first."""
    chunks = []
    while n:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError("channel closed")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def read_request(fd: int, max_bytes: int = MAX_FRAME, make_handle: Any = Handle) -> Any:
    """Read and decode one request frame (:func:`encode_request`) from a blocking fd."""
    length = _announced_length(read_exactly(fd, LENGTH_SIZE), max_bytes)
    return decode_request(read_exactly(fd, length), make_handle)


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
