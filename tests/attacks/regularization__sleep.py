# Sleeps far longer than any call may take.
import time


def l1_penalty(w, lam):
    time.sleep(3600)
    return 0.0
