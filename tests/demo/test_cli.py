"""The `jiritsu` console script's names for management commands (interfaces.md "Commands")."""
import pytest

from jiritsu.cli import management_argv


@pytest.mark.parametrize(("typed", "runs"), [
    (["setup-demo", "--reset"], ["setup_demo", "--reset"]),
    (["demo"], ["run_demo"]),
    (["serve", "--port", "9000"], ["serve", "--port", "9000"]),
    (["migrate"], ["migrate"]),
    (["import", "cases", "ledger.csv", "--dry-run"], ["import_cases", "ledger.csv", "--dry-run"]),
    (["report", "cost-share", "--fy", "R6"], ["report_cost_share", "--fy", "R6"]),
    (["issue-api-token", "mito_worker"], ["issue_api_token", "mito_worker"]),
])
def test_it_maps_the_documented_commands(typed, runs):
    assert management_argv(typed) == ["jiritsu", *runs]


def test_it_leaves_an_option_after_a_two_word_prefix_alone():
    assert management_argv(["import", "--help"]) == ["jiritsu", "import", "--help"]
