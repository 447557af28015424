"""Packaging beyond what pyproject.toml can say: the wheel carries the repository's
``exercises/`` and ``solutions/`` inside the package, as ``grader._exercises`` and
``grader._solutions`` (see grader/kit_files.py for why an instructor's install needs them).

The packages are found on disk, so a topic added later is packaged without editing this
file; in the student release (which has no solutions/ and only part of grader/) the same
file packages what is there.
"""

from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).resolve().parent
packages = find_packages(include=["grader", "grader.*"])
package_dir = {}
# Only the instructor's repository has solutions/; the student release packages its
# grader/ alone (its exercises/ are the student's working copy, never installed).
if (HERE / "solutions").is_dir():
    for name in ("exercises", "solutions"):
        packages.append(f"grader._{name}")
        package_dir[f"grader._{name}"] = name

setup(packages=packages, package_dir=package_dir)
