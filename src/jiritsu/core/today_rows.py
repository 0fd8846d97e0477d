"""Rows of the work lists a domain adds to 今日の業務 (rendered by includes/work_lists.html): one shape for every
domain's list."""
from dataclasses import dataclass, field


@dataclass
class Row:
    case_number: str
    name: str
    what: str
    action: str  # what to do: the link's text
    url: str
    overdue: bool = False


@dataclass
class WorkList:
    key: str
    title: str
    empty: str
    rows: list[Row] = field(default_factory=list)
