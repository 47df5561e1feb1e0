"""Entry point of the frozen program (PyInstaller): the same `workbench` command."""

from workbench.entry import main

raise SystemExit(main())
