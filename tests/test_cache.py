"""The record cache: unchanged files are not parsed again, and the cache is never stale."""

from __future__ import annotations

from pathlib import Path

from generator.build.progress import Progress
from generator.corpus.cache import CACHE_DIR, RecordCache, context_key
from generator.corpus.check import check, check_counts
from generator.corpus.records import file_keys, validated_records
from generator.models.common import ValidationContext
from generator.source.discover import discover
from generator.source.vocabularies import load_vocabularies
from tests.conftest import PRACTICE


def _validate(root: Path) -> tuple[RecordCache, list]:
    """One pass of the cached load+validate stage, as check() runs it."""
    vocabularies, _ = load_vocabularies(root)
    context = ValidationContext(vocabularies, "Europe/Moscow")
    cache = RecordCache(root, context_key(root))
    files = discover(root)
    found = validated_records(root, files, file_keys(root, files, cache), context, cache, Progress())
    cache.save()
    return cache, found


def _two_practices(site_dir) -> Path:
    return site_dir({"practices/one.md": PRACTICE,
                     "practices/two.md": PRACTICE.replace("Наставничество в школе", "Вторая практика")})


def test_unchanged_files_come_from_the_cache_and_an_edited_one_is_validated_again(site_dir):
    root = _two_practices(site_dir)
    first, _ = _validate(root)
    assert first.misses == 3 and first.hits == 0  # two practices and the organisation
    second, found = _validate(root)
    assert (second.hits, second.misses) == (3, 0)
    assert {e.title for _, e, _ in found if e is not None and e.id == "two"} == {"Вторая практика"}

    path = root / "practices" / "two.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Вторая практика", "Исправленная"), encoding="utf-8")
    third, found = _validate(root)
    assert (third.hits, third.misses) == (2, 1)
    assert {e.title for _, e, _ in found if e is not None and e.id == "two"} == {"Исправленная"}
    body = {e.id: e.body for _, e, _ in found if e is not None}
    assert "Текст практики." in body["one"]  # bodies survive the cache


def test_a_change_to_the_vocabularies_invalidates_every_entry(site_dir):
    root = _two_practices(site_dir)
    site, diagnostics = check(root)
    assert not diagnostics.errors and len(site.practices) == 2
    before = context_key(root)
    vocab = root / "data" / "vocabularies.yml"
    vocab.write_text(vocab.read_text(encoding="utf-8").replace("{id: matematika, label: математика, aliases: [алгебра, геометрия]}",
                                                                 "{id: algebra, label: алгебра}"), encoding="utf-8")
    assert context_key(root) != before
    cache, _ = _validate(root)
    assert cache.hits == 0
    site, diagnostics = check(root)  # «математика» is no longer a subject: never a stale answer
    assert {(d.path, d.code) for d in diagnostics.errors} == {("practices/one.md", "E104"), ("practices/two.md", "E104")}
    counts, diagnostics = check_counts(root)
    assert len(diagnostics.errors) == 2


def test_a_corrupt_cache_is_ignored_and_rewritten(site_dir):
    root = _two_practices(site_dir)
    expected = check(root)[1].sorted()
    for name in ("records.pickle", "index.pickle"):
        (root / CACHE_DIR / name).write_bytes(b"\x80\x05garbage, not a pickle")
    site, diagnostics = check(root)
    assert diagnostics.sorted() == expected and len(site.practices) == 2
    cache, _ = _validate(root)
    assert cache.misses == 0  # rewritten by the check above


def test_an_unchanged_site_is_answered_from_the_summary_but_a_new_error_is_not_missed(site_dir):
    root = _two_practices(site_dir)
    counts, diagnostics = check_counts(root)
    assert counts["practice"] == 2 and not diagnostics.errors
    assert check_counts(root)[0] == counts
    (root / "practices" / "three.md").write_text(PRACTICE.replace("organization: school", "organization: nowhere"),
                                                 encoding="utf-8")
    counts, diagnostics = check_counts(root)
    assert [(d.path, d.code) for d in diagnostics.errors] == [("practices/three.md", "E202")]


def test_a_check_leaves_texts_packed_but_a_build_gets_them_from_the_same_cache(site_dir):
    # `kopilka check` does not decode record texts; a build in the same process (the preview)
    # or a later one must still get every text from the entries the check wrote.
    root = _two_practices(site_dir)
    counts, diagnostics = check_counts(root, use_cache=True)
    assert counts["practice"] == 2 and not diagnostics.errors
    site, _ = check(root)
    assert all("Текст практики." in p.body for p in site.practices.values())
    (root / "practices" / "two.md").write_text(PRACTICE.replace("Текст практики.", "Новый текст."), encoding="utf-8")
    check_counts(root)
    site, _ = check(root)
    assert "Новый текст." in site.practices["two"].body and "Текст практики." in site.practices["one"].body


class _Runs:
    """A pickle that, when loaded, runs code: here it only leaves a file behind."""

    def __init__(self, sentinel: Path) -> None:
        self.sentinel = sentinel

    def __reduce__(self):
        return (Path.write_text, (self.sentinel, "ran"))


def test_a_committed_cache_file_is_never_loaded_and_the_check_names_it(site_dir, tmp_path):
    import pickle
    import subprocess

    from tests.conftest import run_kopilka

    root = _two_practices(site_dir)
    assert run_kopilka("build", str(root), "--site-dir", str(tmp_path / "site")).returncode == 0
    sentinel = tmp_path / "ran"
    for name in ("graph.pickle", "records.pickle", "index.pickle"):
        (root / CACHE_DIR / name).write_bytes(pickle.dumps(_Runs(sentinel)))
    git = ["git", "-C", str(root), "-c", "user.name=Т", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "add", "-f", f"{CACHE_DIR}/graph.pickle"], check=True)  # past its .gitignore
    subprocess.run([*git, "commit", "-q", "-m", "кэш"], check=True)
    for command in (["check", str(root)], ["build", str(root), "--site-dir", str(tmp_path / "site")]):
        result = run_kopilka(*command)
        assert result.returncode == 1, result.stdout + result.stderr
        said = result.stdout + result.stderr
        assert "E018" in said and f"git rm --cached {CACHE_DIR}/graph.pickle" in said
    assert not sentinel.exists()  # no cache file was unpickled, committed or not
    subprocess.run([*git, "rm", "-q", "--cached", f"{CACHE_DIR}/graph.pickle"], check=True)
    assert run_kopilka("check", str(root)).returncode == 0
    assert sentinel.exists()  # the check: without a committed file the cache is read again
