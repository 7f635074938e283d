"""argparse in Russian: usage, help headings and every error a person can get by mistyping.

argparse speaks English (`usage:`, `positional arguments`, `unrecognized arguments`) and offers
no translation hook short of gettext catalogues; its few public extension points are used here:
the formatter's usage prefix, the help text, and `error()`, whose English message is matched
against the handful of forms argparse produces.
"""

from __future__ import annotations

import argparse
import re
import sys

from generator.diagnostics import nearest

#: The headings argparse writes into help, by the Russian ones.
_HEADINGS = {"positional arguments:": "аргументы:", "options:": "параметры:",
             "optional arguments:": "параметры:"}

#: argparse's error messages (Python 3.11–3.13) -> Russian; groups are quoted as received.
_ERRORS = [
    (re.compile(r"^unrecognized arguments: (.*)$"), "неизвестные аргументы: {0}"),
    (re.compile(r"^the following arguments are required: (.*)$"), "не указано обязательное: {0}"),
    (re.compile(r"^argument (.+?): invalid choice: '?(.*?)'? \(choose from (.*)\)$"),
     "{0}: нет значения «{1}»; можно: {2}"),
    (re.compile(r"^argument (.+?): invalid int value: '(.*)'$"), "{0}: ожидается целое число, получено «{1}»"),
    (re.compile(r"^argument (.+?): invalid float value: '(.*)'$"), "{0}: ожидается число, получено «{1}»"),
    (re.compile(r"^argument (.+?): expected one argument$"), "{0}: после него нужно значение"),
    (re.compile(r"^argument (.+?): expected at most one argument$"), "{0}: нужно не больше одного значения"),
    (re.compile(r"^argument (.+?): ignored explicit argument '(.*)'$"), "{0}: значение «{1}» здесь не нужно"),
    (re.compile(r"^argument (.+?): not allowed with argument (.*)$"), "{0} нельзя указывать вместе с {1}"),
    (re.compile(r"^ambiguous option: (.+?) could match (.*)$"), "неоднозначный параметр {0}: подходят {1}"),
    (re.compile(r"^argument (.+?): (.*)$"), "{0}: {1}"),  # our own `type=` errors, already Russian
]


def translate(message: str) -> str:
    """argparse's English error as Russian; an unknown form is kept (never lost)."""
    for pattern, russian in _ERRORS:
        match = pattern.match(message)
        if match:
            groups = [g.replace("'", "") for g in match.groups()]
            return russian.format(*groups)
    return message


class RussianFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # noqa: ANN001 - argparse's signature
        return super().add_usage(usage, actions, groups, "Использование: " if prefix is None else prefix)


class RussianParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage, help and errors are Russian; `-h/--help` described in
    Russian. Subcommand parsers are made of the same class (argparse's default)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", RussianFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", help="показать эту справку и выйти")

    def format_help(self) -> str:
        lines = super().format_help().split("\n")
        return "\n".join(_HEADINGS.get(line, line) for line in lines)

    def error(self, message: str):  # noqa: ANN201 - argparse's signature: never returns
        text = translate(message)
        commands = self._choices()
        chosen = re.match(r"^argument [^:]*: invalid choice: '?([^' ]*)", message)
        if chosen and commands:
            guess = nearest(chosen.group(1), commands, cutoff=0.6)
            text = (f"нет команды «{chosen.group(1)}»" + (f"; возможно, «{guess}»" if guess else "")
                    + f". Команды: {', '.join(commands)}")
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: ошибка: {text}\nПодробнее: {self.prog} --help\n")

    def add_subparsers(self, **kwargs):  # noqa: ANN003, ANN201 - argparse's signature
        self.commands = super().add_subparsers(**kwargs)  # remembered: its choices are the commands
        return self.commands

    def _choices(self) -> list[str]:
        commands = getattr(self, "commands", None)
        return list(commands.choices) if commands is not None else []
