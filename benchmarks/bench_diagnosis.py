"""How well the second stage of diagnosis explains mistakes it has never seen.

    python benchmarks/bench_diagnosis.py [--json PATH]

Grades every held-out mistake (benchmarks/heldout_mistakes/: not in the catalogue, not in
the detectors' tests) on the public properties of the functions it changes, as
``pytest exercises/`` does (``run_property``: fast pass, shrinking, diagnosis), and sorts
the feedback of each failing property into:

* ``explained``: an explanation the entry lists as correct (written before running);
* ``wrong``: any other explanation (must be none);
* ``hint``: the property's general hint (or an error's own hint);
* ``catalogue``: a catalogued mistake was named (the entry would then not be held out).

A mistake counts as explained when at least one of its failing properties is explained
and none is wrong; as wrong when any is; else as hint only.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def materialize(entry) -> str:  # type: ignore[no-untyped-def]
    """The catalogue's materialisation, plus ``_reference_<function>`` aliases of the
    solution's functions (an override may call the function it replaces)."""
    from grader.define.catalogue import materialize as catalogue_materialize
    from grader.topics import BY_NAME

    source = catalogue_materialize(entry)
    marker = f"# --- catalogue entry {entry.id}: overrides below ---"
    aliases = "\n".join(
        f"_reference_{spec.name} = {spec.name}" for spec in BY_NAME[entry.topic].functions
    )
    return source.replace(marker, f"{aliases}\n\n{marker}", 1)


def classify(entry, tmp: Path) -> dict:  # type: ignore[no-untyped-def]
    from grader.define.catalogue import contract_name
    from grader.engine.diagnosis import observe
    from grader.engine.running import FAILED, failing_inputs, run_property
    from grader.isolation.calls import InProcess, load_module
    from grader.topics import BY_NAME, params_of

    path = tmp / entry.id / f"{entry.topic}.py"
    path.parent.mkdir(parents=True)
    path.write_text(materialize(entry))
    module, error = load_module(path, f"_heldout_{entry.id}")
    impl = InProcess(module, params_of(BY_NAME[entry.topic]), error)
    functions = {contract_name(fn) for fn in entry.overrides}
    properties = []
    for prop in BY_NAME[entry.topic].properties:
        if not functions & set(prop.functions):
            continue
        # Stage 2's own cost, alone, on the first failing inputs, before anything else
        # computed the PyTorch references of its changed inputs.
        cases = [case for _, case in failing_inputs(prop, impl, limit=2)]
        started = time.process_time()
        if cases:
            observe(prop, impl, cases)
        stage_two = time.process_time() - started
        verdict = run_property(prop, impl, "en")
        if verdict.status != FAILED:
            continue
        said = ""
        if verdict.mistake:
            kind = "catalogue"
        elif verdict.observation:
            said = next(
                line.split(": ", 1)[1]
                for line in verdict.feedback.splitlines()
                if line.startswith("What your output shows: ")
            )
            correct = any(verdict.observation == k and words in said for k, words in entry.correct)
            kind = "explained" if correct else "wrong"
        else:
            kind = "hint"
        properties.append(
            {
                "property": prop.id,
                "kind": kind,
                "observation": verdict.observation,
                "said": said,
                "stage_two_cpu": stage_two,
            }
        )
    kinds = {p["kind"] for p in properties}
    if "wrong" in kinds:
        overall = "wrong"
    elif "explained" in kinds:
        overall = "explained"
    elif "catalogue" in kinds:
        overall = "catalogue"
    else:
        overall = "hint"
    return {"id": entry.id, "topic": entry.topic, "overall": overall, "properties": properties}


def run() -> list[dict]:
    from heldout_mistakes import ALL

    with tempfile.TemporaryDirectory(prefix="dlkit-heldout-") as tmp:
        return [classify(entry, Path(tmp)) for entry in ALL]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the classification here")
    args = parser.parse_args()
    started = time.process_time()
    results = run()
    cpu = time.process_time() - started
    for r in results:
        print(f"{r['overall']:10} {r['topic']:15} {r['id']}")
        for p in r["properties"]:
            print(f"    {p['kind']:10} {p['property']}  {p['said']}")
    totals = {
        k: sum(r["overall"] == k for r in results)
        for k in ("explained", "hint", "wrong", "catalogue")
    }
    failing = [p for r in results for p in r["properties"]]
    by_property = {
        k: sum(p["kind"] == k for p in failing) for k in ("explained", "hint", "wrong", "catalogue")
    }
    print(
        f"\n{len(results)} held-out mistakes: {totals['explained']} explained, "
        f"{totals['hint']} hint only, {totals['wrong']} wrong explanation, "
        f"{totals['catalogue']} named from the catalogue"
    )
    print(
        f"{len(failing)} failing properties: {by_property['explained']} explained, "
        f"{by_property['hint']} hint, {by_property['wrong']} wrong, "
        f"{by_property['catalogue']} catalogue; CPU {cpu:.1f} s"
    )
    times = sorted(p["stage_two_cpu"] for p in failing)
    if times:
        print(
            f"stage 2 alone, CPU per failing property: median {times[len(times) // 2] * 1000:.0f} ms, "
            f"max {times[-1] * 1000:.0f} ms (PyTorch references of changed inputs included)"
        )
    if args.json:
        args.json.write_text(json.dumps({"totals": totals, "results": results}, indent=1))


if __name__ == "__main__":
    main()
