"""Forms of the prefecture's program reports drawn from the cases: cost sharing."""
from django import forms

from jiritsu.core.forms import TextField, YenField
from jiritsu.programs.forms import PARTICIPATION_PROGRAMS, FiscalYearField

from .costshare import COMPONENTS


class CostShareForm(forms.Form):
    program = forms.ChoiceField(label="事業", choices=[(p.value, p.label) for p in PARTICIPATION_PROGRAMS])
    fy = FiscalYearField(label="年度")
    amount = YenField(what="契約額")
    key = TextField(label="按分キー", help_text=f"「要素:重み」をカンマで区切り、重みの合計を100に。要素: {'、'.join(COMPONENTS)}"
                    "。例：均等割:70,人口割:30",
                    widget=forms.TextInput(attrs={"placeholder": "均等割:70,人口割:30"}))
    ratios = TextField(label="定率の割合", required=False,
                       help_text="定率を使うときだけ。「団体コード=割合」をカンマで区切り、合計100。例：08201=40,08202=60")
