import gzip

import pytest

from encore.settings import ROOT
from kg.importer import KbFormatError, format_summary, parse_triples, read_triples

LINES = [
    "Heat|directed_by|Michael Mann\n",
    "Heat|directed_by|Michael Mann\n",  # duplicate: counted once
    "Heat|release_year|1995\n",
    "Heat|release_year|1972\n",
    "Heat|has_imdb_votes|famous\n",
    "Heat|has_tags|crime\n",
    "Heat|unknown_relation|x\n",
    "\n",
    "Kismet|starred_actors|Ronald Colman\n",
]


def test_triples_are_grouped_by_relation() -> None:
    parsed = parse_triples(LINES)
    assert parsed.count == 6
    assert parsed.skipped == 1
    assert parsed.movies["Heat"]["years"] == [1972, 1995]
    assert parsed.movies["Heat"]["imdb_votes"] == "famous"
    assert parsed.links["directed_by"] == [{"title": "Heat", "value": "Michael Mann"}]
    assert parsed.links["release_year"] == [
        {"title": "Heat", "value": 1995},
        {"title": "Heat", "value": 1972},
    ]
    assert parsed.links["starred_actors"] == [{"title": "Kismet", "value": "Ronald Colman"}]


def test_hash_depends_on_content() -> None:
    assert parse_triples(LINES).sha256 == parse_triples(list(LINES)).sha256
    assert parse_triples(LINES).sha256 != parse_triples(LINES[:-1]).sha256


@pytest.mark.parametrize("bad", ["Heat|directed_by\n", "Heat||x\n", "a|b|c|d\n"])
def test_malformed_lines_are_reported_with_their_number(bad: str) -> None:
    with pytest.raises(KbFormatError, match="line 2"):
        parse_triples(["Heat|directed_by|Michael Mann\n", bad])


def test_reads_gzip(tmp_path) -> None:
    path = tmp_path / "kb.txt.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.writelines(LINES)
    assert read_triples(path).sha256 == parse_triples(LINES).sha256


def test_missing_file_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="knowledge base file not found"):
        read_triples(tmp_path / "nope.txt")


def test_shipped_kb_is_the_documented_file() -> None:
    parsed = read_triples(ROOT / "kg" / "data" / "wikimovies" / "kb.txt.gz")
    assert parsed.sha256 == "0e6c60be9683e461c1581aa37fc449fe87cc570b35cdac9dac1700659d97e337"
    assert (parsed.count, parsed.skipped) == (129_231, 4)  # 4 tags filed as release years


def test_summary_text() -> None:
    text = format_summary({"skipped": True, "counts": {"Movie": 3}})
    assert "nothing to do" in text and "3 Movie" in text
