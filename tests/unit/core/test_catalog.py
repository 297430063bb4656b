"""The catalog's lookups: what the IC asks at 3 a.m., answered from the files' values."""

from __future__ import annotations

from cockpit.core.catalog import (
    Catalog,
    Contact,
    Link,
    Person,
    Service,
    Team,
    key,
    merged,
    ref_name,
    runbook_checklists,
)
from cockpit.core.checklists import Checklist
from cockpit.core.neighbours import Neighbourhood
from cockpit.core.ownership import facts, facts_json


def shop() -> Catalog:
    c = Catalog()
    for s in (
        Service("checkout-api", title="Checkout API", owner="payments", system="pay",
                oncall=(Contact("PX1", "PagerDuty service"),),
                runbooks=(Link("Runbook", "https://wiki/rb"),),
                depends_on=("resource:default/payments-db", "fraud")),
        Service("payments-db", kind="resource", owner="payments"),
        Service("storefront", owner="web", tier="2", depends_on=("checkout-api",)),
    ):  # fmt: skip
        c.services[key(s.name)] = s
    c.systems["pay"] = Service("pay", kind="system", owner="payments", tier="1")
    c.teams["payments"] = Team("payments", "Payments team", "pay@example.com", ("kim",),
                               (Contact("priya"),))  # fmt: skip
    c.teams["web"] = Team("web", email="web@example.com")
    c.people_by_key["kim"] = Person("kim", "Kim Weber", "kim@example.com", ("payments",))
    return c


def test_references_read_as_names():
    assert ref_name("component:default/payments-db") == "payments-db"
    assert ref_name("group:team-a") == "team-a"
    assert ref_name("default/x") == "x"
    assert ref_name(" team-a ") == "team-a"


def test_find_by_name_in_any_case_by_reference_or_by_title():
    c = shop()
    assert c.find("Checkout-API").name == "checkout-api"
    assert c.find("component:default/checkout-api").name == "checkout-api"
    assert c.find("checkout api") is c.find("Checkout API") is c.find("checkout-api")
    assert c.find("nothing") is None and c.find("") is None


def test_completion_and_did_you_mean():
    c = shop()
    assert c.complete("chec") == "checkout-api"
    assert c.complete("PAY") == "payments-db"
    assert c.complete("") is None and c.complete("zzz") is None
    assert c.close_to("chekout-api") == ["checkout-api"]


def test_owner_tier_and_oncall_fall_back_to_the_system_and_the_team():
    c = shop()
    assert c.owner("checkout-api") == "payments"
    assert c.tier("checkout-api") == "1"  # its system's
    assert c.tier("storefront") == "2"
    assert c.oncall("checkout-api") == [Contact("PX1", "PagerDuty service"), Contact("priya")]
    assert c.oncall("storefront") == [Contact("web@example.com", "email")]  # the team's address
    assert c.oncall("nothing") == [] and c.owner("nothing") == ""
    assert c.dependencies("checkout-api") == ["payments-db", "fraud"]
    assert c.dependents("checkout-api") == ["storefront"]
    assert c.people() == ["kim", "priya"]


def test_a_services_runbook_checklists_by_its_service_or_by_its_name():
    lists = [Checklist("checkout-api", "Checkout runbook", ("a",)),
             Checklist("db-failover", "DB failover", ("a",), services=("Payments-DB",)),
             Checklist("other", "Other", ("a",))]  # fmt: skip
    assert [x.name for x in runbook_checklists("checkout-api", lists)] == ["checkout-api"]
    assert [x.name for x in runbook_checklists("payments-db", lists)] == ["db-failover"]
    assert runbook_checklists("", lists) == []


def test_merged_keeps_the_first_definition_and_says_so():
    a, b = Catalog(), Catalog()
    a.services["x"] = Service("x", owner="first", source="a.yaml")
    b.services["x"] = Service("x", owner="second", source="b.yaml")
    c, notices = merged([a, b])
    assert c.owner("x") == "first"
    assert notices == ["catalog: service 'x' is defined twice (b.yaml; kept the one in a.yaml)"]


def test_facts_of_an_incidents_service_with_the_open_incidents_of_its_dependencies(store, clock):
    from cockpit.core.compose import new_event

    def declare(n: int, service: str, severity: str, phase: str = "") -> str:
        e = new_event(f"0196e1a4-0000-7000-8000-00000000000{n}", "a", {
            "kind": "incident_declared", "title": f"T{n}", "service": service,
            "severity": severity}, clock)  # fmt: skip
        store.declare(e)
        if phase:
            store.append(new_event(e.incident, "a", {"kind": "phase_set", "phase": phase}, clock))
        return e.incident

    me = declare(1, "checkout-api", "SEV1")
    declare(2, "Payments-DB", "SEV2")
    declare(3, "payments-db", "SEV3", "resolved")  # closed: not shown
    declare(4, "checkout-api", "SEV3")
    n = Neighbourhood()
    n.apply([e for i in store.incidents() for e in store.events(i.id)],
            {i.id: i.label for i in store.incidents()})  # fmt: skip
    lists = (Checklist("checkout-api", "Checkout runbook", ("a",)),)
    f = facts(shop(), "CHECKOUT-API", n, me, lists)
    assert f.name == "checkout-api" and f.known
    assert f.owner_shown == "Payments team (payments)" and f.owner_email == "pay@example.com"
    assert [(d.name, d.known, [w.label for w in d.open]) for d in f.dependencies] == [
        ("payments-db", True, ["INC-2"]),
        ("fraud", False, []),
    ]
    assert [w.label for w in f.open] == ["INC-4"]  # the same service, not the one asking
    assert f.checklists == lists
    data = facts_json(f)
    assert data["dependencies"][0]["open_incidents"][0]["severity"] == "SEV2"
    unknown = facts(shop(), "search", n, me)
    assert not unknown.known and unknown.name == "search" and unknown.oncall == ()
