"""`jiritsu report monthly`: CSV column order and headers, Excel that opens."""
import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jiritsu.programs.catalog import PlanService

from . import builders as b

EXPECTED_HEADER = [
    "年月", "新規相談受付件数", "プラン作成件数", "就労支援対象者数",
    "住居確保給付金", "一時生活支援", "家計改善支援", "就労準備支援", "就労訓練", "自立相談支援機関による就労支援",
    "生活福祉資金貸付", "生活保護受給者等就労自立促進事業",
    "就労者数", "就労者数のうち就労支援対象プラン作成者分", "増収者数", "増収者数のうち就労支援対象プラン作成者分",
    "新規相談受付件数（人口10万人当たり・月）", "新規相談受付件数の目安値",
    "プラン作成件数（人口10万人当たり・月）", "プラン作成件数の目安値",
    "就労支援対象者数（人口10万人当たり・月）", "就労支援対象者数の目安値",
    "就労・増収率（％）",
]


@pytest.fixture
def data(ibaraki):
    c = b.case("08202", dt.date(2024, 4, 3))
    b.plan(c, 1, dt.date(2024, 5, 7), services=[PlanService.WORK_TRAINING], work_support_target=True)
    b.outcome(c, "employed", dt.date(2024, 6, 1))


def run(*args) -> str:
    out = io.StringIO()
    call_command("report_monthly", *args, stdout=out)
    return out.getvalue()


def test_it_writes_the_csv_in_the_ministrys_column_order_with_a_total_row(data):
    rows = list(csv.reader(io.StringIO(run("--unit", "08202", "--from", "2024-04", "--to", "2024-06"))))
    assert rows[0] == EXPECTED_HEADER
    assert [r[0] for r in rows[1:]] == ["2024-04", "2024-05", "2024-06", "合計"]
    total = dict(zip(rows[0], rows[-1], strict=True))
    assert total["新規相談受付件数"] == "1" and total["プラン作成件数"] == "1" and total["就労訓練"] == "1"
    assert total["就労者数のうち就労支援対象プラン作成者分"] == "1"
    assert total["就労・増収率（％）"] == "100.0"


def test_it_writes_an_excel_workbook_that_opens(data, tmp_path):
    target = tmp_path / "survey.xlsx"
    call_command("report_monthly", "--unit", "08", "--from", "2024-04", "--to", "2024-06", "--format", "xlsx",
                 "--output", str(target))
    ws = openpyxl.load_workbook(target).active
    values = list(ws.iter_rows(values_only=True))
    assert list(values[1]) == EXPECTED_HEADER
    assert values[-1][0] == "合計" and values[-1][1] == 1


def test_it_refuses_an_unknown_unit_or_month(ibaraki):
    with pytest.raises(CommandError, match="団体コード"):
        run("--unit", "12345", "--from", "2024-04", "--to", "2024-04")
    with pytest.raises(CommandError, match="年月"):
        run("--unit", "08", "--from", "2024/4", "--to", "2024-04")
