"""`python -m components.export_site`: kept for the command line; the code is in components/export/site.py."""

import sys

from components.export.site import main

if __name__ == "__main__":
    sys.exit(main())
