"""An independent reading of matching.md for the tests: plain-Python fit and cost, networkx for the optimum."""
import math

import networkx as nx

STAGE = {"日常生活自立": 0, "社会生活自立": 1, "就労自立": 2}


def haversine_km(a, b) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def failures(client: dict, slot: dict) -> set[str]:
    out = set()
    if STAGE[client["stage"]] < STAGE[slot["min_stage"]]:
        out.add("ステージ")
    if slot["hours_per_week"] > client["hours_per_week"]:
        out.add("時間")
    if haversine_km(client["location"], slot["location"]) > client["max_travel_km"]:
        out.add("距離")
    if set(slot["features"]) & set(client["avoid"]):
        out.add("避けたい作業")
    return out


def cost(problem: dict, client: dict, slot: dict) -> float:
    for entry in problem.get("costs", []):
        if entry["client"] == client["id"] and entry["slot"] == slot["id"]:
            return entry["cost"]
    travel = client["max_travel_km"]
    share = haversine_km(client["location"], slot["location"]) / travel if travel > 0 else 0.0
    return share + len(set(client["prefers"]) - set(slot["features"]))


def optimum(problem: dict) -> tuple[int, float]:
    """(maximum number placed, least total cost among maximum assignments) by networkx on slot copies."""
    graph = nx.Graph()
    for client in problem["clients"]:
        for slot in problem["slots"]:
            if failures(client, slot):
                continue
            c = cost(problem, client, slot)
            for copy in range(slot["capacity"]):
                # maxcardinality first; among those max weight = min cost (the constant cancels out).
                graph.add_edge(("c", client["id"]), ("s", slot["id"], copy), weight=1000.0 - c, cost=c)
    matching = nx.max_weight_matching(graph, maxcardinality=True)
    return len(matching), math.fsum(graph.edges[u, v]["cost"] for u, v in matching)
