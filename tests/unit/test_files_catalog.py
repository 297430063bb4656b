"""The service catalog's files: a folder of real-shaped Backstage catalog-info.yaml files
(several kinds, a Location, a checkout of repositories, one file that is not YAML, entities
of a wrong kind and without a name) and cockpit's TOML form, read with one line per file that
cannot be used, never an exception."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cockpit import settings
from cockpit.core.catalog import Contact, Link
from cockpit.files import catalog as catalog_files
from cockpit.files.catalog import contact

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "catalog"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "catalog"
    shutil.copytree(FIXTURES, target)
    return target


def test_a_backstage_catalog_folder_is_read_with_one_line_per_file_that_cannot_be_used(folder):
    loaded = catalog_files.load([folder])
    c = loaded.catalog
    # Components and Resources are services; the API entity of the same name is not one.
    assert c.names() == ["checkout-api", "payments-db", "psp-gateway", "storefront-web"]
    checkout = c.find("checkout-api")
    assert checkout is not None and checkout.title == "Checkout API"
    assert (checkout.kind, checkout.lifecycle, checkout.system) == ("component", "production",
                                                                     "payments")  # fmt: skip
    assert c.owner("checkout-api") == "team-payments"  # `owner: team-payments`
    assert c.owner("payments-db") == "team-payments"
    assert c.tier("checkout-api") == "1"  # the tag tier-1
    assert c.tier("payments-db") == "1"  # from its system's label
    assert c.oncall("checkout-api") == [
        Contact("PX1CHK0", "PagerDuty service"),  # its own annotation
        Contact("payments-oncall", "Opsgenie team"),  # its owning team's
    ]
    assert c.runbooks("checkout-api") == [
        Link("Checkout API runbook", "https://wiki.example.com/runbooks/checkout-api")
    ]
    assert checkout.links == (Link("Checkout dashboard", "https://grafana.example.com/d/checkout"),)
    assert c.runbooks("payments-db") == [  # a link titled "playbook"
        Link("Failover playbook", "https://wiki.example.com/runbooks/payments-db-failover")
    ]
    # `resource:default/payments-db` and `component:psp-gateway` read as names
    assert c.dependencies("checkout-api") == ["payments-db", "psp-gateway", "fraud-score"]
    assert c.dependents("checkout-api") == ["storefront-web"]
    # Groups and Users (through the Location's files): members from both sides
    team = c.team("group:default/team-payments")
    assert team is not None and team.shown == "Payments team"
    assert team.members == ("priya.natarajan", "kim.weber")
    assert c.people() == ["dev.okafor", "kim.weber", "priya.natarajan"]
    # The integration key is a secret of PagerDuty's: never read into the catalog.
    assert "not-shown-anywhere" not in repr(c)
    # One line per file that cannot be used (wholly or in part), naming it and why.
    notices = loaded.notices
    assert len(notices) == 3, notices
    broken, psp, url = (
        next(n for n in notices if w in n)
        for w in ("broken.yaml", "psp-gateway/catalog-info.yaml", "all.yaml")
    )  # fmt: skip
    assert "not valid YAML at line 9" in broken
    assert "document 2 skipped (unknown kind 'Componnent'" in psp
    assert "document 3 skipped (Component without metadata.name)" in psp
    assert "1 target(s) by URL not read" in url
    assert all("\n" not in n for n in notices)


def test_the_toml_form_one_service_or_several_and_teams(tmp_path):
    (tmp_path / "checkout.toml").write_text(
        'service = "checkout-api"\nowner = "payments"\n'
        'oncall = ["alice", "pagerduty:PX1Y2Z3", "opsgenie:payments", "oncall@example.com"]\n'
        'tier = 1\nruntime = "python"\n'  # a typo'd or unknown key: the file is skipped
    )
    (tmp_path / "good.toml").write_text(
        'service = "checkout-api"\nowner = "payments"\noncall = "alice"\ntier = 1\n'
        'runbooks = ["https://wiki/rb", {title = "Failover", url = "https://wiki/fo"}]\n'
        'depends_on = ["payments-db"]\n'
    )
    (tmp_path / "more.toml").write_text(
        '[services.payments-db]\nowner = "payments"\ntier = "1"\n'
        '[teams.payments]\ntitle = "Payments"\nemail = "pay@example.com"\n'
        'oncall = ["priya", "slack:#payments-oncall"]\nmembers = ["kim"]\n'
    )
    loaded = catalog_files.load([tmp_path])
    (notice,) = loaded.notices
    assert notice.startswith("catalog checkout.toml skipped: runtime") and "Extra" in notice
    c = loaded.catalog
    assert c.names() == ["checkout-api", "payments-db"]
    assert c.tier("checkout-api") == "1"
    assert c.runbooks("checkout-api") == [Link("", "https://wiki/rb"),
                                          Link("Failover", "https://wiki/fo")]  # fmt: skip
    assert c.oncall("checkout-api") == [
        Contact("alice"),
        Contact("priya"),
        Contact("#payments-oncall", "slack"),
    ]
    assert c.people() == ["alice", "kim", "priya"]


def test_contacts_say_through_what():
    assert contact("alice") == Contact("alice")
    assert contact("pagerduty:PX1") == Contact("PX1", "PagerDuty service")
    assert contact("opsgenie:payments") == Contact("payments", "Opsgenie team")
    assert contact("oncall@example.com") == Contact("oncall@example.com", "email")
    assert str(contact("https://example.com/oncall")) == "https://example.com/oncall"


def test_only_safe_yaml_is_read(tmp_path):
    """A Python tag in a catalog file is refused by safe_load_all: one line, nothing run."""
    (tmp_path / "evil.yaml").write_text(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n"
        "  name: !!python/object/apply:os.system ['touch pwned']\nspec: {owner: x}\n"
    )
    loaded = catalog_files.load([tmp_path])
    (notice,) = loaded.notices
    assert notice.startswith("catalog evil.yaml skipped: not plain YAML at line 4: a tag")
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()
    assert not loaded.catalog


def test_files_that_are_not_a_catalog_and_unreadable_ones_say_so(tmp_path):
    (tmp_path / "docker-compose.yml").write_text("services:\n  web:\n    image: nginx\n")
    (tmp_path / "list.yaml").write_text("- a\n- b\n")
    (tmp_path / "binary.yaml").write_bytes(b"\xff\xfe\x00garbage")
    (tmp_path / "other-tool.yaml").write_text(  # another tool's kind: not ours to judge
        "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n"
    )
    (tmp_path / "loop.yaml").write_text(  # a Location naming itself: read once
        "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: loop}\n"
        "spec: {targets: [./loop.yaml, ./missing.yaml]}\n"
    )
    loaded = catalog_files.load([tmp_path, tmp_path / "absent"])
    said = " | ".join(loaded.notices)
    assert "docker-compose.yml: its entity skipped (not a catalog entity" in said
    assert "list.yaml: its entity skipped (not a catalog entity" in said
    assert "binary.yaml skipped: cannot read it" in said
    assert "loop.yaml: Location target missing.yaml not found" in said
    assert "other-tool" not in said
    assert not loaded.catalog


def test_a_checkout_of_repositories_is_searched_for_catalog_info(tmp_path):
    for repo in ("a", "b/deeper", "node_modules/x", ".git/y"):
        (tmp_path / repo).mkdir(parents=True)
        (tmp_path / repo / "catalog-info.yaml").write_text(
            f"apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n"
            f"  name: svc-{repo.replace('/', '-').strip('.')}\nspec: {{owner: t}}\n"
        )
    (tmp_path / "a" / "other.yaml").write_text("not: read\n")  # only catalog-info in subfolders
    assert catalog_files.load([tmp_path]).catalog.names() == ["svc-a", "svc-b-deeper"]


def test_defined_twice_keeps_the_first_with_a_notice(tmp_path):
    for name in ("a.toml", "b.toml"):
        (tmp_path / name).write_text(f'service = "api"\nowner = "{name}"\n')
    loaded = catalog_files.load([tmp_path])
    assert loaded.catalog.owner("api") == "a.toml"
    assert loaded.notices == ["catalog: service 'api' is defined twice (b.toml; kept the one in "
                              "a.toml)"]  # fmt: skip


def test_the_configured_paths_and_the_config_folders_catalog(tmp_path, monkeypatch):
    monkeypatch.setenv("COCKPIT_CATALOG", '{"paths": ["shared", "~/elsewhere", "/abs/cat"]}')
    monkeypatch.setenv("HOME", str(tmp_path))
    folders = settings.load().catalog.folders()
    base = settings.config_dir()
    assert folders == [base / "catalog", base / "shared", tmp_path / "elsewhere", Path("/abs/cat")]
    settings.config_path().parent.mkdir(parents=True, exist_ok=True)
    settings.config_path().write_text('[catalog]\npath = ["x"]\n')  # a typo shows
    monkeypatch.delenv("COCKPIT_CATALOG")
    with pytest.raises(Exception, match="path"):
        settings.load()
