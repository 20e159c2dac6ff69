"""One module per ``drugview`` command, each with ``run(args: argparse.Namespace) -> int``.

``viewer.cli.parser`` names the module of each command; ``viewer.cli.main`` imports it only
when that command runs, so starting the window loads none of them.
"""
