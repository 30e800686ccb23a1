"""The dataset tools: schema, validate, merge, stats, report (all offline, small files)."""

from __future__ import annotations

import argparse
import gzip
import json
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from newscrawl.dataset import merge, report, stats, validate
from newscrawl.dataset.records import expand_inputs, iter_lines
from newscrawl.dataset.schema import SCHEMA_PATH, build_schema, dump_schema, load_schema, validator
from newscrawl.dataset.tally import compute_stats
from newscrawl.ops.cli import COMMANDS
from newscrawl.ops.cli import main as newscrawl_main
from tests.synthetic_records import synthetic_records

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_RECORDS = sorted(GOLDEN.glob("*/*.json"))
CRAWLED_AT = "2026-11-28T14:15:42Z"


def invoke(module: Any, *argv: str) -> int:
    """Run a dataset command as the CLI would: its own arguments, then ``run``."""
    parser = argparse.ArgumentParser()
    module.add_arguments(parser)
    status: int = module.run(parser.parse_args(list(argv)))
    return status


def golden(name: str = "asrpress/26684", **changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    return {**record, "crawled_at": CRAWLED_AT, **changes}


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    text = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as handle:
        handle.write(text)
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


# --- schema ---


def test_committed_schema_is_the_one_derived_from_article():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == dump_schema(build_schema()), (
        "Article and article.schema.json differ: run `newscrawl schema --write` and review the diff"
    )


def test_schema_is_valid_draft_2020_12_and_closed():
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["required"] == list(schema["properties"])
    assert schema["additionalProperties"] is False
    versions = schema["properties"]["schema_version"]["enum"]
    assert versions == ["1.0", "1.1"], "1.0 records stay valid"


@pytest.mark.parametrize("path", GOLDEN_RECORDS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_golden_record_is_valid(path):
    record = golden(f"{path.parent.name}/{path.stem}")
    assert [error.message for error in validator().iter_errors(record)] == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"published_at": "2021-10-19T20:04:35+03:30"}, "published_at"),  # seconds are always :00
        ({"published_at": "۲۰۲۱-10-19T20:04:00+03:30"}, "published_at"),  # Persian digits
        ({"crawled_at": "2026-11-28T14:15:42+00:00"}, "crawled_at"),
        ({"url": "https://asrpress.ir/fa/news/26684/سلام"}, "url"),  # not percent-encoded
        ({"url": "file:///etc/passwd"}, "url"),
        ({"language": "ar"}, "language"),
        ({"schema_version": "0.9"}, "schema_version"),
        ({"kicker": ""}, "kicker"),  # empty text is null
        ({"news_id": "26684"}, "news_id"),
        ({"tags": ["a", "a"]}, "tags"),
        ({"images": [{"url": "/files/x.jpg", "caption": None}]}, "images[0].url"),
        ({"title": None}, "title"),
    ],
)
def test_schema_rejects_a_wrong_value_and_names_its_field(change, expected):
    errors = list(validator().iter_errors(golden(**change)))
    assert [validate._field(error) for error in errors] == [expected]


# --- validate ---


def test_validate_names_file_line_and_field(tmp_path, capsys):
    record = golden()
    broken = {**record, "published_at": "2021-10-19 20:04"}
    del broken["title"]
    path = write_jsonl(tmp_path / "run.jsonl", [record, record, broken])
    path.write_text(path.read_text(encoding="utf-8") + "\nnot json\n", encoding="utf-8")

    assert invoke(validate, str(path)) == 1

    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{path}:3: 'title' is a required property"
    assert out[1].startswith(f"{path}:3: published_at: '2021-10-19 20:04' does not match")
    assert out[2].startswith(f"{path}:5: not JSON: ")  # line 4 is blank: skipped, still counted
    assert out[3] == f"{path}: 4 records, 2 invalid"


def test_validate_prints_at_most_max_problems_but_counts_all(tmp_path, capsys):
    path = write_jsonl(tmp_path / "old.jsonl", [golden(schema_version="0.9")] * 3)

    assert invoke(validate, "--max-problems", "1", str(path)) == 1

    assert capsys.readouterr().out.splitlines() == [
        f"{path}:1: schema_version: '0.9' is not one of ['1.0', '1.1']",
        f"{path}: 3 records, 3 invalid",
    ]


def test_validate_exit_status(tmp_path, capsys):
    good = write_jsonl(tmp_path / "good.jsonl.gz", [golden(), golden("tabnak/818242")])
    bad = write_jsonl(tmp_path / "bad.jsonl", [golden(extra="field")])

    assert invoke(validate, str(good)) == 0
    assert invoke(validate, str(tmp_path / "*.jsonl*")) == 1  # a glob: both files checked
    assert invoke(validate, str(tmp_path / "missing.jsonl")) == 2
    out = capsys.readouterr().out
    assert f"{good}: 2 records, all valid" in out
    assert "Additional properties are not allowed ('extra' was unexpected)" in out
    assert f"{bad}: 1 records, 1 invalid" in out


def test_validate_in_worker_processes_reports_the_same(tmp_path, capsys):
    records = list(synthetic_records(2500))
    records[1234] = {**records[1234], "site": "Asr Press"}
    path = write_jsonl(tmp_path / "big.jsonl.gz", records)

    assert invoke(validate, "--jobs", "2", str(path)) == 1
    parallel = capsys.readouterr().out
    assert invoke(validate, "--jobs", "1", str(path)) == 1
    assert capsys.readouterr().out == parallel
    assert f"{path}:1235: site: 'Asr Press' does not match" in parallel
    assert f"{path}: 2,500 records, 1 invalid" in parallel


def test_synthetic_records_are_valid():
    checker = validator()
    assert not [e.message for r in synthetic_records(300) for e in checker.iter_errors(r)]


# --- records ---


def test_globs_skip_rejects_files_and_missing_inputs_are_errors(tmp_path):
    for name in ("b.jsonl", "a.jsonl.gz", "a.rejects.jsonl", "notes.txt"):
        (tmp_path / name).write_bytes(b"")
    assert expand_inputs([str(tmp_path / "*.jsonl*")]) == [
        tmp_path / "a.jsonl.gz",
        tmp_path / "b.jsonl",
    ]
    assert expand_inputs([str(tmp_path / "a.rejects.jsonl")]) == [tmp_path / "a.rejects.jsonl"]
    with pytest.raises(FileNotFoundError, match="no file matches"):
        expand_inputs([str(tmp_path / "*.csv")])
    with pytest.raises(FileNotFoundError, match="no such file"):
        expand_inputs([str(tmp_path / "c.jsonl")])


def test_lines_keep_their_numbers_across_blank_lines(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"a": 1}\n\n  \n{"a": 2}\r\n')
    assert list(iter_lines(path)) == [(1, b'{"a": 1}\n'), (4, b'{"a": 2}\r\n')]


# --- merge ---


def at(site: str, news_id: int, crawled_at: str, **changes: Any) -> dict[str, Any]:
    url = f"https://{site}.ir/fa/news/{news_id}/x"
    return golden(site=site, news_id=news_id, url=url, crawled_at=crawled_at, **changes)


def test_merge_keeps_the_latest_crawl_of_each_article_sorted(tmp_path, monkeypatch):
    monkeypatch.setattr(merge, "MAX_OPEN_RUNS", 2)  # and pass the runs through a reduce pass
    run1 = write_jsonl(
        tmp_path / "run1.jsonl",
        [
            at("tabnak", 5, "2026-01-02T00:00:00Z", title="تابناک تازه"),
            at("asrpress", 30, "2026-01-01T00:00:00Z", title="کهنه"),
            at("asrpress", 4, "2026-01-01T00:00:00Z"),
        ],
    )
    run2 = write_jsonl(
        tmp_path / "run2.jsonl.gz",
        [
            at("asrpress", 30, "2026-01-03T00:00:00Z", title="تازه"),
            at("tabnak", 5, "2026-01-01T00:00:00Z", title="تابناک کهنه"),
            at("asrpress", 4, "2026-01-01T00:00:00Z", title="همزمان، بعدتر خوانده شد"),
        ],
    )
    out = tmp_path / "all.jsonl.gz"

    result = merge.merge_files([run1, run2], out, run_bytes=1)  # one record per run

    merged = read_jsonl(out)
    assert [(r["site"], r["news_id"]) for r in merged] == [
        ("asrpress", 4),
        ("asrpress", 30),
        ("tabnak", 5),
    ]
    assert [r["title"] for r in merged] == ["همزمان، بعدتر خوانده شد", "تازه", "تابناک تازه"]
    assert (result.records, result.articles, result.duplicates, result.runs) == (6, 3, 3, 6)
    assert not list(tmp_path.glob("*.part"))


def test_merge_copies_records_byte_for_byte_and_may_rewrite_an_input(tmp_path, capsys):
    dataset = write_jsonl(tmp_path / "dataset.jsonl", [at("asrpress", 1, "2026-01-01T00:00:00Z")])
    line = dataset.read_bytes()
    (tmp_path / "new").mkdir()
    newer = write_jsonl(tmp_path / "new" / "r.jsonl", [at("asrpress", 2, "2026-01-02T00:00:00Z")])

    assert invoke(merge, str(dataset), str(dataset), str(tmp_path / "new" / "*.jsonl")) == 0

    assert dataset.read_bytes() == line + newer.read_bytes()
    assert "2 articles from 2 records in 2 files (0 duplicates collapsed" in capsys.readouterr().out


def test_merge_refuses_a_record_without_its_key_and_writes_nothing(tmp_path, capsys):
    path = write_jsonl(tmp_path / "r.jsonl", [golden(), {"site": "asrpress", "title": "بی شناسه"}])
    out = tmp_path / "out.jsonl"

    assert invoke(merge, str(out), str(path)) == 1

    assert f"{path}:2: needs a string site and an integer news_id" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize(
    ("origin", "host"),
    [
        ("http://127.0.0.1:8080", "127.0.0.1"),  # the demo and the test mirror
        ("http://localhost:6023", "localhost"),
        ("http://[::1]:8080", "::1"),
        ("http://127.0.1.1", "127.0.1.1"),
    ],
)
def test_merge_refuses_a_record_of_a_local_host_in_one_line_with_status_2(
    tmp_path, capsys, origin, host
):
    local = {**at("asrpress", 2, CRAWLED_AT), "url": f"{origin}/fa/news/2/x"}
    path = write_jsonl(tmp_path / "demo.jsonl", [at("asrpress", 1, CRAWLED_AT), local])
    out = tmp_path / "out.jsonl"

    assert invoke(merge, str(out), str(path)) == 2

    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"newscrawl merge: {path}:2: url host {host} is local")
    assert "--allow-local" in err
    assert list(tmp_path.iterdir()) == [path], "nothing written"


def test_merge_takes_local_records_with_allow_local(tmp_path, capsys):
    local = {**at("mehrnews", 6100000, CRAWLED_AT), "url": "http://127.0.0.1:41234/news/6100000/x"}
    path = write_jsonl(tmp_path / "demo.jsonl", [local])
    out = tmp_path / "out.jsonl"

    assert newscrawl_main(["merge", str(out), str(path)]) == 2
    assert newscrawl_main(["merge", "--allow-local", str(out), str(path)]) == 0

    assert read_jsonl(out) == [local]
    assert "1 articles from 1 records in 1 files" in capsys.readouterr().out


def test_merge_takes_records_of_real_hosts_however_they_look(tmp_path):
    records = [
        at("asrpress", 1, CRAWLED_AT),
        at("localhostnews", 2, CRAWLED_AT),  # https://localhostnews.ir/…: a name, not this machine
        {**at("tabnak", 3, CRAWLED_AT), "url": "https://www.tabnak.ir/fa/news/3/x"},
        {**at("ip", 4, CRAWLED_AT), "url": "http://185.143.233.120/fa/news/4/x"},
    ]
    path = write_jsonl(tmp_path / "real.jsonl", records)
    out = tmp_path / "out.jsonl"

    assert invoke(merge, str(out), str(path)) == 0

    assert read_jsonl(out) == sorted(records, key=lambda r: (r["site"], r["news_id"]))


# --- stats ---


def stats_fixture(tmp_path: Path) -> Path:
    """8 articles, 1 duplicate: asrpress ids 1-3, 7, 8, 12 (gaps 4-6, 9-11), tabnak 100-101."""
    bare: dict[str, Any] = {"kicker": None, "lead": None, "editor": None, "tags": [], "images": []}
    records = [
        at("asrpress", 1, CRAWLED_AT, published_at="2021-10-19T20:04:00+03:30"),
        at("asrpress", 2, CRAWLED_AT, published_at="2021-10-19T08:30:00+03:30", **bare),
        at("asrpress", 3, CRAWLED_AT, published_at="2021-10-20T08:00:00+03:30", section="ورزشی"),
        at("asrpress", 2, CRAWLED_AT, published_at="2021-10-19T08:30:00+03:30"),  # duplicate
        at("asrpress", 7, CRAWLED_AT, published_at="2021-06-01T12:00:00+04:30", tags=["بورس"]),
        at("asrpress", 8, CRAWLED_AT, published_at="2021-10-21T23:59:00+03:30", section=None),
        at("asrpress", 12, CRAWLED_AT, published_at="2021-10-21T00:00:00+03:30", **bare),
        at("tabnak", 100, CRAWLED_AT, published_at="2021-10-20T09:15:00+03:30"),
        at("tabnak", 101, CRAWLED_AT, published_at=None),
    ]
    return write_jsonl(tmp_path / "set.jsonl", records)


def test_stats_counts_coverage_gaps_and_duplicates(tmp_path):
    result = compute_stats([stats_fixture(tmp_path)])

    assert (result.records, result.articles, result.duplicates, result.undated) == (9, 8, 1, 1)
    assert result.per_site == {"asrpress": 6, "tabnak": 2}
    assert result.first_published == "2021-06-01T12:00:00+04:30"
    assert result.last_published == "2021-10-21T23:59:00+03:30"
    assert result.per_day == {
        "2021-06-01": 1,
        "2021-10-19": 2,
        "2021-10-20": 2,
        "2021-10-21": 2,
    }
    assert result.per_hour[8] == 2
    assert result.per_hour[0] == result.per_hour[9] == result.per_hour[12] == 1
    assert result.per_hour[20] == result.per_hour[23] == 1
    assert sum(result.per_hour) == 7
    assert result.per_section == {"فناوری": 6, "ورزشی": 1}
    assert result.coverage["kicker"] == result.coverage["editor"] == 6 / 8
    assert result.coverage["tags"] == 1 / 8
    assert result.coverage["section"] == 7 / 8
    asrpress, tabnak = result.id_gaps
    assert (asrpress.first_id, asrpress.last_id, asrpress.missing_ids) == (1, 12, 6)
    assert (asrpress.missing_ranges, asrpress.largest_missing) == (2, [(4, 6), (9, 11)])
    assert (tabnak.missing_ids, tabnak.missing_ranges, tabnak.largest_missing) == (0, 0, [])


def test_stats_json_and_text(tmp_path, capsys):
    path = stats_fixture(tmp_path)

    assert invoke(stats, "--json", str(path)) == 0
    emitted = json.loads(capsys.readouterr().out)
    assert emitted == json.loads(json.dumps(asdict(compute_stats([path]))))
    assert emitted["id_gaps"][0]["largest_missing"] == [[4, 6], [9, 11]]

    assert invoke(stats, str(path)) == 0
    text = capsys.readouterr().out
    assert "articles    8  (asrpress 6, tabnak 2)" in text
    assert "duplicates  1" in text
    assert "  asrpress: ids 1–12, 6 missing in 2 ranges; largest: 4–6 (3), 9–11 (3)" in text
    assert re.search(r"^\s+6\s+75\.0%\s+فناوری$", text, re.MULTILINE)


def test_stats_stops_at_an_unreadable_record(tmp_path, capsys):
    path = tmp_path / "x.jsonl"
    path.write_text('{"site": "asrpress", "news_id": 1}\n[1, 2]\n', encoding="utf-8")
    assert invoke(stats, str(path)) == 1
    assert f"{path}:2: not a JSON object but list" in capsys.readouterr().err


# --- report ---


def test_report_is_one_self_contained_page(tmp_path, capsys):
    out = tmp_path / "report.html"

    assert invoke(report, str(stats_fixture(tmp_path)), "-o", str(out)) == 0

    page = out.read_text(encoding="utf-8")
    assert "http://" not in page
    assert "https://" not in page  # no CDN, font, script or image from anywhere
    assert not re.search(r"<script|<link|<img|<iframe|@import|url\(", page)
    for chart in ("per-day", "per-section", "coverage", "per-hour"):
        svg = re.search(rf'<svg data-chart="{chart}".*?</svg>', page, re.DOTALL)
        assert svg
        assert '<rect class="bar"' in svg.group()
    assert '<figure dir="rtl" lang="fa">' in page
    assert 'direction="rtl" text-anchor="start">فناوری</text>' in page
    assert "report on 8 articles" in capsys.readouterr().out


# --- wiring ---


def test_the_dataset_commands_are_in_the_one_cli_registry(tmp_path, capsys):
    for name in ["validate", "merge", "stats", "report", "schema"]:
        module, text = COMMANDS[name]
        assert module == f"newscrawl.dataset.{name}"
        assert text
    assert newscrawl_main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == load_schema()


def test_chunks_cross_to_workers_with_their_line_numbers():
    pairs = [(1, b'{"a": 1}\n'), (4, b'{"b": 2}\r\n'), (5, b'{"c": 3}')]  # the last line lacks LF
    unpacked = list(validate.Chunk.pack(pairs).unpack())
    assert unpacked == [(1, b'{"a": 1}'), (4, b'{"b": 2}\r'), (5, b'{"c": 3}')]
