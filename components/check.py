"""`python -m components.check`: kept for the command line; the code is in components/schema/check.py."""

import sys

from components.schema.check import main

if __name__ == "__main__":
    sys.exit(main())
