"""The developer's proposal as the matching page (就労体験マッチング) and the API show it: for each person waiting,
the engine's globally optimal task, the other fitting tasks, why each fits, or why nothing can be placed now."""
from . import matching

# What each reason of an unplaced person means, in the words of the page.
REASON_TEXT = {
    matching.REASON_STAGE: "必要なステージに届かない",
    matching.REASON_HOURS: "週あたり時間が多すぎる",
    matching.REASON_DISTANCE: "移動できる距離の外",
    matching.REASON_AVOID: "避けたい作業を含む",
    matching.REASON_CAPACITY: "合う業務は空きがない（定員）",
}


def why_text(why: dict) -> str:
    """Why this task, in one line: distance against the limit, preferred features met and missed."""
    parts = [f"距離 {why['distance_km']:.1f} km（上限 {why['max_travel_km']:g} km）"]
    if why["preferred_met"]:
        parts.append(f"希望に合う：{'、'.join(why['preferred_met'])}")
    if why["preferred_missing"]:
        parts.append(f"希望のうち含まない：{'、'.join(why['preferred_missing'])}")
    if why["fails"]:
        parts.append(f"合わない点：{'、'.join(why['fails'])}")
    return "　".join(parts)


def proposal_rows(problem, tasks, profiles, chosen: dict | None = None) -> list[dict]:
    """One row per open person: the global proposal's task, other suggestions, or why nothing fits.

    `chosen` (profile id → task id or None) is what the developer picked when a proposal was refused; without it
    the engine's best task is selected."""
    result = matching.solve(problem)
    best = {a.client: a.slot for a in result.assignments}
    unplaced = {u.client: u.reasons for u in result.unassigned}
    clients, slots = {c.id: c for c in problem.clients}, {s.id: s for s in problem.slots}
    rows = []
    for profile in profiles:
        ids = [s.slot for s in matching.top_suggestions(problem, profile.pk, k=5)]
        if profile.pk in best and best[profile.pk] not in ids:
            ids.insert(0, best[profile.pk])
        options = [{"task": tasks[t], "best": t == best.get(profile.pk),
                    "why": why_text(matching.explain(clients[profile.pk], slots[t]))} for t in ids]
        options.sort(key=lambda o: not o["best"])
        selected = chosen.get(profile.pk) if chosen is not None else best.get(profile.pk)
        rows.append({"profile": profile, "options": options, "selected": selected,
                     "reasons": [REASON_TEXT[r] for r in unplaced.get(profile.pk, [])]})
    return rows
