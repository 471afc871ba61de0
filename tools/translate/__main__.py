"""``python -m tools.translate``."""

from model import cli
from tools.translate.upkeep import main

if __name__ == "__main__":
    cli.run(main, "python -m tools.translate")
