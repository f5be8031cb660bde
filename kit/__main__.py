"""``python -m kit``: the command-line interface (see :mod:`kit.cli`)."""

from kit.cli import main

if __name__ == "__main__":
    main()
