"""`python -m assistant` runs the same CLI as the `prescreen` console script."""

from assistant.cli import main

raise SystemExit(main())
