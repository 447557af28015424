"""``python -m grader.mutation``: kept for the command line the docs use; the runner is
``grader/frontends/mutation.py``."""

import sys

from grader.frontends.mutation import main

if __name__ == "__main__":
    sys.exit(main())
