import sys

from jianbao.cli import main

sys.exit(main())
