"""``python -m extractor`` is the ``extract`` command."""

from extractor.cli import entry

entry()
