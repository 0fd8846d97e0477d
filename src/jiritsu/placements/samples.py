"""Random matching problems in the file format of shared/specs/matching.md (tests, benchmark, what-if runs)."""
import random

from .matching import STAGES

FEATURES = ("屋外", "屋内", "農作業", "軽作業", "対人業務", "清掃", "事務", "調理", "力仕事", "立ち仕事", "PC作業")
# Roughly Ibaraki Prefecture.
LAT = (35.74, 36.95)
LON = (139.69, 140.85)


def random_problem(n_clients: int, n_slots: int, *, seed: int = 0, capacity: tuple[int, int] = (1, 3),
                   travel: tuple[float, float] = (5.0, 30.0), area: float = 1.0, with_costs: bool = False) -> dict:
    """A problem dict; `area` < 1 shrinks the map so that more pairs are within reach."""
    rnd = random.Random(seed)

    def place() -> list[float]:
        lat0 = LAT[0] + (LAT[1] - LAT[0]) * (1 - area) / 2
        lon0 = LON[0] + (LON[1] - LON[0]) * (1 - area) / 2
        return [round(lat0 + rnd.random() * (LAT[1] - LAT[0]) * area, 5),
                round(lon0 + rnd.random() * (LON[1] - LON[0]) * area, 5)]

    clients = [{
        "id": f"c{i:05d}", "stage": rnd.choice(STAGES), "hours_per_week": rnd.choice((4, 8, 10, 15, 20, 30)),
        "location": place(), "max_travel_km": round(rnd.uniform(*travel), 1),
        "avoid": rnd.sample(FEATURES, rnd.randint(0, 2)), "prefers": rnd.sample(FEATURES, rnd.randint(0, 3)),
    } for i in range(n_clients)]
    slots = [{
        "id": f"t{j:05d}", "site": f"s{j // 3:05d}", "capacity": rnd.randint(*capacity),
        "min_stage": rnd.choice(STAGES), "hours_per_week": rnd.choice((2, 4, 8, 10, 15, 20)),
        "location": place(), "features": rnd.sample(FEATURES, rnd.randint(1, 3)),
    } for j in range(n_slots)]
    problem = {"clients": clients, "slots": slots}
    if with_costs:
        problem["costs"] = [{"client": c["id"], "slot": s["id"], "cost": round(rnd.uniform(0, 10), 3)}
                            for c in clients for s in slots if rnd.random() < 0.5]
    return problem
