"""What a person meets who types a command wrong: a Russian sentence that says what to do, exit
code 2 for a usage mistake (1 for errors in the site's files), and never a traceback."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.preview import free_port
from tests.conftest import PRACTICE, REPO, run_kopilka, write_site

#: (name, arguments; {site} is a small valid site, {file} a file, {empty} an empty folder),
#: exit code, words the message must have.
MISUSES = [
    ("check outside a site", ["check", "{empty}"], 2, "не папка сайта"),
    ("build outside a site", ["build", "{empty}"], 2, "не папка сайта"),
    ("serve outside a site", ["serve", "{empty}"], 2, "не папка сайта"),
    ("new outside a site", ["new", "practice", "{empty}", "--title", "Практика"], 2, "не папка сайта"),
    ("schema outside a site", ["schema", "{empty}"], 2, "не папка сайта"),
    ("check a missing path", ["check", "{empty}/net-takoy"], 2, "нет. Укажите папку сайта"),
    ("build a missing path", ["build", "{empty}/net-takoy"], 2, "нет. Укажите папку сайта"),
    ("check a file", ["check", "{file}"], 2, "это файл, а не папка сайта"),
    ("serve a file", ["serve", "{file}"], 2, "это файл, а не папка сайта"),
    ("linkcheck without a built site", ["linkcheck", "{empty}"], 2, "нет собранного сайта"),
    ("--only outside the site", ["check", "{site}", "--only", "{empty}/x.md"], 2, "нет в папке сайта"),
    ("build into a folder nobody may write", ["build", "{site}", "--site-dir", "/proc/kopilka-site"], 2,
     "нельзя записать"),
    ("an unknown command", ["chek"], 2, "нет команды «chek»; возможно, «check»"),
    ("an unknown option", ["check", "{site}", "--formt", "json"], 2, "неизвестные аргументы: --formt"),
    ("a wrong choice", ["check", "{site}", "--format", "xml"], 2, "--format: нет значения «xml»; можно: text, json"),
    ("a word for a number", ["linkcheck", "--limit", "много"], 2, "--limit: ожидается целое число, получено «много»"),
    ("a wrong address", ["serve", "{site}", "--dev-addr", "localhost"], 2, "ожидается адрес вида 127.0.0.1:8000"),
    ("no type for new", ["new"], 2, "не указано обязательное: ТИП"),
    ("no title for new, not at a terminal", ["new", "organization", "{site}"], 2,
     "kopilka new organization --title \"МБОУ"),
    ("a site with errors", ["check", "{broken}"], 1, "Ошибок: 1"),
    ("a build with errors", ["build", "{broken}"], 1, "Сайт не собран"),
]


@pytest.fixture(scope="module")
def places(tmp_path_factory) -> dict[str, str]:
    base = tmp_path_factory.mktemp("misuse")
    (base / "empty").mkdir()
    (base / "notes.txt").write_text("заметки", encoding="utf-8")
    site = write_site(base / "site", {"practices/nastavnichestvo.md": PRACTICE})
    broken = write_site(base / "broken", {"practices/nastavnichestvo.md": PRACTICE.replace("математика", "матиматика")})
    return {"empty": str(base / "empty"), "file": str(base / "notes.txt"), "site": str(site), "broken": str(broken)}


@pytest.mark.parametrize("name, args, code, words", MISUSES, ids=[m[0] for m in MISUSES])
def test_a_misuse_is_answered_in_russian_with_its_exit_code(places, name, args, code, words):
    result = subprocess.run([sys.executable, "-m", "generator", *(a.format(**places) for a in args)],
                            cwd=REPO, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    output = result.stdout + result.stderr
    assert result.returncode == code, output
    assert words in output, output
    assert "Traceback" not in output and "Error:" not in output, output
    assert not re.search(r"\b(usage|error|arguments|invalid|unrecognized)\b", output), output
    assert not (Path(places["empty"]) / ".kopilka-cache").exists()  # nothing left behind


def test_help_is_russian_and_describes_every_argument():
    for command in ([], ["check"], ["build"], ["serve"], ["new"], ["schema"], ["linkcheck"], ["init"]):
        result = run_kopilka(*command, "--help")
        assert result.returncode == 0 and result.stdout.startswith("Использование: kopilka")
        assert "show this help" not in result.stdout and "positional arguments" not in result.stdout
        assert "Коды выхода" in result.stdout
        # every argument has a description: beside its name, or on the next line when the name is long
        lines = result.stdout.split("\n")
        for index, line in enumerate(lines):
            name_only = re.fullmatch(r" {2,4}\S.*", line) and "  " not in line.strip()
            if name_only and line.strip() != "КОМАНДА":
                assert lines[index + 1].startswith(" " * 8), (command, line)


def test_version_says_what_it_is():
    result = run_kopilka("--version")
    assert result.returncode == 0
    assert re.fullmatch(r"Kopilka \d+\.\d+\.\d+: генератор сайтов методических служб \(Python [\d.]+, MkDocs [\d.]+\)\n",
                        result.stdout)


def test_new_takes_the_site_folder_as_every_command_does(places, tmp_path):
    site = write_site(tmp_path / "site", {})
    result = run_kopilka("new", "event", str(site), "--title", "Семинар")
    assert result.returncode == 0 and (site / "content/events/seminar.md").is_file(), result.stderr


def test_check_only_shows_the_contributors_own_file(places):
    result = run_kopilka("check", str(REPO), "--only", "practices/parnye-komandy-shnor.md")
    assert result.returncode == 0, result.stdout
    assert "предупреждение" not in result.stdout  # the example's own warnings stay out of the way
    assert "Ошибок: 0, предупреждений: 0." in result.stdout
    broken = run_kopilka("check", places["broken"], "--only", "practices")
    assert broken.returncode == 1 and "матиматика" in broken.stdout


def test_a_taken_port_is_said_before_any_work(places):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_kopilka("serve", places["site"], "--dev-addr", f"127.0.0.1:{port}")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert f"порт {port} уже занят" in result.stderr and f"--dev-addr 127.0.0.1:{port + 1}" in result.stderr


@pytest.mark.parametrize("after", [0.6, 8.0], ids=["while loading", "while serving"])
def test_ctrl_c_ends_a_preview_in_russian_and_leaves_nothing(places, after, tmp_path):
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", places["site"],
                               "--dev-addr", f"127.0.0.1:{free_port()}"], cwd=REPO, text=True,
                              env={**os.environ, "TMPDIR": str(tmp_path)},  # its temporary folder here
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    time.sleep(after)
    os.killpg(server.pid, signal.SIGINT)  # what a terminal sends to the whole group on Ctrl+C
    log, _ = server.communicate(timeout=60)
    # 130, or ended by the SIGINT itself after saying so (CPython does that when the interrupt
    # passed through C code on its way to Kopilka's handler): a shell reports 130 either way
    assert server.returncode in (0, 130, -signal.SIGINT) and "Traceback" not in log, log
    assert "прервано" in log or "предпросмотр остановлен" in log, log
    assert list(tmp_path.glob("kopilka-preview-*")) == []  # its temporary site folder is gone
    deadline = time.monotonic() + 10  # and no process of it is left (a child ends by itself)
    while time.monotonic() < deadline:
        try:
            os.killpg(server.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("a process of the preview is still running")
