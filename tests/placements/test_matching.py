"""The matching engine against an independent exact solver, and every constraint on large random problems."""
import math
from collections import Counter

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiritsu.placements.matching import (
    STAGES,
    ProblemError,
    explain,
    parse_problem,
    solve,
    top_suggestions,
)
from jiritsu.placements.samples import FEATURES, random_problem

from .oracle import cost, failures, optimum

FEW = FEATURES[:5]


@st.composite
def problems(draw):
    """Small problems near Mito so that distance, hours, stage and avoided work all bite."""
    point = st.tuples(st.floats(36.30, 36.45), st.floats(140.40, 140.55)).map(list)
    n_clients, n_slots = draw(st.integers(0, 7)), draw(st.integers(0, 5))
    clients = [{
        "id": f"c{i}", "stage": draw(st.sampled_from(STAGES)), "hours_per_week": draw(st.sampled_from([5, 10, 20])),
        "location": draw(point), "max_travel_km": draw(st.floats(0, 20)),
        "avoid": draw(st.lists(st.sampled_from(FEW), max_size=1, unique=True)),
        "prefers": draw(st.lists(st.sampled_from(FEW), max_size=3, unique=True)),
    } for i in range(n_clients)]
    slots = [{
        "id": f"t{j}", "site": "s", "capacity": draw(st.integers(0, 3)), "min_stage": draw(st.sampled_from(STAGES)),
        "hours_per_week": draw(st.sampled_from([4, 10, 20])), "location": draw(point),
        "features": draw(st.lists(st.sampled_from(FEW), max_size=3, unique=True)),
    } for j in range(n_slots)]
    problem = {"clients": clients, "slots": slots}
    if draw(st.booleans()):
        pairs = [(c["id"], s["id"]) for c in clients for s in slots]
        chosen = draw(st.lists(st.sampled_from(pairs), unique=True)) if pairs else []
        problem["costs"] = [{"client": c, "slot": s, "cost": draw(st.floats(0, 50))} for c, s in chosen]
    return problem


def check_constraints(problem: dict, result: dict) -> None:
    """Every assignment fits, no slot over capacity, costs as documented, reasons truthful."""
    clients = {c["id"]: c for c in problem["clients"]}
    slots = {s["id"]: s for s in problem["slots"]}
    used = Counter(a["slot"] for a in result["assignments"])
    assert all(used[s] <= slots[s]["capacity"] for s in used)
    for a in result["assignments"]:
        assert not failures(clients[a["client"]], slots[a["slot"]])
        assert a["cost"] == pytest.approx(cost(problem, clients[a["client"]], slots[a["slot"]]), abs=1e-9)
    placed = [a["client"] for a in result["assignments"]]
    unplaced = [u["client"] for u in result["unassigned"]]
    assert sorted(placed + unplaced) == sorted(clients) and len(set(placed)) == len(placed)
    for u in result["unassigned"]:
        client, expected, fitting = clients[u["client"]], set(), False
        for slot in slots.values():
            failed = failures(client, slot)
            expected |= failed
            if not failed:
                fitting = True
                assert used[slot["id"]] >= slot["capacity"], "an unplaced person fits a slot with room"
        if fitting or not slots:
            expected.add("定員")
        assert set(u["reasons"]) == expected and len(u["reasons"]) == len(expected)
    assert result["total_cost"] == pytest.approx(math.fsum(a["cost"] for a in result["assignments"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_it_places_as_many_as_possible_at_the_least_cost(problem):
    result = solve(parse_problem(problem)).as_dict()
    placed, least = optimum(problem)
    assert len(result["assignments"]) == placed
    assert result["total_cost"] == pytest.approx(least, abs=1e-6)
    check_constraints(problem, result)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_it_keeps_every_rule_on_large_problems(seed):
    problem = random_problem(1500, 600, seed=seed)
    result = solve(parse_problem(problem)).as_dict()
    check_constraints(problem, result)
    # The number placed is the maximum: Hopcroft–Karp by networkx on slot copies agrees.
    graph = nx.Graph()
    left = [("c", c["id"]) for c in problem["clients"]]
    graph.add_nodes_from(left)
    for c in problem["clients"]:
        for s in problem["slots"]:
            if not failures(c, s):
                graph.add_edges_from((("c", c["id"]), ("s", s["id"], k)) for k in range(s["capacity"]))
    assert len(result["assignments"]) == len(nx.bipartite.hopcroft_karp_matching(graph, left)) // 2


def test_it_lists_results_by_client_id_and_states_the_objective():
    problem = random_problem(60, 20, seed=4, area=0.3)
    result = solve(parse_problem(problem)).as_dict()
    assert [a["client"] for a in result["assignments"]] == sorted(a["client"] for a in result["assignments"])
    assert [u["client"] for u in result["unassigned"]] == sorted(u["client"] for u in result["unassigned"])
    assert "最大人数" in result["objective"]
    assert solve(parse_problem(problem)).as_dict() == result


def person(pid, **extra):
    return {"id": pid, "stage": "社会生活自立", "hours_per_week": 10, "location": [36.37, 140.47],
            "max_travel_km": 15, "avoid": ["対人業務"], "prefers": ["屋外"], **extra}


def task(tid, **extra):
    return {"id": tid, "site": "s1", "capacity": 1, "min_stage": "日常生活自立", "hours_per_week": 8,
            "location": [36.40, 140.50], "features": ["屋外"], **extra}


def test_it_prefers_the_preferred_work_and_shorter_travel():
    near_indoor = task("near", location=[36.371, 140.471], features=["屋内"])
    far_outdoor = task("far", location=[36.45, 140.50])
    near_outdoor = task("close", location=[36.372, 140.472])
    result = solve(parse_problem({"clients": [person("c1")], "slots": [near_indoor, far_outdoor]}))
    assert result.assignments[0].slot == "far"
    result = solve(parse_problem({"clients": [person("c1")], "slots": [far_outdoor, near_outdoor]}))
    assert result.assignments[0].slot == "close"


def test_it_places_more_people_rather_than_cheaper_pairs():
    # c1 fits both, c2 only the expensive one: both are placed although c1 alone would be cheaper there.
    slots = [task("a", location=[36.371, 140.471]), task("b", location=[36.45, 140.52], features=["屋内"])]
    clients = [person("c1"), person("c2", max_travel_km=1)]
    problem = {"clients": clients, "slots": slots}
    result = solve(parse_problem(problem))
    assert {(a.client, a.slot) for a in result.assignments} == {("c1", "b"), ("c2", "a")}


def test_it_uses_the_cost_overrides_but_never_makes_an_unfitting_pair_fit():
    slots = [task("a"), task("b", location=[36.41, 140.51]), task("x", min_stage="就労自立")]
    problem = {"clients": [person("c1")], "slots": slots,
               "costs": [{"client": "c1", "slot": "b", "cost": 0.01}, {"client": "c1", "slot": "x", "cost": -5}]}
    result = solve(parse_problem(problem))
    assert [(a.slot, a.cost) for a in result.assignments] == [("b", 0.01)]


def test_it_says_why_nobody_fits_and_when_places_are_full():
    slots = [task("a"), task("far", location=[37.5, 141.0]), task("heavy", features=["対人業務"])]
    clients = [person("c1"), person("c2"), person("c3", stage="日常生活自立", hours_per_week=2)]
    result = solve(parse_problem({"clients": clients, "slots": slots}))
    reasons = {u.client: u.reasons for u in result.unassigned}
    assert len(result.assignments) == 1
    assert reasons.pop("c3") == ["時間", "距離", "避けたい作業"]
    assert list(reasons.values()) == [["距離", "避けたい作業", "定員"]]
    nothing = solve(parse_problem({"clients": [person("c1")], "slots": []}))
    assert nothing.unassigned[0].reasons == ["定員"]


def test_it_suggests_the_cheapest_slots_per_person_ignoring_capacity():
    slots = [task("a", location=[36.45, 140.50]), task("b", location=[36.372, 140.472], capacity=0),
             task("c", features=["屋内"]), task("no", min_stage="就労自立")]
    problem = parse_problem({"clients": [person("c1")], "slots": slots})
    assert [s.slot for s in top_suggestions(problem, "c1", k=2)] == ["b", "a"]
    assert [s.slot for s in top_suggestions(problem, "c1")] == ["b", "a", "c"]
    with pytest.raises(KeyError):
        top_suggestions(problem, "nobody")


def test_it_explains_a_match():
    problem = parse_problem({"clients": [person("c1", prefers=["屋外", "農作業"])], "slots": [task("a")]})
    why = explain(problem.clients[0], problem.slots[0])
    assert why["preferred_met"] == ["屋外"] and why["preferred_missing"] == ["農作業"]
    assert why["fails"] == [] and 0 < why["distance_km"] < 15
    assert why["builtin_cost"] == pytest.approx(solve(problem).assignments[0].cost)


@pytest.mark.parametrize("change, message", [
    (lambda p: p["clients"][0].update(stage="就労"), "不明なステージ"),
    (lambda p: p["slots"][0].update(min_stage="unknown"), "不明なステージ"),
    (lambda p: p["clients"][0].pop("max_travel_km"), "max_travel_km"),
    (lambda p: p["slots"][0].pop("capacity"), "capacity"),
    (lambda p: p["slots"][0].update(capacity=-1), "負の定員"),
    (lambda p: p["slots"][0].update(capacity=1.5), "整数"),
    (lambda p: p["clients"].append(person("c1")), "重複"),
    (lambda p: p["slots"].append(task("a")), "重複"),
    (lambda p: p["clients"][0].update(location=[36.3]), "緯度"),
    (lambda p: p["clients"][0].update(hours_per_week="10"), "数値"),
    (lambda p: p.update(costs=[{"client": "zz", "slot": "a", "cost": 1}]), "不明な利用者"),
    (lambda p: p.update(costs=[{"client": "c1", "slot": "a", "cost": float("nan")}]), "数値"),
    (lambda p: p.pop("slots"), "slots"),
])
def test_it_refuses_bad_problems_with_a_clear_message(change, message):
    problem = {"clients": [person("c1")], "slots": [task("a")]}
    change(problem)
    with pytest.raises(ProblemError, match=message):
        parse_problem(problem)


def test_it_handles_a_slot_with_a_very_large_capacity():
    problem = random_problem(300, 10, seed=5, area=0.2)
    problem["slots"][0]["capacity"] = 10**9
    result = solve(parse_problem(problem)).as_dict()
    check_constraints(problem, result)
