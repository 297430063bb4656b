"""`cockpit service`, `cockpit link`, and what the catalog and the links add to `declare`,
`intake` and `show`: a catalog folder of real-shaped Backstage files (one malformed), a parent
with child workstreams in one file, and an incident that lives elsewhere."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cockpit import settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "catalog"
ELSEWHERE = "0196e1a4-0000-7000-8000-00000000beef"


@pytest.fixture
def catalog() -> Path:
    """The fixture catalog in the config folder's catalog/ (read with no configuration)."""
    target = settings.user_catalog_dir()
    shutil.copytree(FIXTURES, target)
    return target


def test_service_prints_owner_oncall_tier_runbooks_dependencies_and_open_incidents(cli, catalog):
    cli.ok("declare", "DB failover", "--service", "payments-db", "--severity", "SEV2")
    r = cli("service", "Checkout-API")
    assert r.code == 0, r.err
    out = r.out
    assert "checkout-api  (Checkout API)  component · production · system payments" in out
    assert "Owner:      Payments team (team-payments) · payments@example.com" in out
    assert "On-call:    PX1CHK0 (PagerDuty service), payments-oncall (Opsgenie team)" in out
    assert "Tier:       1" in out
    assert (
        "Runbooks:   Checkout API runbook <https://wiki.example.com/runbooks/checkout-api>" in out
    )
    assert "payments-db  owner team-payments · tier 1" in out
    assert "open: INC-1 SEV2 declared: DB failover" in out  # the dependency's open incident
    assert "fraud-score  not in the catalog" in out
    assert "Used by:    storefront-web" in out
    # The malformed files said once each on standard error; the command still answered.
    assert r.err.count("\n") == 3 and "broken.yaml skipped: not valid YAML" in r.err
    data = cli("service", "checkout-api", "--json").json
    assert data["owner"] == {"name": "team-payments", "title": "Payments team",
                             "email": "payments@example.com"}  # fmt: skip
    assert data["dependencies"][0]["open_incidents"][0]["label"] == "INC-1"
    listing = cli.ok("service")
    assert listing.splitlines()[0].split() == ["checkout-api", "tier", "1", "team-payments"]


def test_an_unknown_service_is_one_line_with_a_suggestion(cli, catalog):
    r = cli("service", "chekout-api")
    assert r.code == 1
    assert r.err.splitlines()[-1] == ("cockpit: no service 'chekout-api' in the catalog; did you "
                                      "mean checkout-api?")  # fmt: skip


def test_no_catalog_says_where_to_put_one(cli):
    r = cli("service", "x")
    assert r.code == 1 and "no service catalog yet (read from " in r.err
    assert "catalog" in r.err and r.err.count("\n") == 1


def test_declare_takes_the_catalogs_spelling_and_says_when_a_name_is_unknown(cli, catalog):
    r = cli("declare", "Checkout errors", "--service", "CHECKOUT-api")
    assert r.code == 0 and r.err == ""  # a catalog name: no word (not even the bad files)
    assert cli("show", "INC-1", "--json").json["fields"]["service"] == "checkout-api"
    r = cli("declare", "Search down", "--service", "serch-api")
    assert r.code == 0 and r.out.strip() == "INC-2"  # never refused
    assert r.err == ("cockpit: service 'serch-api' is not in the catalog; recorded as typed "
                     "(`cockpit service` lists the catalog)\n")  # fmt: skip
    r = cli("intake", "INC-2", "--service", "psp-gatway")
    assert r.code == 0 and "did you mean psp-gateway?" in r.err
    r = cli("intake", "INC-2", "--service", "Storefront")  # a title: the name it belongs to
    assert cli("show", "INC-2", "--json").json["fields"]["service"] == "storefront-web"


def test_show_has_the_service_block_and_the_links(cli, catalog):
    cli.ok("declare", "Black Friday payments", "--severity", "SEV1", "--service", "checkout-api")
    cli.ok("declare", "PSP errors", "--severity", "SEV2", "--service", "psp-gateway")
    cli.ok("link", "INC-2", "part-of", "INC-1")
    cli.ok("role", "INC-2", "assign", "ic", "bob")
    cli.ok("mitigation", "INC-2", "start", "Fail over the PSP", "--by", "kim")
    out = cli.ok("show", "INC-1")
    block = out[out.index("Service (from the catalog)") :]
    assert "  checkout-api  component · production · system payments" in block
    assert "Runbooks:   Checkout API runbook" in block
    assert "psp-gateway  owner team-payments · tier 1" in block
    assert "open: INC-2 SEV2 declared, lead bob: PSP errors" in block
    links = out[out.index("\nLinks\n") :]
    assert ("child workstream  INC-2 SEV2 declared, lead bob: PSP errors — mitigating: Fail over "
            "the PSP") in links  # fmt: skip
    assert out.rstrip().endswith("Entries: 1")
    data = cli("show", "INC-1", "--json").json
    assert data["service_catalog"]["oncall"][0] == {"name": "PX1CHK0", "via": "PagerDuty service"}
    (row,) = data["links"]
    assert (row["relation"], row["direction"], row["incident"]["lead"]) == ("part_of", "incoming",
                                                                           "bob")  # fmt: skip


def test_link_unlink_and_the_list(cli):
    for title in ("Black Friday payments", "EU cards", "DB failover"):
        cli.ok("declare", title)
    assert len(cli.ok("link", "INC-2", "part-of", "INC-1")) == 8  # the entry's short id
    cli.ok("link", "INC-3", "part_of", "1")
    cli.ok("severity", "INC-3", "SEV1", "--reason", "worse")
    listing = cli.ok("link", "INC-1")
    assert listing.splitlines() == [
        "INC-1  Black Friday payments",
        "  child workstream  INC-2 SEV? declared, no lead: EU cards",
        "  child workstream  INC-3 SEV1 declared, no lead: DB failover",
    ]
    r = cli("link", "INC-2", "part-of", "INC-1")
    assert r.code == 0 and "already part of INC-1; nothing written" in r.err
    cli.ok("link", "INC-2", "part-of", "INC-1", "--remove")
    assert "INC-2" not in cli.ok("link", "INC-1")
    timeline = cli.ok("timeline", "INC-2")
    assert "Linked: part of “Black Friday payments”" in timeline
    assert "Unlinked: no longer part of “Black Friday payments”" in timeline
    # Removed from the wrong side: says where the link is written.
    r = cli("link", "INC-1", "part-of", "INC-3", "--remove")
    assert r.code == 1 and "INC-3 is part of INC-1, in INC-3's own log; `cockpit link INC-3 " \
        "part-of INC-1 --remove` removes it" in r.err  # fmt: skip


def test_an_incident_elsewhere_is_linked_by_id_and_shown_as_not_visible(cli):
    cli.ok("declare", "Checkout errors")
    r = cli("link", "INC-1", "caused-by", ELSEWHERE)
    assert r.code == 0 and "is not in this file: linked by its id" in r.err
    listing = cli.ok("link", "INC-1")
    assert (f"caused by         incident ({ELSEWHERE}): not visible here (not in this file: "
            "another server or team)") in listing  # fmt: skip
    (row,) = cli("link", "INC-1", "--json").json
    assert row["visible"] is False and row["incident"] is None and row["id"] == ELSEWHERE


@pytest.mark.parametrize(
    ("argv", "code", "says"),
    [
        (("link", "INC-1", "blocks", "INC-2"), 2, "unknown relation 'blocks'; use one of"),
        (("link", "INC-1", "part-of"), 2, "link INC-1 to what?"),
        (("link", "INC-1", "part-of", "INC-1"), 2, "cannot be linked to itself"),
        (("link", "INC-1", "part-of", "INC-9"), 1, "no incident 'INC-9'"),
        (("link", "INC-1", "part-of", "a b"), 2, "neither INC-n nor an incident id"),
        (("link", "INC-1", "related", "INC-2", "--remove"), 1, "INC-1 is not related to INC-2"),
    ],
)
def test_bad_links_get_one_line(cli, argv, code, says):
    cli.ok("declare", "one")
    cli.ok("declare", "two")
    r = cli(*argv)
    assert r.code == code, r.err
    assert says in r.err and r.err.count("\n") == 1 and r.out == ""
