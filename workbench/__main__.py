from workbench.entry import main

raise SystemExit(main())
