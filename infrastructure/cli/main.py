"""`opsledger`: the command line's entry point, its global options and its exit statuses."""

from __future__ import annotations

import argparse
import logging
import sys
import uuid
from collections.abc import Sequence

from application.errors import PayloadKeyMissing, StoreUnavailable
from domain.shared.errors import DomainError
from infrastructure.cli import audit, backups, listing, logs, projections, report, submit, sweep
from infrastructure.cli.errors import UsageError
from infrastructure.projection_runner import UnknownProjection
from infrastructure.settings import SettingError
from infrastructure.store.url import STORE_ENV, StoreConfigError

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="opsledger",
        description="The event-sourced record of a company's operations.",
    )
    parser.add_argument(
        "--store",
        metavar="URL",
        help=f"sqlite:///FILE or postgresql://USER@HOST:PORT/DB (default: ${STORE_ENV}, "
        "else sqlite:///./opsledger.db)",
    )
    parser.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default="table",
        help="output format (csv where a report offers it; else a table)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    submit.register(commands)
    sweep.register(commands)
    audit.register(commands)
    projections.register(commands)
    report.register(commands)
    listing.register(commands)
    backups.register(commands)
    from infrastructure.cli import demo  # the demo pulls in its generator only when asked

    demo.register(commands)
    return parser


def _global_options_first(argv: Sequence[str]) -> list[str]:
    """`--format` and `--store` may be given after the subcommand too: move them to the front,
    where the parser reads them."""
    moved: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(argv):
        word = argv[index]
        if word in ("--format", "--store") and index + 1 < len(argv):
            moved += [word, argv[index + 1]]
            index += 2
            continue
        if word.startswith(("--format=", "--store=")):
            moved.append(word)
        else:
            rest.append(word)
        index += 1
    return moved + rest


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command line; never lets a traceback reach the user."""
    try:
        logs.configure()
        words = list(sys.argv[1:] if argv is None else argv)
        arguments = build_parser().parse_args(_global_options_first(words))
        status: int = arguments.run(arguments)
        return status
    except UsageError as error:
        print(str(error), file=sys.stderr)
        return EXIT_USAGE
    except (StoreConfigError, UnknownProjection, SettingError) as error:
        print(f"opsledger: {error}", file=sys.stderr)
        return EXIT_USAGE
    except PayloadKeyMissing as error:
        print(f"opsledger: {error.code}: {error.message}", file=sys.stderr)
        return EXIT_USAGE
    except StoreUnavailable as error:
        print(f"opsledger: {error.message}", file=sys.stderr)
        return EXIT_REFUSED
    except DomainError as error:
        print(f"opsledger: {error.code}: {error.message}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("opsledger: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception:
        logging.getLogger("opsledger").error(
            "failed unexpectedly (incident %s)", uuid.uuid4(), exc_info=True
        )
        return EXIT_REFUSED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
