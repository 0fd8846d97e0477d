"""The access log of 住居確保給付金. An application linked to a case is logged against the case, as every case
record is; one on its own (a person who only applies for the benefit) against the body, its application
number and person id in the entry, so an auditor can still say whose record was read or written."""
from jiritsu.audit import log


def subject(application) -> str:
    return f"申請番号{application.pk}・相談者ID{application.client_id}、ケースなし"


def record(*, user, action: str, what: str, application) -> None:
    if application.case_id is not None:
        log.record(user=user, action=action, what=what, case=application.case)
    else:
        log.record(user=user, action=action, what=f"{what}（{subject(application)}）", body_id=application.body_id)


def record_many(*, user, action: str, what: str, applications) -> None:
    """One entry per application: those of cases in one statement, those without a case each with its subject."""
    applications = list(applications)
    with_case = {a.case_id: a.case for a in applications if a.case_id is not None}
    if with_case:
        log.record_many(user=user, action=action, what=what, cases=list(with_case.values()))
    for application in applications:
        if application.case_id is None:
            record(user=user, action=action, what=what, application=application)
