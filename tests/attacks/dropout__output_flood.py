# Prints gigabytes, on stdout and stderr, at import and in a call.
import os
import sys

_MEGABYTE = "x" * (1 << 20)

for _ in range(16):
    print(_MEGABYTE)


def dropout_forward(x, p, train, rng):
    for _ in range(4096):  # 4 GiB on each stream
        sys.stdout.write(_MEGABYTE)
        sys.stderr.write(_MEGABYTE)
        os.write(1, _MEGABYTE.encode())
    raise RuntimeError("done flooding")
