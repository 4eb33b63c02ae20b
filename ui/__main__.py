import sys

from ui.app import main

# Guarded: a child process started with "spawn" (the letter renderer) imports this module.
if __name__ == "__main__":
    sys.exit(main())
