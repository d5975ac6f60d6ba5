"""`python -m pipeline` is the `newsx` command."""

from .cli import main

raise SystemExit(main())
