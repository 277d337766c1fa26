import sys

from answering.cli import main

sys.exit(main())
