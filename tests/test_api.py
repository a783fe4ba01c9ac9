"""The public Python API: what it exports, and that its docstring example holds."""

import doctest

import ldn_cli


def test_docstring_examples_pass() -> None:
    failures, attempted = doctest.testmod(ldn_cli)
    assert attempted > 0
    assert failures == 0


def test_all_names_are_exported() -> None:
    for name in ldn_cli.__all__:
        assert hasattr(ldn_cli, name), name
