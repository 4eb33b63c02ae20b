import sys

from liaison.cli.main import main

sys.exit(main())
