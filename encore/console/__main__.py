import sys

from encore.console.server import main

sys.exit(main())
