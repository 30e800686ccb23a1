"""``newscrawl run``: everything it is given is checked before any file is written (exit 2)."""

from __future__ import annotations

import pytest

from newscrawl.ops.cli import CommandError, main
from newscrawl.ops.run_plan import parse_crawl_args, resolve_sites
from newscrawl.sites import SITES


def run(tmp_path, *argv: str) -> int:
    """``newscrawl run ARGV`` with its directories in ``tmp_path`` (given before any ``--``)."""
    split = argv.index("--") if "--" in argv else len(argv)
    dirs = [f"--{name}-dir={tmp_path / name}" for name in ("state", "log", "data")]
    return main(["run", *argv[:split], *dirs, *argv[split:]])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["asrpres"], "unknown site 'asrpres'; did you mean 'asrpress'?"),
        (["../escape"], "unknown site '../escape'"),
        (["asrpress", "../escape"], "unknown site '../escape'"),
        (["asrpress", "--all"], "give site keys or --all, not both"),
        (
            ["asrpress", "tabnak", "--", "-a", "base_url=http://127.0.0.1:8080"],
            "-a base_url=… names one site's; not with several sites (use --base-url KEY=URL)",
        ),
        (["asrpress", "tabnak", "--", "-a", "ids=1-5"], "-a ids=… names one site's"),
        (
            ["asrpress", "--", "-a", "sinse=1400-07-01"],
            "unknown argument 'sinse'; did you mean 'since'?",
        ),
        (
            ["asrpress", "tabnak", "--", "-a", "sinse=1400-07-01"],
            "asrpress: unknown argument 'sinse'",
        ),
        (["asrpress", "--", "-o", "x.jsonl"], "'-o x.jsonl' is not -a NAME=VALUE"),
        (["asrpress", "--", "-s", "NOEQUALS"], "-s 'NOEQUALS': expected NAME=VALUE"),
        (
            ["asrpress", "--base-url", "tabnak=http://127.0.0.1:8080"],
            "'tabnak' is not a site of this run",
        ),
        (["asrpress", "--base-url", "asrpress=http://127.0.0.1:8080/fa/"], "base_url:"),
        (["asrpress", "--base-url", "asrpress"], "expected NAME=VALUE"),
        (
            [
                "asrpress",
                "--base-url",
                "asrpress=http://127.0.0.1:1",
                "--",
                "-a",
                "base_url=http://127.0.0.1:2",
            ],
            "give --base-url or -a base_url, not both",
        ),
        (["asrpress", "--keep-days", "-1"], "--keep-days must be 0"),
    ],
)
def test_a_bad_run_is_one_line_exit_2_and_writes_nothing(tmp_path, capsys, argv, message):
    assert run(tmp_path, *argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("newscrawl run: ")
    assert message in err
    assert err.count("\n") == 1
    assert list(tmp_path.iterdir()) == [], "no lock, no log, no state"


def test_no_site_named_is_an_error(tmp_path, capsys):
    assert main(["run", "--state-dir", str(tmp_path / "state")]) == 2
    assert "name the sites to crawl" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_all_is_every_declared_site_but_those_behind_a_challenge():
    everything = resolve_sites([], everything=True)
    assert everything == [key for key, site in SITES.items() if not site.challenge]
    assert len(everything) >= len(SITES) - 2
    assert "imna" not in everything  # ArvanCloud's challenge
    assert resolve_sites(["tabnak", "asrpress", "tabnak"], everything=False) == [
        "tabnak",
        "asrpress",
    ]


def test_arguments_after_the_double_dash_are_those_of_scrapy_crawl():
    crawl = parse_crawl_args(["-a", "refresh=1", "-s", "RETRY_TIMES=0", "--set=X=1", "-L", "DEBUG"])
    assert crawl.spider == {"refresh": "1"}
    assert crawl.settings == ["RETRY_TIMES=0", "X=1"]
    assert crawl.log_level == "DEBUG"
    with pytest.raises(CommandError):
        parse_crawl_args(["crawl", "asrpress"])
