from workstation.cli.main import main

raise SystemExit(main())
