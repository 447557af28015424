"""The worker protocol's data-only format: what round-trips, what is refused, and that the
worker applies the same "modified its inputs" rules as the in-process path."""

from __future__ import annotations

import importlib.util
import json
import math
import struct
import subprocess
import sys
import warnings

import numpy as np
import pytest

from grader.isolation import calls, wire

from .conftest import ROOT


def roundtrip(value):
    return wire.decode(wire.encode(value))


def request_roundtrip(value):
    """Grader to worker: marshal-based request frames."""
    framed = wire.encode_request(value)
    return wire.decode_request(framed[wire.LENGTH_SIZE :])


def replies_roundtrip(value):
    """Worker to grader: a batch of replies in one frame (`value` second of two)."""
    batch = wire.Replies()
    batch.add({"ok": True, "value": np.arange(3.0)})
    batch.add(value)
    framed = batch.take()
    assert wire.body_length(framed[: wire.LENGTH_SIZE]) == len(framed) - wire.LENGTH_SIZE
    first, back = wire.decode_replies(framed[wire.LENGTH_SIZE :])
    assert np.array_equal(first["value"], np.arange(3.0))
    return back


# Every format must carry the same values back with their types.
ALL_FORMATS = pytest.mark.parametrize(
    "roundtrip",
    [roundtrip, request_roundtrip, replies_roundtrip],
    ids=["json", "request", "replies"],
)


@pytest.mark.parametrize(
    "value",
    [None, True, False, 0, -7, 2**62, 1.5, -0.0, "ünïcode ✓", "", (), [], {}],
    ids=repr,
)
@ALL_FORMATS
def test_plain_values_round_trip_with_their_type(roundtrip, value):
    back = roundtrip(value)
    assert back == value and type(back) is type(value)
    if isinstance(value, float):
        assert math.copysign(1, back) == math.copysign(1, value)


@ALL_FORMATS
def test_special_floats_round_trip(roundtrip):
    back = roundtrip([math.nan, math.inf, -math.inf])
    assert math.isnan(back[0]) and back[1:] == [math.inf, -math.inf]


@ALL_FORMATS
def test_nested_containers_keep_tuple_list_and_dict_apart(roundtrip):
    value = {"a": (1, [2.0, (3,)]), "b": [{"c": None}], "d": ()}
    back = roundtrip(value)
    assert back == value
    assert type(back["a"]) is tuple and type(back["a"][1]) is list
    assert type(back["a"][1][1]) is tuple


@pytest.mark.parametrize(
    "array",
    [
        np.array([0.0, -0.0, np.nan, np.inf, -np.inf, 1e-320, 1e300]),
        np.arange(24.0).reshape(2, 3, 4),
        np.arange(12.0).reshape(3, 4).T,  # not C-contiguous
        np.zeros((0, 5)),
        np.array(3.25),  # 0-d
        np.array([True, False]),
        np.arange(6, dtype=np.int32).reshape(2, 3),
        np.arange(4, dtype=np.uint8),
        np.array([1 + 2j, -3j]),
        np.linspace(0, 1, 5, dtype=np.float32),
        np.arange(3, dtype=">f8"),  # big-endian
    ],
    ids=lambda a: f"{a.dtype.str}{a.shape}",
)
@ALL_FORMATS
def test_arrays_round_trip_bitwise_with_dtype_and_shape(roundtrip, array):
    back = roundtrip(array)
    assert type(back) is np.ndarray
    assert back.dtype == array.dtype and back.shape == array.shape
    assert back.tobytes() == np.ascontiguousarray(array).tobytes()
    if roundtrip is request_roundtrip:
        # A read-only view of the message: the worker passes students copies of it.
        assert not back.flags.writeable
    else:
        assert back.flags.writeable and back.flags.owndata


@pytest.mark.parametrize(
    "scalar",
    [
        np.float64(-0.0),
        np.float32(1.5),
        np.int64(-3),
        np.uint8(7),
        np.bool_(True),
        np.complex128(1j),
    ],
    ids=repr,
)
@ALL_FORMATS
def test_numpy_scalars_stay_numpy_scalars(roundtrip, scalar):
    back = roundtrip(scalar)
    assert type(back) is type(scalar)
    assert back.tobytes() == scalar.tobytes()


@ALL_FORMATS
def test_generator_round_trips_its_state_so_both_sides_draw_the_same_numbers(roundtrip):
    rng = np.random.default_rng(1234)
    rng.random(3)  # a state other than the initial one
    copy = roundtrip(rng)
    assert isinstance(copy, np.random.Generator)
    assert np.array_equal(copy.random(10), rng.random(10))


@pytest.mark.parametrize("roundtrip", [roundtrip, replies_roundtrip], ids=["json", "replies"])
def test_handles_and_exceptions_travel_as_plain_data(roundtrip):
    handle, error = roundtrip([wire.Handle(42), ValueError("bad p")])
    assert isinstance(handle, wire.Handle) and handle.id == 42
    assert isinstance(error, wire.RemoteError)
    assert (error.type, error.message) == ("ValueError", "bad p")


def test_requests_carry_handles_but_not_exceptions():
    (handle,) = request_roundtrip([wire.Handle(42)])
    assert isinstance(handle, wire.Handle) and handle.id == 42
    with pytest.raises(wire.WireError, match="ValueError"):
        wire.encode_request([ValueError("a grader never sends one")])


def test_a_request_tuple_that_looks_like_a_tag_stays_a_plain_tuple():
    value = ("\0a", "<f8", (1,), 8)
    assert request_roundtrip([value]) == [value]


@pytest.mark.parametrize(
    "body",
    [b"", b"\xff\xff", b"\x29\x02\xe9\x00"],  # empty, not marshal, truncated tuple
    ids=["empty", "garbage", "truncated"],
)
def test_malformed_requests_raise_wire_error(body):
    with pytest.raises(wire.WireError):
        wire.decode_request(body)


def test_a_reply_the_wire_cannot_carry_leaves_the_batch_as_it_was():
    batch = wire.Replies()
    batch.add({"ok": True, "value": np.ones(2)})
    size = batch.size
    with pytest.raises(wire.WireError, match="dtype object"):
        batch.add({"ok": True, "value": (np.zeros(3), np.array([object()]))})
    assert (len(batch), batch.size) == (1, size)
    (only,) = wire.decode_replies(batch.take()[wire.LENGTH_SIZE :])
    assert np.array_equal(only["value"], np.ones(2))
    assert batch.take() == b""  # taken: the batch starts empty again


def test_a_reply_batch_never_grows_past_its_frame_limit():
    batch = wire.Replies(max_bytes=10_000)
    batch.add({"ok": True, "value": np.zeros(1000)})  # 8,000 bytes
    with pytest.raises(wire.WireError, match="over the limit"):
        batch.add({"ok": True, "value": np.zeros(300)})  # fits alone, not beside it
    assert len(batch.take()) - wire.LENGTH_SIZE <= 10_000


@pytest.mark.parametrize("header", ["{}", "[]", '"x"'], ids=["dict", "empty", "str"])
def test_a_reply_frame_must_hold_a_list_of_replies(header):
    with pytest.raises(wire.WireError, match="list of replies"):
        wire.decode_replies(_body(header))


class _Reducer:
    """An object whose unpickling would run code: the wire must refuse to carry it."""

    def __reduce__(self):
        return (print, ("pwned",))


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (_Reducer(), "tests.test_wire._Reducer"),
        (np.array([object()]), "dtype object"),
        (np.array(["a"]), "dtype <U1"),
        ({1: "x"}, "key of type int"),
        (lambda: 0, "function"),
        ({1, 2}, "set"),
        (np.random.Generator(np.random.MT19937(0)), "MT19937"),
    ],
    ids=["reduce", "object-array", "str-array", "int-key", "function", "set", "mt19937"],
)
def test_values_the_wire_cannot_carry_are_refused_by_name(value, words):
    with pytest.raises(wire.WireError, match=words):
        wire.encode(value)


def test_self_referencing_list_is_refused_instead_of_recursing_forever():
    loop: list = []
    loop.append(loop)
    with pytest.raises(wire.WireError, match="nested"):
        wire.encode(loop)


def test_value_larger_than_the_limit_is_refused():
    with pytest.raises(wire.WireError, match="over the limit"):
        wire.encode(np.zeros(1000), max_bytes=4000)


def test_frame_length_over_the_limit_is_refused_before_reading_the_body():
    prefix = struct.pack(">Q", 10**12)
    with pytest.raises(wire.WireError, match="over the limit"):
        wire.body_length(prefix, max_bytes=wire.MAX_FRAME)


def _body(header: str, arrays: bytes = b"") -> bytes:
    data = header.encode()
    return struct.pack(">I", len(data)) + data + arrays


@pytest.mark.parametrize(
    "body",
    [
        b"\x00",
        struct.pack(">I", 100) + b"{}",  # header longer than the frame
        _body("not json"),
        _body('["zz", 1]'),  # unknown tag
        _body('["a", "|O8", [1], 0, 8]', b"\x00" * 8),  # object dtype
        _body("[\"a\", \"[('a', 'O')]\", [1], 0, 8]", b"\x00" * 8),  # record dtype
        _body('["a", "<f8", [2], 0, 8]', b"\x00" * 8),  # shape does not match bytes
        _body('["a", "<f8", [1], 8, 8]', b"\x00" * 8),  # bytes outside the frame
        _body('["a", "<f8", [-1], 0, 8]', b"\x00" * 8),  # negative dimension
        _body(
            '["a", "<f8", [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 0, 8]',
            b"\x00" * 8,
        ),
        _body('["a", "<f8", [1000000000000, 1000000000000], 0, 0]'),  # claims a huge array
        _body('["s", "<f8", "AAAA"]'),  # scalar bytes of the wrong size
        _body('["g", "MT19937", {}]'),  # generator type not allowed
        _body('["g", "PCG64", {"state": 1}]'),  # malformed generator state
        _body('["h", -1]'),
        _body("[" * 100000 + "]" * 100000),  # nesting deep enough to break a parser
    ],
    ids=lambda b: repr(b[:40]),
)
def test_malformed_or_unknown_messages_raise_wire_error(body):
    with pytest.raises(wire.WireError):
        wire.decode(body)


@pytest.mark.parametrize(
    ("node", "arrays"),
    [
        ('["zz", 1]', b""),
        ('["a", "|O8", [1], 0, 8]', b"\x00" * 8),
        ('["a", "<f8", [2], 0, 8]', b"\x00" * 8),
        ('["a", "<f8", [1], 8, 8]', b"\x00" * 8),
        ('["h", -1]', b""),
    ],
    ids=["unknown-tag", "object-dtype", "wrong-size", "outside", "bad-handle"],
)
def test_malformed_values_in_a_batch_of_replies_raise_wire_error(node, arrays):
    wire.decode_replies(_body('[{"ok": true, "value": 1}]'))  # the envelope alone is fine
    for header in (f"[{node}]", f'[{{"ok": true, "value": {node}}}]'):
        with pytest.raises(wire.WireError):
            wire.decode_replies(_body(header, arrays))


def test_wire_module_imports_only_the_standard_library_and_numpy():
    # It is copied into the sandbox, where neither the grader nor PyTorch exists.
    code = (
        "import sys, importlib.util; "
        f"spec = importlib.util.spec_from_file_location('wire', {str(ROOT / 'grader' / 'isolation' / 'wire.py')!r}); "
        "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m); "
        "print(sorted(n for n in sys.modules if n.split('.')[0] in ('torch', 'grader', 'hypothesis')))"
    )
    out = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def _worker_module():
    spec = importlib.util.spec_from_file_location(
        "_worker_main_under_test", ROOT / "grader" / "isolation" / "worker_main.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # as a module (not __main__) it leaves fds alone
    return module


_x = np.array([1.0, np.nan, -0.0])
# (before, after, unchanged?): arrays must keep values (NaN == NaN), dtype and shape;
# containers their type and length; scalars and generators cannot be modified in place.
SAME_VALUE_CASES = [
    (_x, _x.copy(), True),
    (_x, np.array([1.0, np.nan, 0.5]), False),
    (_x, _x.astype(np.float32), False),
    (_x, _x.reshape(3, 1), False),
    (_x, [1.0, np.nan, -0.0], False),
    ((_x, 2), (_x.copy(), 3), True),
    ((_x, 2), [_x.copy(), 2], False),
    ([_x], [_x[:2]], False),
    (np.random.default_rng(0), np.random.default_rng(1), True),
    (0.5, 0.7, True),
    ("a", "b", True),
]


@pytest.mark.parametrize(
    ("before", "after", "unchanged"), SAME_VALUE_CASES, ids=range(len(SAME_VALUE_CASES))
)
def test_worker_and_in_process_path_judge_modified_inputs_by_the_same_rule(
    before, after, unchanged
):
    worker = _worker_module()
    assert worker.same_value(before, after) is unchanged
    assert worker.mutated_args([before, 1], [after, 1], ["x", "y"]) == ([] if unchanged else ["x"])
    # One rule, not two copies: both paths run grader/isolation/call_rules.py.
    rules_file = str(ROOT / "grader" / "isolation" / "call_rules.py")
    assert worker.same_value.__code__.co_filename == rules_file
    assert calls.mutated_args.__code__.co_filename == rules_file


def test_a_call_that_silences_warnings_does_not_hide_the_next_calls_warnings(tmp_path):
    (tmp_path / "noisy.py").write_text(
        "import warnings\n"
        "import numpy as np\n"
        "def quiet(x):\n"
        "    warnings.simplefilter('ignore')\n"
        "    warnings.warn('not recorded: this call asked for silence')\n"
        "    return x\n"
        "def loud(x):\n"
        "    warnings.warn('recorded')\n"
        "    return np.exp(x)\n"
    )
    worker_module = _worker_module()
    worker = worker_module.Worker(tmp_path)
    assert worker.load({"module": "noisy", "file": "noisy.py"}) == {"ok": True}
    filters_before = list(warnings.filters)
    replies = []
    worker.send = lambda reply, now=True: replies.append(reply)
    calls = [{"function": f, "args": [np.array([1000.0])], "kwargs": {}} for f in ("quiet", "loud")]
    worker.calls({"op": "calls", "module": "noisy", "calls": calls})
    quiet, loud = replies
    assert quiet["warnings"] == []
    assert loud["warnings"][0] == "UserWarning: recorded"
    assert any(w.startswith("RuntimeWarning: overflow") for w in loud["warnings"])
    assert list(warnings.filters) == filters_before  # restored after the message


def test_a_plain_success_travels_compactly_and_comes_back_as_the_same_reply():
    plain = {"ok": True, "value": (np.arange(3.0), 2.5), "mutated": [], "warnings": []}
    noted = {"ok": True, "value": 1.0, "mutated": ["x"], "warnings": ["RuntimeWarning: w"]}
    batch = wire.Replies()
    batch.add(plain)
    batch.add(noted)
    body = batch.take()[wire.LENGTH_SIZE :]
    header = json.loads(body[4 : 4 + struct.unpack(">I", body[:4])[0]])
    assert header[0][0] == "r" and isinstance(header[1], dict)
    back_plain, back_noted = wire.decode_replies(body)
    assert back_noted == noted
    assert back_plain.keys() == plain.keys() and back_plain["mutated"] == []
    assert np.array_equal(back_plain["value"][0], np.arange(3.0))
    assert back_plain["value"][1] == 2.5


def test_a_malformed_compact_success_raises_wire_error():
    with pytest.raises(wire.WireError):
        wire.decode_replies(_body('[["r", ["a", "<f8", [2], 0, 16]]]'))  # no array bytes
