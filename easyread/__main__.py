"""`python -m easyread check FILE`: see `easyread.checker.cli`."""

from easyread.checker.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
