"""Starting the worker process that runs student code, sandboxed where the machine allows.

Interface used by the grader (keep it stable):

* :class:`Limits` - per-call and per-submission limits.
* :func:`launch` - start ``grader/isolation/worker_main.py`` for one submission folder and
  return the ``Popen``; the request/response protocol runs over its stdin/stdout.
* :func:`isolation_mode` - "bubblewrap" or "process-limits" (what :func:`grader.isolation.worker_client.launch_worker`
  will use), for the report.

Two modes:

``bubblewrap`` (Linux with a working ``bwrap``)
    The worker runs in its own mount, PID, network, IPC and UTS namespaces.  Its file
    system is built from nothing: the interpreter and its shared libraries, the standard
    library, a site-packages holding only NumPy, the two worker files copied into a
    private read-only folder (``/worker``), the submission read-only at ``/submission``,
    a minimal ``/dev``, its own ``/proc``, and a size-limited tmpfs ``/scratch`` that is
    its working directory, HOME and TMPDIR; everything else, ``/`` included, is
    read-only.  The project (solutions, grader, tests), the course directory, other
    submissions, the results path and the network do not exist in there.  It runs in a
    user namespace of its own with every capability dropped and no way to create
    another (so it cannot unmount what hides site-packages).  bwrap's options reach it
    through a pipe, so the sandbox's PID 1 shows no host path on its command line.

    Normally the worker is not started in a sandbox of its own but forked from a fork
    server that stays up in one (:func:`grader.isolation.worker_client.launch_worker`, ``grader/isolation/fork_server.py``): same
    options, one submission at a time, restored or replaced between submissions.

``process-limits`` (bubblewrap missing or refused, e.g. macOS, some containers)
    The same interpreter with ``-I`` (no environment, no user site), a cleared
    environment, the rlimits below and the host ``scratch`` folder as working directory.
    This keeps broken code from hurting the grade of other modules, but a hostile
    submission can read and write what the grading user can.  The first launch in this
    mode prints a one-line warning on stderr, and the report must say which mode graded.

In both modes the limits are rlimits inherited by the worker: address space
(``memory_bytes``), CPU seconds (``submission_seconds``), size of any file written
(``file_bytes``) and number of open files (``open_files``), set by ``prlimit`` (util-linux)
where it exists and between fork and exec elsewhere.  Wall time per call and the volume of
stdout/stderr are enforced by the client that reads the pipes.

The worker is told what it may not import through the environment variable
``DLKIT_FORBIDDEN_MODULES`` (comma-separated top-level names: torch, the solutions and
the grader); in bubblewrap mode those are absent anyway, in process-limits mode only the
worker's own import blocker keeps them out.  ``DLKIT_ISOLATION`` names the mode.
"""

from __future__ import annotations

import atexit
import functools
import math
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from grader.isolation import malloc

GRADER_DIR = Path(__file__).resolve().parent
WORKER_MAIN = GRADER_DIR / "worker_main.py"
# Everything the worker process runs besides the submission: copied, never bound, so the
# sandbox sees these files and nothing else of grader/.
WORKER_FILES = ("worker_main.py", "wire.py", "call_rules.py", "fork_server.py")

BUBBLEWRAP = "bubblewrap"
PROCESS_LIMITS = "process-limits"
REQUESTS = ("auto", "bwrap", "none")

# Fixed paths inside the sandbox.
SANDBOX_SUBMISSION = "/submission"
SANDBOX_SCRATCH = "/scratch"
SANDBOX_WORKER_DIR = "/worker"

FORBIDDEN_MODULES = ("torch", "solutions", "grader")

# The importable packages a worker needs: NumPy and the vendored libraries of its wheel.
SITE_ENTRIES = ("numpy", "numpy.libs")


@dataclass(frozen=True)
class Limits:
    """Resource limits for one worker (one submission).

    ``call_seconds`` and ``submission_seconds`` are wall-clock limits the client enforces
    (``submission_seconds`` is also the worker's CPU-time rlimit); ``output_bytes`` caps
    what the client keeps of stdout/stderr; the others are rlimits set here.
    """

    call_seconds: float = 5.0
    submission_seconds: float = 120.0
    memory_bytes: int = 2 * 1024**3
    output_bytes: int = 64 * 1024
    # Largest file the worker may write (RLIMIT_FSIZE), and the size of its tmpfs scratch.
    file_bytes: int = 16 * 1024**2
    scratch_bytes: int = 64 * 1024**2
    open_files: int = 64


class SandboxUnavailable(RuntimeError):
    """bubblewrap was requested explicitly and cannot be used on this machine."""


def isolation_mode(requested: str = "auto") -> str:
    """The isolation :func:`grader.isolation.worker_client.launch_worker` uses for ``requested``: "bubblewrap" or
    "process-limits".  ``requested="bwrap"`` raises :class:`SandboxUnavailable` with the
    reason when bubblewrap does not work here."""
    if requested not in REQUESTS:
        raise ValueError(f"sandbox must be one of {', '.join(REQUESTS)}, not {requested!r}")
    if requested == "none":
        return PROCESS_LIMITS
    problem = bubblewrap_problem()
    if problem is None:
        return BUBBLEWRAP
    if requested == "bwrap":
        raise SandboxUnavailable(
            f"the bubblewrap sandbox was requested but cannot be used here: {problem}. "
            "Install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap) or grade with "
            "--sandbox none (process limits only)."
        )
    return PROCESS_LIMITS


def probe_in_background(requested: str) -> threading.Thread:
    """Start finding out how student code will be isolated (:func:`isolation_mode`: for
    bubblewrap a sandbox started and waited for, 0.25 s and more of waiting), in a thread,
    while the caller imports and loads what it needs; the answer is kept for when it is
    asked for, and a problem is reported then, in full.  Join the thread before this
    process forks (a thread running at a fork leaves the child its locks held)."""

    def probe() -> None:
        try:
            isolation_mode(requested)
        except Exception:  # raised again when grading asks
            pass

    thread = threading.Thread(target=probe, name="dlkit-probe", daemon=True)
    thread.start()
    return thread


def launch_fork_server(
    staging: Path, limits: Limits, control: int, stderr: IO[bytes]
) -> subprocess.Popen:
    """Start ``worker_main.py /submission --fork-server`` in a bubblewrap sandbox whose
    /submission is ``staging``; ``control`` (a socket) becomes its stdin, its stdout is
    /dev/null and its stderr goes to the file ``stderr``."""
    code_dir = _private_code_dir(WORKER_MAIN)
    argv = _bwrap_argv(code_dir, WORKER_MAIN.name, staging.resolve(), limits) + ["--fork-server"]
    # The server is the sandbox's init (PID 1), which no process inside may kill or stop:
    # a submission that goes after its parent then fails as it did in a sandbox of its
    # own, where the parent is bwrap's init, instead of racing the sandbox's teardown.
    argv.insert(0, "--as-pid-1")
    prefix, preexec = _limiter(limits)
    return _spawn_bwrap(argv, staging, prefix, preexec, stdio=(control, subprocess.DEVNULL, stderr))


def launch(
    program: Path,
    args: list[str],
    submission: Path,
    scratch: Path,
    limits: Limits,
    requested: str = "auto",
) -> subprocess.Popen:
    """Run the Python file ``program`` (with its sibling :data:`WORKER_FILES`, when they
    exist) as ``python -I program SUBMISSION *args`` under the isolation of
    :func:`isolation_mode`; SUBMISSION is the path the program sees.  The kit's tests use
    this with small probe programs; the grader uses :func:`grader.isolation.worker_client.launch_worker`."""
    mode = isolation_mode(requested)
    submission = Path(submission).resolve()
    scratch = Path(scratch).resolve()
    prefix, preexec = _limiter(limits)
    if mode == BUBBLEWRAP:
        code_dir = _private_code_dir(Path(program).resolve())
        bwrap_args = _bwrap_argv(code_dir, Path(program).name, submission, limits) + list(args)
        return _spawn_bwrap(bwrap_args, scratch, prefix, preexec)
    _warn_fallback_once()
    return subprocess.Popen(
        [
            *prefix,
            _interpreter(),
            "-I",
            "-B",
            str(Path(program).resolve()),
            str(submission),
            *args,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=scratch,
        env=_worker_env(PROCESS_LIMITS, home=str(scratch)),
        close_fds=True,
        # Own session, so a worker's signals to its process group never reach the grader.
        start_new_session=True,
        preexec_fn=preexec,
    )


def _spawn_bwrap(
    bwrap_args: list[str],
    cwd: Path,
    prefix: list[str],
    preexec: functools.partial | None,
    stdio: tuple[Any, Any, Any] = (subprocess.PIPE,) * 3,
) -> subprocess.Popen:
    """Start bwrap with its arguments passed through a pipe (``--args FD``), and the
    given stdin, stdout and stderr (as for ``Popen``).

    The sandbox's PID 1 is bwrap itself (the fork server, with ``--as-pid-1``), and its
    /proc/1/cmdline would otherwise show the host paths of the submission and scratch
    folders to student code.
    """
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise SandboxUnavailable("the bwrap program is not installed")
    # Options go through the pipe; bwrap wants the command itself on its command line
    # (only sandbox paths: /worker/..., /submission).
    split = bwrap_args.index("--")
    options, command = bwrap_args[:split], bwrap_args[split:]
    payload = b"".join(arg.encode() + b"\0" for arg in options)
    read_end, write_end = os.pipe()
    try:
        # Arguments are a few kB, below any pipe buffer: the write never blocks.
        os.write(write_end, payload)
    finally:
        os.close(write_end)
    try:
        return subprocess.Popen(
            [*prefix, bwrap, "--args", str(read_end), *command],
            stdin=stdio[0],
            stdout=stdio[1],
            stderr=stdio[2],
            cwd=cwd,
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
            pass_fds=(read_end,),
            start_new_session=True,
            preexec_fn=preexec,
        )
    finally:
        os.close(read_end)


# --- limits ---------------------------------------------------------------------------


def _limiter(limits: Limits) -> tuple[list[str], functools.partial | None]:
    """How to apply the rlimits: a ``prlimit`` command prefix where util-linux has one
    (nothing then runs between fork and exec in a grader that has threads), else a
    ``preexec_fn`` (macOS)."""
    prlimit = shutil.which("prlimit")
    if prlimit is None:
        return [], functools.partial(_apply_rlimits, _rlimits(limits))
    names = {"RLIMIT_AS": "as", "RLIMIT_CPU": "cpu", "RLIMIT_FSIZE": "fsize"}
    names |= {"RLIMIT_NOFILE": "nofile", "RLIMIT_CORE": "core", "RLIMIT_MSGQUEUE": "msgqueue"}
    import resource

    by_value = {getattr(resource, name): option for name, option in names.items()}
    options = []
    for which, soft, hard in _rlimits(limits):
        options.append(f"--{by_value[which]}={soft}:{hard}")
    return [prlimit, *options, "--"], None


def _rlimits(limits: Limits) -> list[tuple[int, int, int]]:
    import resource

    cpu = max(1, math.ceil(limits.submission_seconds))
    wanted = [
        (resource.RLIMIT_AS, limits.memory_bytes, limits.memory_bytes),
        # The soft limit sends SIGXCPU; the hard limit one second later is SIGKILL.
        (resource.RLIMIT_CPU, cpu, cpu + 1),
        (resource.RLIMIT_FSIZE, limits.file_bytes, limits.file_bytes),
        (resource.RLIMIT_NOFILE, limits.open_files, limits.open_files),
        (resource.RLIMIT_CORE, 0, 0),
        # No POSIX message queues: one could outlive its submission in a fork server's
        # sandbox (grader/isolation/fork_server.py), and nothing else would find or remove it.
        (resource.RLIMIT_MSGQUEUE, 0, 0),
    ]
    limited = []
    for which, soft, hard in wanted:
        # Never ask for more than the grader itself may have (raising a hard limit fails).
        current_hard = resource.getrlimit(which)[1]
        if current_hard != resource.RLIM_INFINITY:
            soft, hard = min(soft, current_hard), min(hard, current_hard)
        limited.append((which, soft, hard))
    return limited


def _apply_rlimits(rlimits: list[tuple[int, int, int]]) -> None:
    # Runs in the child between fork and exec: only setrlimit calls, nothing that locks.
    import resource

    for which, soft, hard in rlimits:
        resource.setrlimit(which, (soft, hard))


# --- environment ----------------------------------------------------------------------


def _worker_env(mode: str, home: str) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": home,
        "TMPDIR": home,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        # One thread each: workers run side by side on few cores, arrays are tiny.
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONHASHSEED": "0",
        **malloc.ENVIRONMENT,
        "DLKIT_ISOLATION": mode,
        "DLKIT_FORBIDDEN_MODULES": ",".join(FORBIDDEN_MODULES),
    }


_warned: set[str] = set()


def warn_once(message: str) -> None:
    if message not in _warned:
        _warned.add(message)
        print(message, file=sys.stderr)


def _warn_fallback_once() -> None:
    warn_once(
        "warning: grading without the bubblewrap sandbox (process limits only): "
        "student code can read and write what this user can."
    )


# --- bubblewrap -----------------------------------------------------------------------


def _interpreter() -> str:
    # The real binary, not a venv's symlink: the sandbox binds the base installation.
    return os.path.realpath(sys.executable)


@functools.cache
def _runtime_mounts() -> tuple[tuple[str, ...], ...]:
    """bwrap arguments that make the interpreter, its stdlib and NumPy visible.

    Computed once per process: a read-only bind of the shared libraries the interpreter
    and NumPy's extensions load (found with ``ldd``), of the stdlib, and a tmpfs over the
    interpreter's site-packages holding only NumPy.
    """
    import numpy

    exe = _interpreter()
    base = sys.base_prefix
    stdlib = sysconfig.get_path("stdlib", vars={"installed_base": base, "base": base})
    purelib = sysconfig.get_path("purelib", vars={"base": base, "platbase": base})
    numpy_dir = Path(numpy.__file__).resolve().parent
    site = numpy_dir.parent

    objects = [exe]
    for entry in SITE_ENTRIES:
        objects += [str(p) for p in (site / entry).rglob("*.so*") if p.is_file()]
    # The stdlib's extension modules (lib-dynload) are not scanned: ldd costs ~10 ms a
    # file, and what they load (libssl, libz, libffi...) sits beside libc, whose
    # directory the scan of the interpreter already finds.
    lib_dirs, lib_files = _shared_libraries(objects)
    # NumPy's vendored libraries are mounted with NumPy below.
    lib_files = {f for f in lib_files if not f.startswith(str(site) + "/")}

    mounts: list[tuple[str, ...]] = []
    for top in ("/bin", "/lib", "/lib64", "/sbin"):
        if os.path.islink(top):  # merged /usr: keep the symlinks the loader paths use
            mounts.append(("--symlink", os.readlink(top), top))
    if os.path.exists("/etc/ld.so.cache"):
        mounts.append(("--ro-bind", "/etc/ld.so.cache", "/etc/ld.so.cache"))
    for lib_dir in sorted(lib_dirs):
        mounts.append(("--ro-bind", lib_dir, lib_dir))
    for lib_file in sorted(lib_files):
        mounts.append(("--ro-bind", lib_file, lib_file))
    mounts.append(("--ro-bind", exe, exe))
    mounts.append(("--ro-bind", stdlib, stdlib))
    # Hide every installed package (torch among them); then show NumPy alone.
    mounts.append(("--tmpfs", purelib))
    for entry in SITE_ENTRIES:
        if (site / entry).exists():
            mounts.append(("--ro-bind", str(site / entry), f"{purelib}/{entry}"))
    mounts.append(("--remount-ro", purelib))
    return tuple(mounts)


def _shared_libraries(objects: list[str]) -> tuple[set[str], set[str]]:
    """What the given binaries load, by ``ldd``: (system library directories, other files).

    System directories (under /usr, /lib...) hold only libraries and are bound whole, so
    the loader finds every symlinked soname; a library elsewhere (libpython in a pyenv or
    conda prefix) is bound alone, so the rest of its prefix stays hidden.
    """
    system_dirs: set[str] = set()
    files: set[str] = set()
    out = subprocess.run(
        ["ldd", *objects], capture_output=True, text=True, check=False, timeout=60
    ).stdout
    for line in out.splitlines():
        line = line.strip()
        path = ""
        if "=>" in line:
            path = line.split("=>", 1)[1].strip().split(" (", 1)[0].strip()
        elif line.startswith("/") and " (" in line:
            path = line.split(" (", 1)[0].strip()
        if not path.startswith("/") or not os.path.exists(path):
            continue
        real = os.path.realpath(path)
        if real.startswith(("/usr/", "/lib", "/opt/")) and not real.startswith(sys.base_prefix):
            # Both ends of a symlink such as /lib64/ld-linux-x86-64.so.2 -> /lib/...
            system_dirs.update({os.path.realpath(os.path.dirname(path)), os.path.dirname(real)})
        else:
            files.update({os.path.normpath(path), real})
    return system_dirs, files


def _bwrap_argv(code_dir: Path, program_name: str, submission: Path, limits: Limits) -> list[str]:
    argv = [
        "--unshare-all",  # ipc, pid, net, uts, cgroup (where possible)
        "--unshare-user",
        # No nested user namespace, hence no way to regain capabilities and unmount
        # the tmpfs that hides site-packages.
        "--disable-userns",
        "--cap-drop",
        "ALL",
        "--die-with-parent",
        "--new-session",
        "--hostname",
        "sandbox",
        "--clearenv",
    ]
    for key, value in _worker_env(BUBBLEWRAP, home=SANDBOX_SCRATCH).items():
        argv += ["--setenv", key, value]
    for mount in _runtime_mounts():
        argv += list(mount)
    argv += [
        "--dev",
        "/dev",
        "--proc",
        "/proc",
        "--ro-bind",
        str(code_dir),
        SANDBOX_WORKER_DIR,
        "--ro-bind",
        str(submission),
        SANDBOX_SUBMISSION,
        "--size",
        str(limits.scratch_bytes),
        "--tmpfs",
        SANDBOX_SCRATCH,
        "--chdir",
        SANDBOX_SCRATCH,
        # The root tmpfs bwrap builds on is writable until now: only /scratch stays so.
        "--remount-ro",
        "/",
        "--",
        _interpreter(),
        "-I",
        "-B",
        f"{SANDBOX_WORKER_DIR}/{program_name}",
        SANDBOX_SUBMISSION,
    ]
    return argv


_code_dirs: dict[Path, Path] = {}


def remove_private_code_dirs() -> None:
    """Delete this process's private copies of the worker code (at exit; grade-all's
    forked pool processes call it themselves, since they end without running atexit)."""
    for target in _code_dirs.values():
        try:
            target.chmod(0o755)  # made read-only below; writable again to empty it
        except OSError:
            pass
        shutil.rmtree(target, ignore_errors=True)
    _code_dirs.clear()


atexit.register(remove_private_code_dirs)
# A forked process makes copies of its own: the parent removes its copies when it ends.
os.register_at_fork(after_in_child=_code_dirs.clear)


def _private_code_dir(program: Path) -> Path:
    """A private copy of ``program`` and its sibling worker files, made once per process.

    Copies rather than binds grader/, so the sandbox sees these files and nothing else.
    """
    if program not in _code_dirs:
        target = Path(tempfile.mkdtemp(prefix="dlkit-worker-code-"))
        shutil.copy2(program, target / program.name)
        for name in WORKER_FILES:
            source = program.parent / name
            if source.is_file() and name != program.name:
                shutil.copy2(source, target / name)
        for path in target.iterdir():
            path.chmod(0o444)
        target.chmod(0o555)
        _code_dirs[program] = target
    return _code_dirs[program]


PROBE = (
    "import os, sys, numpy\n"
    "assert os.getcwd() == '/scratch', os.getcwd()\n"
    "assert not os.path.exists(sys.argv[2]), 'the project is visible'\n"
    "try:\n"
    "    import torch\n"
    "except ImportError:\n"
    "    pass\n"
    "else:\n"
    "    raise SystemExit('torch is importable')\n"
    "print('ok')\n"
)


@functools.cache
def bubblewrap_problem() -> str | None:
    """None when the bubblewrap sandbox works here; else why not (probed once)."""
    if not sys.platform.startswith("linux"):
        return f"bubblewrap needs Linux (this is {sys.platform})"
    if shutil.which("bwrap") is None:
        return "the bwrap program is not installed"
    try:
        with tempfile.TemporaryDirectory(prefix="dlkit-probe-") as tmp:
            probe = Path(tmp) / "probe.py"
            probe.write_text(PROBE)
            submission = Path(tmp) / "submission"
            submission.mkdir()
            code_dir = Path(tmp) / "code"
            code_dir.mkdir()
            shutil.copy2(probe, code_dir / probe.name)
            argv = _bwrap_argv(code_dir, probe.name, submission, Limits()) + [str(GRADER_DIR)]
            stdio = (subprocess.DEVNULL, subprocess.PIPE, subprocess.PIPE)
            proc = _spawn_bwrap(argv, Path(tmp), [], None, stdio)
            try:
                out, err = proc.communicate(timeout=60)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
    except (OSError, subprocess.SubprocessError) as exc:
        return f"bwrap could not be started ({exc})"
    if proc.returncode != 0 or out.decode(errors="replace").strip() != "ok":
        detail = (err or out).decode(errors="replace").strip().splitlines()
        return f"bwrap failed its probe ({detail[-1] if detail else f'exit {proc.returncode}'})"
    return None
