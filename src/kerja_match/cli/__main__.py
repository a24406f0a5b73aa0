"""``python -m kerja_match.cli``: the same as the ``kerja-match`` command."""

import sys

from . import main

sys.exit(main())
