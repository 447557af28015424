"""The inputs every property is checked on, the same in every process.

A property's inputs are its explicit edge cases, then the examples Hypothesis draws once
per process from its strategy with the fixed :data:`SEED` (or that an earlier process drew
and the grader kept on disk, :func:`preload_examples`).  The checking engine
(``grader/engine/running.py``), diagnosis and the mutation run all take them from here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from hypothesis import HealthCheck, Phase, given, seed, settings

from grader.define.frozen import freeze_inputs
from grader.define.spec import Case, Property

SEED = 20241122


def hypothesis_settings(max_examples: int, phases: list[Phase]) -> settings:
    return settings(
        max_examples=max_examples,
        database=None,
        deadline=None,
        phases=phases,
        derandomize=False,
        report_multiple_bugs=False,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
        verbosity=settings.default.verbosity.quiet,
    )


@contextmanager
def without_local_constants() -> Iterator[None]:
    """Make Hypothesis draw independently of which modules this process has imported.

    Recent Hypothesis versions mix numeric constants found in the source of every
    non-installed module in ``sys.modules`` (a student's file included) into what they
    draw, so the same seed would give different inputs in ``pytest exercises/``, the
    grader and the kit's tests.  We want one fixed input list everywhere, so drawing
    sees an empty set of local constants.  Versions without this feature are unaffected.
    """
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:  # pragma: no cover - a Hypothesis without this module
        yield
        return
    original = getattr(providers, "_get_local_constants", None)
    if original is None:  # pragma: no cover
        yield
        return
    # An empty set of the type Hypothesis expects, made without calling `original`:
    # that call scans the source of every module imported since the last one (the
    # catalogue's mistakes, loaded during diagnosis, are such modules), 0.15 s a time.
    constants_type = getattr(providers, "Constants", None)
    empty = constants_type() if constants_type is not None else type(original())()
    providers._get_local_constants = lambda: empty
    cache_attr = getattr(providers, "CONSTANTS_CACHE", None)
    if cache_attr is not None:
        cache_attr.cache.clear()
    try:
        yield
    finally:
        providers._get_local_constants = original
        if cache_attr is not None:
            cache_attr.cache.clear()


@cache
def _drawn_examples(prop: Property) -> tuple[Case, ...]:
    """The inputs Hypothesis generates for this property with the fixed seed."""
    drawn: list[Case] = []

    @seed(SEED)
    @hypothesis_settings(prop.max_examples, [Phase.generate])
    @given(prop.strategy)
    def collect(case: Case) -> None:
        drawn.append(case)

    with without_local_constants():
        collect()
    _DRAWN_HERE.append(prop)
    return tuple(freeze_inputs(case) for case in drawn)


# The properties whose examples this process has drawn itself (not taken from a cache).
_DRAWN_HERE: list[Property] = []


def drawn_here() -> list[Property]:
    """The properties whose examples this process drew (for the disk cache to keep)."""
    return list(_DRAWN_HERE)


def examples_for(prop: Property) -> tuple[Case, ...]:
    """Every input the fast pass tries, in order."""
    drawn = _PRELOADED.get(prop)
    return tuple(prop.examples) + (drawn if drawn is not None else _drawn_examples(prop))


# Examples drawn by an earlier process with the same seed, strategies and Hypothesis
# version (the grader keeps them on disk: drawing is most of a cold grading run).
_PRELOADED: dict[Property, tuple[Case, ...]] = {}


def drawn_examples(prop: Property) -> tuple[Case, ...]:
    """The examples drawn from the property's strategy (without its explicit ones)."""
    drawn = _PRELOADED.get(prop)
    return drawn if drawn is not None else _drawn_examples(prop)


def preload_examples(prop: Property, drawn: tuple[Case, ...]) -> None:
    """Use `drawn` as the property's drawn examples (they must equal what it would draw)."""
    _PRELOADED[prop] = tuple(freeze_inputs(case) for case in drawn)
