from generator.source.frontmatter import read_source, split_frontmatter
from generator.text import suggest_id
from tests.conftest import PRACTICE


def _read(tmp_path, raw: bytes, name="x-1.md"):
    path = tmp_path / "practices" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    return read_source("practice", path, tmp_path)


def codes(problems):
    return [(p.code, p.line) for p in problems]


def test_bom_and_crlf_are_accepted_silently(tmp_path):
    source, problems = _read(tmp_path, b"\xef\xbb\xbf" + PRACTICE.replace("\n", "\r\n").encode())
    assert problems == []
    assert source.data["title"] == "Наставничество в школе"
    assert source.positions[("year",)] == (9, 1)
    assert source.body_line == 11 and "\r" not in source.body


def test_windows_1251_is_named_and_the_file_still_checked(tmp_path):
    source, problems = _read(tmp_path, PRACTICE.encode("cp1251"))
    assert codes(problems) == [("E001", 2)]
    assert "Windows-1251" in problems[0].message and "UTF-8" in problems[0].hint
    assert source.data["title"] == "Наставничество в школе"


def test_utf16_from_notepad_is_named(tmp_path):
    _, problems = _read(tmp_path, PRACTICE.encode("utf-16"))
    assert problems[0].code == "E001" and "UTF-16" in problems[0].message


def test_binary_file_is_reported_not_parsed(tmp_path):
    source, problems = _read(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert codes(problems) == [("E002", 0)] and source.data is None


def test_empty_file(tmp_path):
    _, problems = _read(tmp_path, b"  \n\n")
    assert problems[0].code == "E003"


def test_missing_frontmatter_and_unclosed_frontmatter():
    assert split_frontmatter("Просто текст\n", "a.md")[4][0].code == "E004"
    assert split_frontmatter("---\ntitle: x\nТекст без конца\n", "a.md")[4][0].code == "E005"


def test_file_name_must_be_an_id_and_a_valid_one_is_suggested(tmp_path):
    _, problems = _read(tmp_path, PRACTICE.encode(), name="Наставничество в школе.md")
    [problem] = problems
    assert problem.code == "E011"
    assert problem.hint.endswith("nastavnichestvo-v-shkole.md")


def test_suggest_id_transliterates():
    assert suggest_id("Школа молодого педагога — 2024!") == "shkola-molodogo-pedagoga-2024"
