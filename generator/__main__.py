import sys

from .cli.main import main

if __name__ == "__main__":  # not when a spawned process imports it (build/child.py)
    sys.exit(main())
