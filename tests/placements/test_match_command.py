"""`jiritsu match placements --problem FILE.json [--output FILE.json]`."""
import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from jiritsu.placements.samples import random_problem

from .oracle import optimum


def write(tmp_path, problem, name="problem.json"):
    path = tmp_path / name
    path.write_text(json.dumps(problem, ensure_ascii=False), encoding="utf-8")
    return path


def test_it_writes_the_optimal_assignment_to_the_output_file(tmp_path):
    problem = random_problem(12, 5, seed=7, area=0.2, with_costs=True)
    out = tmp_path / "result.json"
    call_command("match_placements", problem=str(write(tmp_path, problem)), output=str(out))
    text = out.read_text(encoding="utf-8")
    result = json.loads(text)
    assert "ステージ" in text or "定員" in text  # Japanese reasons written as such, not \u escapes
    assert set(result) == {"assignments", "unassigned", "total_cost", "objective"}
    placed, least = optimum(problem)
    assert len(result["assignments"]) == placed and result["total_cost"] == pytest.approx(least, abs=1e-6)


def test_it_prints_to_stdout_without_an_output_file(tmp_path):
    stdout = StringIO()
    call_command("match_placements", problem=str(write(tmp_path, random_problem(5, 3, seed=2))), stdout=stdout)
    assert len(json.loads(stdout.getvalue())["unassigned"]) + len(json.loads(stdout.getvalue())["assignments"]) == 5


@pytest.mark.parametrize("content, message", [
    ('{"clients": [], "slots": [{"id": "t"}]}', "missing field"),
    ("{not json", "JSON"),
])
def test_it_stops_on_a_bad_file_with_a_message(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("match_placements", problem=str(path))
    with pytest.raises(CommandError, match="cannot read"):
        call_command("match_placements", problem=str(tmp_path / "missing.json"))


def test_it_exits_with_status_1_from_the_jiritsu_command(tmp_path):
    problem = random_problem(2, 2, seed=1)
    problem["clients"][0]["stage"] = "自立"
    run = subprocess.run([sys.executable, "-m", "jiritsu.cli", "match", "placements", "--problem",
                          str(write(tmp_path, problem))], capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert "不明なステージ" in run.stderr and run.stdout == ""


def test_it_reads_a_file_saved_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "bom.json"
    path.write_text(json.dumps(random_problem(3, 2, seed=1), ensure_ascii=False), encoding="utf-8-sig")
    stdout = StringIO()
    call_command("match_placements", problem=str(path), stdout=stdout)
    assert json.loads(stdout.getvalue())["objective"]
