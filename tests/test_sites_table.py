"""``docs/sites.md`` and ``newscrawl sites``: the sites table made from the declarations."""

from __future__ import annotations

from pathlib import Path

from newscrawl.ops import sites as sites_table
from newscrawl.ops.cli import COMMANDS, main
from newscrawl.sites import SITES

DOC = Path(__file__).resolve().parents[1] / "docs" / "sites.md"


def test_docs_sites_md_is_the_table_of_the_declarations():
    """Regenerate with ``newscrawl sites --out docs/sites.md`` when a declaration changes."""
    assert DOC.read_text(encoding="utf-8") == sites_table.render()


def test_newscrawl_sites_prints_the_same_table(capsys):
    assert COMMANDS["sites"][0] == "newscrawl.ops.sites"
    assert main(["sites"]) == 0
    assert capsys.readouterr().out == DOC.read_text(encoding="utf-8")


def test_newscrawl_sites_out_writes_the_file(tmp_path):
    out = tmp_path / "sites.md"
    assert main(["sites", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == sites_table.render()


def test_the_table_has_a_row_per_site_and_every_excluded_site_with_its_reason():
    text = sites_table.render()
    for key, site in SITES.items():
        assert f"| `{key}` | {site.name} |" in text
    left_out = sites_table.excluded()
    assert left_out, "the IranSamaneh module lists the sites it leaves out"
    for domain, cms, reason in left_out:
        assert f"| {domain} | {cms} | {sites_table.escape(reason)} |" in text


def test_a_real_page_verified_site_says_so():
    text = sites_table.render()
    row = next(line for line in text.splitlines() if line.startswith("| `tabnak` |"))
    assert "| yes |" in row
    row = next(line for line in text.splitlines() if line.startswith("| `yjc` |"))
    assert "| yes |" not in row


def test_a_column_is_one_declaration_to_add():
    extra = sites_table.Column("hosts", lambda site: str(len(site.domains)))
    text = sites_table.render(columns=(*sites_table.COLUMNS[:1], extra))
    assert "| key | hosts |" in text
    assert "| `tabnak` | 1 |" in text
