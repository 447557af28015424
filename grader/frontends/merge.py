"""``python -m grader merge SHARD_OUT... --out DIR``: one class from ``grade-all --shard``'s folders.

Each shard's folder (``grade-all --shard I/N --out SHARD_OUT``) holds its students'
results files, feedback pages, JUnit files and recorded rows, and a manifest
(:mod:`grader.frontends.class_state`) naming the class, the kit, the options and the
shard.  ``merge`` checks that the folders are the N shards of one class, graded complete
with the same kit and options, then copies the students' files into ``DIR`` and writes
``gradebook.csv``, ``report.html`` (and ``junit.xml`` when the shards wrote JUnit) from
the recorded rows, with the same code as ``grade-all``: the result is byte for byte what
one unsharded ``grade-all`` writes.  It refuses, with the reason on one line and exit 2,
shards that overlap, are missing, are incomplete or disagree, and a ``DIR`` that exists
and is not empty (``--force`` writes into it), as ``release`` does.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Any

from grader.define.i18n import LANGUAGES, Text, TextError, default_lang
from grader.frontends import class_state


class MergeError(TextError):
    """Why the folders cannot be merged; ``message(lang)`` says it in one line."""


MESSAGES = {
    "not_shard": Text(
        "{path} is not a grade-all output folder (it has no {manifest})",
        "{path} 폴더는 grade-all의 출력 폴더가 아닙니다 ({manifest} 파일이 없습니다)",
    ),
    "incomplete": Text(
        "{path} is incomplete (its grading was interrupted or is still running); run its "
        "grade-all command again to finish it, then merge",
        "{path} 폴더는 아직 미완성입니다 (채점이 중단되었거나 아직 진행 중입니다). 그 폴더의 "
        "grade-all 명령을 다시 실행해 채점을 마친 뒤 합치십시오",
    ),
    "other_kit": Text(
        "{path} was graded with another kit or other options than {first}; grade every "
        "shard with the same kit and options",
        "{path} 폴더는 {first} 폴더와 다른 키트나 옵션으로 채점했습니다. 모든 샤드를 같은 "
        "키트와 옵션으로 채점해야 합니다",
    ),
    "other_class": Text(
        "{path} holds a shard of another class than {first} (the students differ)",
        "{path} 폴더는 {first} 폴더와 다른 학급의 샤드입니다 (학생 명단이 다릅니다)",
    ),
    "other_count": Text(
        "{path} is shard {index}/{count} but {first} is one of {first_count} shards",
        "{path} 폴더는 샤드 {index}/{count}인데 {first} 폴더는 샤드 {first_count}개 중 하나입니다",
    ),
    "twice": Text(
        "shard {index}/{count} is given twice: {first} and {path}",
        "같은 샤드가 두 번 주어졌습니다: {index}/{count} ({first}, {path})",
    ),
    "missing": Text(
        "shard(s) {missing} of {count} are missing (shards are numbered from 0)",
        "전체 {count}개 중 빠진 샤드가 있습니다: {missing} (번호는 0부터 셉니다)",
    ),
    "no_record": Text(
        "{path} has no current recorded row for {student}; run its grade-all command again",
        "{path} 폴더에 {student} 학생의 최신 성적 기록이 없습니다. 그 폴더의 grade-all 명령을 "
        "다시 실행하십시오",
    ),
    "out_exists": Text(
        "{out} exists and is not empty (use --force to write into it)",
        "{out} 폴더가 이미 있고 비어 있지 않습니다 (그 폴더에 쓰려면 --force를 붙이십시오)",
    ),
    "out_is_shard": Text(
        "--out {out} is one of the shards' folders; merge into another folder",
        "--out {out} 폴더는 합칠 샤드 폴더 중 하나입니다. 다른 폴더로 합치십시오",
    ),
    "merged": Text(
        "merged {shards} shard(s): {count} submissions; gradebook: {gradebook}",
        "샤드 {shards}개를 합쳤습니다: 제출물 {count}개, 성적표: {gradebook}",
    ),
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "shards",
        type=Path,
        nargs="+",
        help="the OUT folders of grade-all --shard I/N, one per shard",
    )
    parser.add_argument("--out", type=Path, required=True, help="where the whole class goes")
    parser.add_argument(
        "--force", action="store_true", help="write into OUT even if it exists and is not empty"
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="language of this command's messages (default: $DLKIT_LANG or en); the "
        "report keeps the language the shards were graded in",
    )


def merge(shards: list[Path], out: Path, force: bool = False) -> list[Any]:
    """Check the shard folders, then write the whole class into ``out``; return its rows
    (grader.frontends.cli_grade_all.Row) in gradebook order.  Raises :class:`MergeError`."""
    from grader.frontends.cli_grade_all import _row_from_record, write_class_outputs

    manifests = _checked(shards)
    first = manifests[0][1]
    count = first["shard"][1]
    if out.resolve() in {path.resolve() for path, _ in manifests}:
        raise MergeError(MESSAGES["out_is_shard"], out=out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())) and not force:
        raise MergeError(MESSAGES["out_exists"], out=out)
    by_index = {manifest["shard"][0]: path for path, manifest in manifests}
    students = first["students"]
    rows = []
    records = []
    for position, student in enumerate(students):
        folder = by_index[position % count]
        record = class_state.read_record(class_state.record_path(folder, student))
        if (
            record is None
            or record.get("student") != student
            or record.get("kit") != first["kit"]
            or record.get("options") != first["options"]
        ):
            raise MergeError(MESSAGES["no_record"], path=folder, student=student)
        rows.append(_row_from_record(student, record["row"]))
        records.append((folder, student))
    manifest = {key: first[key] for key in ("format", "kit", "options", "class", "students")}
    manifest["shard"] = [0, 1]
    class_state.begin(out, manifest)
    junit = first["options"]["junit"]
    for folder, student in records:
        files = [
            f"{class_state.RECORDS}/{student}.json",
            f"results/{student}.json",
            f"feedback/{student}.html",
        ]
        if junit:
            files.append(f"junit/{student}.xml")
        for name in files:
            if (folder / name).is_file():
                (out / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(folder / name, out / name)
    lang = first["options"]["lang"]
    write_class_outputs(out, rows, lang, first["class"], junit)
    class_state.finish(out, manifest)
    return rows


def _checked(shards: list[Path]) -> list[tuple[Path, dict[str, Any]]]:
    """Each folder with its manifest, once each folder is known to be a complete shard
    of the same class, kit and options as the first, and together all N shards once."""
    manifests = []
    for path in shards:
        manifest = class_state.read_manifest(path)
        if manifest is None:
            raise MergeError(MESSAGES["not_shard"], path=path, manifest=class_state.MANIFEST)
        if not class_state.is_complete(path, manifest):
            raise MergeError(MESSAGES["incomplete"], path=path)
        manifests.append((path, manifest))
    first_path, first = manifests[0]
    seen: dict[int, Path] = {}
    for path, manifest in manifests:
        if (manifest["kit"], manifest["options"]) != (first["kit"], first["options"]):
            raise MergeError(MESSAGES["other_kit"], path=path, first=first_path)
        if (manifest["class"], manifest["students"]) != (first["class"], first["students"]):
            raise MergeError(MESSAGES["other_class"], path=path, first=first_path)
        index, count = manifest["shard"]
        if count != first["shard"][1]:
            raise MergeError(
                MESSAGES["other_count"],
                path=path,
                index=index,
                count=count,
                first=first_path,
                first_count=first["shard"][1],
            )
        if index in seen:
            raise MergeError(
                MESSAGES["twice"], index=index, count=count, first=seen[index], path=path
            )
        seen[index] = path
    count = first["shard"][1]
    missing = [str(index) for index in range(count) if index not in seen]
    if missing:
        raise MergeError(MESSAGES["missing"], missing=", ".join(missing), count=count)
    return manifests


def run(args: argparse.Namespace) -> int:
    lang = args.lang or default_lang()
    try:
        rows = merge(args.shards, args.out, force=args.force)
    except MergeError as exc:
        print(f"grader error: {exc.message(lang)}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"grader error: {exc}", file=sys.stderr)
        return 2
    from grader.frontends.cli_grade_all import SUMMARY

    print(
        MESSAGES["merged"].get(
            lang, shards=len(args.shards), count=len(rows), gradebook=args.out / "gradebook.csv"
        )
    )
    print(SUMMARY["report"].get(lang, path=args.out / "report.html"))
    return 0
