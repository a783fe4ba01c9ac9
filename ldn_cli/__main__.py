"""``python -m ldn_cli``: the same as the ``ldn`` command."""

from ldn_cli.cli import main

main()
