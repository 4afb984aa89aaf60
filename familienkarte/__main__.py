"""``python -m familienkarte``: see :mod:`familienkarte.cli`."""

import sys

from familienkarte.cli import main

sys.exit(main())
