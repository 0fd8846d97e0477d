"""Optimal matching of people in 就労準備支援 with carved-out task slots (shared/specs/matching.md).

The same engine serves the web matching page and `jiritsu match placements`. It is pure Python + numpy/scipy:
no database, so it can be run on a problem file, tested against an independent solver and benchmarked.

Fit. A client fits a slot when all of these hold:
  - ステージ: the client's stage is at least the slot's ``min_stage`` (日常生活自立 < 社会生活自立 < 就労自立);
  - 時間: the slot's ``hours_per_week`` do not exceed the client's;
  - 距離: the great-circle distance (haversine, Earth radius 6,371 km) is within the client's ``max_travel_km``;
  - 避けたい作業: no feature of the slot is in the client's ``avoid``.
Unfitting pairs are never assigned, whatever the costs say.

Built-in cost of a fitting pair (non-negative, deterministic, lower is better):

    cost = distance_km / max_travel_km  +  1.0 × (number of the client's preferred features the slot lacks)

The travel term runs from 0 (next door) to 1 (at the client's limit; 0 when the limit is 0 km), so one
missing preferred feature weighs as much as travelling the whole of the client's range: preferences come first,
shorter travel breaks the tie. An optional ``costs`` list in the problem replaces the built-in cost of the
fitting pairs it names.

Objective. First the maximum number of clients assigned, then, among all maximum assignments, the least total
cost; no slot gets more clients than its capacity. A slot of capacity k is k interchangeable columns of a sparse
bipartite graph. A maximum-cardinality matching (Hopcroft–Karp) gives the number to reach; then a min-weight full
matching (LAPJVsp) where every client also has a private "unassigned" column costing a penalty λ finds the
cheapest assignment. Since the cheapest cost of a j-matching is convex in j, any λ above the last augmenting
path's cost yields a maximum matching; λ starts small (good floating-point precision) and doubles until the
cardinality equals the maximum, so cardinality always comes first and is checked, never assumed.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import maximum_bipartite_matching, min_weight_full_bipartite_matching

STAGES = ("日常生活自立", "社会生活自立", "就労自立")
STAGE_RANK = {name: rank for rank, name in enumerate(STAGES)}
EARTH_RADIUS_KM = 6371.0
PREFERENCE_WEIGHT = 1.0

# Reasons an unassigned client fits no free slot, in the order they are reported.
REASON_STAGE = "ステージ"
REASON_HOURS = "時間"
REASON_DISTANCE = "距離"
REASON_AVOID = "避けたい作業"
REASON_CAPACITY = "定員"
REASONS = (REASON_STAGE, REASON_HOURS, REASON_DISTANCE, REASON_AVOID, REASON_CAPACITY)

OBJECTIVE = ("最大人数を配置し、その中で総コストを最小化 / maximum number of people placed, "
             "then least total cost")

CHUNK_ROWS = 512  # clients per block when computing fit: bounds memory to CHUNK_ROWS × slots arrays


class ProblemError(ValueError):
    """The problem file is not valid; the message says where and why."""


@dataclass(frozen=True)
class Client:
    id: str | int
    stage: str
    hours_per_week: float
    location: tuple[float, float]
    max_travel_km: float
    avoid: frozenset[str] = frozenset()
    prefers: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Slot:
    id: str | int
    site: str | int
    capacity: int
    min_stage: str
    hours_per_week: float
    location: tuple[float, float]
    features: frozenset[str] = frozenset()


@dataclass
class Problem:
    clients: list[Client]
    slots: list[Slot]
    costs: dict[tuple, float] = field(default_factory=dict)  # (client id, slot id) → cost override


@dataclass
class Assignment:
    client: str | int
    slot: str | int
    cost: float


@dataclass
class Unassigned:
    client: str | int
    reasons: list[str]


@dataclass
class Result:
    assignments: list[Assignment]
    unassigned: list[Unassigned]

    @property
    def total_cost(self) -> float:
        return math.fsum(a.cost for a in self.assignments)

    def as_dict(self) -> dict:
        return {
            "assignments": [{"client": a.client, "slot": a.slot, "cost": a.cost} for a in self.assignments],
            "unassigned": [{"client": u.client, "reasons": u.reasons} for u in self.unassigned],
            "total_cost": self.total_cost,
            "objective": OBJECTIVE,
        }


def id_order(value) -> tuple:
    """Sort key for ids that may be numbers or strings: numbers first, numerically; then strings."""
    return (0, value, "") if isinstance(value, int) else (1, 0, str(value))


# ---------------------------------------------------------------------------------------------------------
# Reading and validating a problem
# ---------------------------------------------------------------------------------------------------------

CLIENT_FIELDS = ("id", "stage", "hours_per_week", "location", "max_travel_km", "avoid", "prefers")
SLOT_FIELDS = ("id", "site", "capacity", "min_stage", "hours_per_week", "location", "features")


def parse_problem(data) -> Problem:
    """Build a Problem from decoded JSON, raising ProblemError with a clear message on any bad input."""
    if not isinstance(data, dict):
        raise ProblemError("問題ファイルの最上位は JSON オブジェクトでなければなりません (top level must be an object)")
    for key in ("clients", "slots"):
        if not isinstance(data.get(key), list):
            raise ProblemError(f'"{key}" がないか、配列ではありません ("{key}" must be a list)')
    clients = [_client(raw, f"clients[{i}]") for i, raw in enumerate(data["clients"])]
    slots = [_slot(raw, f"slots[{i}]") for i, raw in enumerate(data["slots"])]
    _no_duplicates(clients, "clients")
    _no_duplicates(slots, "slots")
    costs = _costs(data.get("costs", []), {c.id for c in clients}, {s.id for s in slots})
    return Problem(clients=clients, slots=slots, costs=costs)


def _fields(raw, where: str, names: tuple[str, ...]) -> dict:
    if not isinstance(raw, dict):
        raise ProblemError(f"{where}: オブジェクトではありません (must be an object)")
    missing = [name for name in names if name not in raw]
    if missing:
        raise ProblemError(f"{where}: 項目がありません (missing field): {', '.join(missing)}")
    return raw


def _id(value, where: str):
    if isinstance(value, bool) or not isinstance(value, (str, int)) or value == "":
        raise ProblemError(f"{where}: 空でない文字列か整数でなければなりません (must be a non-empty string or integer)")
    return value


def _number(value, where: str, *, minimum: float | None = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ProblemError(f"{where}: 数値でなければなりません (must be a finite number): {value!r}")
    if minimum is not None and value < minimum:
        raise ProblemError(f"{where}: {minimum:g} 以上でなければなりません (must be at least {minimum:g}): {value!r}")
    return float(value)


def _stage(value, where: str) -> str:
    if value not in STAGE_RANK:
        raise ProblemError(f"{where}: 不明なステージ (unknown stage) {value!r}; 使えるのは {' / '.join(STAGES)}")
    return value


def _location(value, where: str) -> tuple[float, float]:
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        raise ProblemError(f"{where}: [緯度, 経度] の配列でなければなりません (must be [lat, lon])")
    lat = _number(value[0], f"{where}[0]", minimum=None)
    lon = _number(value[1], f"{where}[1]", minimum=None)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ProblemError(f"{where}: 緯度・経度の範囲外です (latitude/longitude out of range): {value!r}")
    return (lat, lon)


def _names(value, where: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ProblemError(f"{where}: 文字列の配列でなければなりません (must be a list of strings)")
    return frozenset(value)


def _client(raw, where: str) -> Client:
    raw = _fields(raw, where, CLIENT_FIELDS)
    return Client(
        id=_id(raw["id"], f"{where}.id"),
        stage=_stage(raw["stage"], f"{where}.stage"),
        hours_per_week=_number(raw["hours_per_week"], f"{where}.hours_per_week"),
        location=_location(raw["location"], f"{where}.location"),
        max_travel_km=_number(raw["max_travel_km"], f"{where}.max_travel_km"),
        avoid=_names(raw["avoid"], f"{where}.avoid"),
        prefers=_names(raw["prefers"], f"{where}.prefers"),
    )


def _slot(raw, where: str) -> Slot:
    raw = _fields(raw, where, SLOT_FIELDS)
    capacity = raw["capacity"]
    if isinstance(capacity, float) and capacity.is_integer():
        capacity = int(capacity)
    if isinstance(capacity, bool) or not isinstance(capacity, int):
        raise ProblemError(f"{where}.capacity: 整数でなければなりません (must be an integer): {capacity!r}")
    if capacity < 0:
        raise ProblemError(f"{where}.capacity: 負の定員は使えません (capacity must not be negative): {capacity}")
    return Slot(
        id=_id(raw["id"], f"{where}.id"),
        site=_id(raw["site"], f"{where}.site"),
        capacity=capacity,
        min_stage=_stage(raw["min_stage"], f"{where}.min_stage"),
        hours_per_week=_number(raw["hours_per_week"], f"{where}.hours_per_week"),
        location=_location(raw["location"], f"{where}.location"),
        features=_names(raw["features"], f"{where}.features"),
    )


def _no_duplicates(items: list, what: str) -> None:
    seen = set()
    for item in items:
        if item.id in seen:
            raise ProblemError(f"{what}: id が重複しています (duplicate id): {item.id!r}")
        seen.add(item.id)


def _costs(raw, client_ids: set, slot_ids: set) -> dict[tuple, float]:
    if not isinstance(raw, list):
        raise ProblemError('"costs" は配列でなければなりません ("costs" must be a list)')
    costs: dict[tuple, float] = {}
    for i, entry in enumerate(raw):
        where = f"costs[{i}]"
        entry = _fields(entry, where, ("client", "slot", "cost"))
        if entry["client"] not in client_ids:
            raise ProblemError(f"{where}.client: 不明な利用者 id (unknown client id): {entry['client']!r}")
        if entry["slot"] not in slot_ids:
            raise ProblemError(f"{where}.slot: 不明な枠 id (unknown slot id): {entry['slot']!r}")
        key = (entry["client"], entry["slot"])
        if key in costs:
            raise ProblemError(f"{where}: 同じ組が重複しています (duplicate pair): {key!r}")
        costs[key] = _number(entry["cost"], f"{where}.cost", minimum=None)
    return costs


# ---------------------------------------------------------------------------------------------------------
# Fit and cost, vectorised over blocks of clients
# ---------------------------------------------------------------------------------------------------------


class _Arrays:
    """Column arrays of a problem, built once and reused for fit, cost and reasons."""

    def __init__(self, problem: Problem):
        clients, slots = problem.clients, problem.slots
        vocabulary = sorted(set().union(*(s.features for s in slots), *(c.avoid | c.prefers for c in clients)))
        index = {name: i for i, name in enumerate(vocabulary)}
        self.c_rank = np.array([STAGE_RANK[c.stage] for c in clients], dtype=np.int8)
        self.c_hours = np.array([c.hours_per_week for c in clients], dtype=float)
        self.c_travel = np.array([c.max_travel_km for c in clients], dtype=float)
        self.c_lat = np.radians(np.array([c.location[0] for c in clients], dtype=float))
        self.c_lon = np.radians(np.array([c.location[1] for c in clients], dtype=float))
        self.c_avoid = _membership([c.avoid for c in clients], index)
        self.c_prefers = _membership([c.prefers for c in clients], index)
        self.c_prefer_count = self.c_prefers.sum(axis=1)
        self.s_rank = np.array([STAGE_RANK[s.min_stage] for s in slots], dtype=np.int8)
        self.s_hours = np.array([s.hours_per_week for s in slots], dtype=float)
        self.s_lat = np.radians(np.array([s.location[0] for s in slots], dtype=float))
        self.s_lon = np.radians(np.array([s.location[1] for s in slots], dtype=float))
        self.s_features = _membership([s.features for s in slots], index)
        self.c_unit = _unit_vectors(self.c_lat, self.c_lon)
        self.s_unit = _unit_vectors(self.s_lat, self.s_lon)

    def checks(self, rows: np.ndarray) -> dict:
        """Per-criterion boolean matrices (len(rows) × slots) and the distances, for a block of clients.

        Distances are exact haversine where a cheap dot-product test of unit vectors says the slot may be
        within reach (with a 1 km margin, far above that test's rounding), and infinite elsewhere.
        """
        reach = np.cos(np.minimum(np.pi, (self.c_travel[rows] + 1.0) / EARTH_RADIUS_KM))
        near = (self.c_unit[rows] @ self.s_unit.T) >= reach[:, None]
        r, c = np.nonzero(near)
        lat1, lat2 = self.c_lat[rows][r], self.s_lat[c]
        a = (np.sin((lat2 - lat1) / 2) ** 2
             + np.cos(lat1) * np.cos(lat2) * np.sin((self.s_lon[c] - self.c_lon[rows][r]) / 2) ** 2)
        distance = np.full(near.shape, np.inf)
        distance[r, c] = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
        return {
            "distance": distance,
            REASON_STAGE: self.c_rank[rows, None] >= self.s_rank[None, :],
            REASON_HOURS: self.s_hours[None, :] <= self.c_hours[rows, None],
            REASON_DISTANCE: distance <= self.c_travel[rows, None],
            REASON_AVOID: (self.c_avoid[rows] @ self.s_features.T) == 0,
        }

    def builtin_cost(self, rows: np.ndarray, cols: np.ndarray, distance: np.ndarray) -> np.ndarray:
        """Built-in cost of the pairs (rows[k], cols[k]) at the given distances (see the module docstring)."""
        travel = self.c_travel[rows]
        share = np.divide(distance, travel, out=np.zeros_like(distance), where=travel > 0)
        met = np.einsum("kf,kf->k", self.c_prefers[rows], self.s_features[cols])
        missing = self.c_prefer_count[rows] - met
        return share + PREFERENCE_WEIGHT * missing.astype(float)


def _unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    return np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=-1).reshape(-1, 3)


def _membership(sets: list[frozenset[str]], index: dict[str, int]) -> np.ndarray:
    """0/1 matrix (items × vocabulary); float32 so membership counts run as BLAS matrix products (exact)."""
    matrix = np.zeros((len(sets), max(len(index), 1)), dtype=np.float32)
    for row, names in enumerate(sets):
        matrix[row, [index[name] for name in names]] = 1.0
    return matrix


def _fits(checks: dict) -> np.ndarray:
    return checks[REASON_STAGE] & checks[REASON_HOURS] & checks[REASON_DISTANCE] & checks[REASON_AVOID]


def fitting_pairs(problem: Problem, arrays: _Arrays | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All fitting (client index, slot index, cost) triples, cost overrides applied, in row-major order."""
    arrays = arrays or _Arrays(problem)
    rows_out, cols_out, costs_out = [], [], []
    for start in range(0, len(problem.clients), CHUNK_ROWS):
        rows = np.arange(start, min(start + CHUNK_ROWS, len(problem.clients)))
        if not len(problem.slots):
            break
        checks = arrays.checks(rows)
        r, c = np.nonzero(_fits(checks))
        rows_out.append(rows[r])
        cols_out.append(c)
        costs_out.append(arrays.builtin_cost(rows[r], c, checks["distance"][r, c]))
    if not rows_out:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp), np.zeros(0)
    rows, cols, costs = np.concatenate(rows_out), np.concatenate(cols_out), np.concatenate(costs_out)
    _apply_overrides(problem, rows, cols, costs)
    return rows, cols, costs


def _apply_overrides(problem: Problem, rows: np.ndarray, cols: np.ndarray, costs: np.ndarray) -> None:
    """Replace the cost of listed pairs that fit; listed pairs that do not fit stay impossible."""
    if not problem.costs:
        return
    client_index = {c.id: i for i, c in enumerate(problem.clients)}
    slot_index = {s.id: j for j, s in enumerate(problem.slots)}
    width = max(len(problem.slots), 1)
    keys = rows.astype(np.int64) * width + cols
    wanted = np.array([client_index[c] * width + slot_index[s] for c, s in problem.costs], dtype=np.int64)
    values = np.array(list(problem.costs.values()), dtype=float)
    order = np.argsort(keys)  # keys are already sorted (row-major), argsort keeps it safe if that changes
    found = np.searchsorted(keys[order], wanted)
    found = np.minimum(found, len(keys) - 1) if len(keys) else found
    hit = (keys[order][found] == wanted) if len(keys) else np.zeros(len(wanted), dtype=bool)
    costs[order[found[hit]]] = values[hit]


# ---------------------------------------------------------------------------------------------------------
# The optimal assignment
# ---------------------------------------------------------------------------------------------------------


def solve(problem: Problem) -> Result:
    """The maximum number of clients placed, then the least total cost; see the module docstring."""
    arrays = _Arrays(problem)
    rows, cols, costs = fitting_pairs(problem, arrays)
    chosen = _optimal(rows, cols, costs, len(problem.clients), [s.capacity for s in problem.slots])
    assignments = [Assignment(problem.clients[rows[e]].id, problem.slots[cols[e]].id, float(costs[e]))
                   for e in chosen]
    placed = {rows[e] for e in chosen}
    unplaced = [i for i in range(len(problem.clients)) if i not in placed]
    used = np.bincount(cols[chosen], minlength=len(problem.slots)) if len(problem.slots) else np.zeros(0)
    full = used >= np.array([s.capacity for s in problem.slots], dtype=int)
    unassigned = [Unassigned(problem.clients[i].id, reasons) for i, reasons in
                  zip(unplaced, _reasons(arrays, np.array(unplaced, dtype=np.intp), full), strict=True)]
    assignments.sort(key=lambda a: id_order(a.client))
    unassigned.sort(key=lambda u: id_order(u.client))
    return Result(assignments=assignments, unassigned=unassigned)


def _optimal(rows: np.ndarray, cols: np.ndarray, costs: np.ndarray, n_clients: int,
             capacities: list[int]) -> np.ndarray:
    """Indices into the pair arrays of an optimal assignment (max cardinality, then min cost)."""
    # A slot never takes more people than fit it: clipping keeps a large capacity from multiplying the edges.
    capacity = np.minimum(np.array(capacities, dtype=np.intp), np.bincount(cols, minlength=len(capacities)))
    keep = capacity[cols] > 0 if len(cols) else np.zeros(0, dtype=bool)
    pair_ids = np.nonzero(keep)[0]
    if not len(pair_ids):
        return pair_ids
    # Each slot of capacity k becomes k interchangeable columns; every pair becomes one edge per copy.
    first_copy = np.concatenate([[0], np.cumsum(capacity)[:-1]])
    copies = capacity[cols[pair_ids]]
    edge_pair = np.repeat(pair_ids, copies)
    offset = np.arange(len(edge_pair)) - np.repeat(np.cumsum(copies) - copies, copies)
    edge_col = first_copy[cols[edge_pair]] + offset
    # Only clients with at least one fitting pair take part; the others are unassigned whatever happens.
    active, edge_row = np.unique(rows[edge_pair], return_inverse=True)
    n_rows, n_copies = len(active), int(capacity.sum())
    graph = csr_array((np.ones(len(edge_row)), (edge_row, edge_col)), shape=(n_rows, n_copies))
    target = int((maximum_bipartite_matching(graph, perm_type="column") >= 0).sum())
    weight = costs[edge_pair] - costs[edge_pair].min()  # ≥ 0
    # The solver augments once per row: the smaller side (usually the slot copies) goes in the rows.
    if n_copies < n_rows:
        edge_row, edge_col, n_rows, n_copies = edge_col, edge_row, n_copies, n_rows
    edge_ids = csr_array((np.arange(1, len(edge_row) + 1), (edge_row, edge_col)), shape=(n_rows, n_copies))
    span = float(weight.max())
    penalty = 2.0 * span + 1.0
    while True:
        row_ind, col_ind = _penalised(edge_row, edge_col, weight, n_rows, n_copies, penalty)
        real = col_ind < n_copies
        if int(real.sum()) == target:
            chosen = np.asarray(edge_ids[row_ind[real], col_ind[real]]).ravel() - 1
            return np.sort(edge_pair[chosen])
        if penalty > (target + 1) * (span + 1.0) * 4:  # far past any augmenting path: precision has failed
            raise ArithmeticError("matching did not reach the maximum cardinality; costs too far apart")
        penalty *= 2.0


def _penalised(edge_row, edge_col, weight, n_rows, n_cols, penalty) -> tuple[np.ndarray, np.ndarray]:
    """Min-weight full matching where each row may take its own 'left out' column at cost `penalty`.

    Returns the matched (row, column) pairs; a column ≥ n_cols means the row was left out. With r rows matched
    for real the objective is cost + penalty × (n_rows − r), whichever side the rows are. All weights are
    shifted by +1 (every full matching has exactly n_rows edges, so the optimum is unchanged) to keep them
    non-zero, as the solver requires.
    """
    own = np.arange(n_rows)
    data = np.concatenate([weight + 1.0, np.full(n_rows, penalty + 1.0)])
    graph = csr_array((data, (np.concatenate([edge_row, own]), np.concatenate([edge_col, n_cols + own]))),
                      shape=(n_rows, n_cols + n_rows))
    return min_weight_full_bipartite_matching(graph)


def _reasons(arrays: _Arrays, rows: np.ndarray, full: np.ndarray) -> list[list[str]]:
    """For each unassigned client: the distinct reasons why no slot is free for them.

    Every slot it does not fit contributes its failed criteria; fitting slots (necessarily full, or the
    assignment would not be maximum) contribute 定員. No slots at all is reported as 定員 too.
    """
    out: list[list[str]] = []
    for start in range(0, len(rows), CHUNK_ROWS):
        block = rows[start:start + CHUNK_ROWS]
        if not len(full):
            out.extend([[REASON_CAPACITY] for _ in block])
            continue
        checks = arrays.checks(block)
        fits = _fits(checks)
        failed = {name: (~checks[name]).any(axis=1) for name in REASONS[:-1]}
        failed[REASON_CAPACITY] = fits.any(axis=1)
        if (fits & ~full[None, :]).any():
            raise AssertionError("an unassigned client fits a slot with free capacity")
        out.extend([name for name in REASONS if failed[name][k]] for k in range(len(block)))
    return out


# ---------------------------------------------------------------------------------------------------------
# For the web page: suggestions per person and why a match
# ---------------------------------------------------------------------------------------------------------


def top_suggestions(problem: Problem, client_id, k: int = 5) -> list[Assignment]:
    """The k cheapest fitting slots for one client, ignoring capacity (ties by slot id)."""
    index = next((i for i, c in enumerate(problem.clients) if c.id == client_id), None)
    if index is None:
        raise KeyError(client_id)
    single = Problem(clients=[problem.clients[index]], slots=problem.slots,
                     costs={key: v for key, v in problem.costs.items() if key[0] == client_id})
    _, cols, costs = fitting_pairs(single)
    ranked = sorted(zip(cols.tolist(), costs.tolist(), strict=True),
                    key=lambda pair: (pair[1], id_order(problem.slots[pair[0]].id)))
    return [Assignment(client_id, problem.slots[j].id, cost) for j, cost in ranked[:k]]


def explain(client: Client, slot: Slot) -> dict:
    """Why this slot for this person (or why not): distance, preferred features met and missed, fit failures."""
    arrays = _Arrays(Problem(clients=[client], slots=[slot]))
    checks = arrays.checks(np.array([0]))
    distance = float(checks["distance"][0, 0])
    return {
        "distance_km": round(distance, 2),
        "max_travel_km": client.max_travel_km,
        "preferred_met": sorted(client.prefers & slot.features),
        "preferred_missing": sorted(client.prefers - slot.features),
        "avoided_present": sorted(client.avoid & slot.features),
        "fails": [name for name in REASONS[:-1] if not checks[name][0, 0]],
        "builtin_cost": float(arrays.builtin_cost(np.array([0]), np.array([0]), checks["distance"][0])[0]),
    }
