"""``python -m tools.i18n``."""

from model import cli
from tools.i18n.upkeep import main

if __name__ == "__main__":
    cli.run(main, "python -m tools.i18n")
