"""Field history of a case's records (django-simple-history), for the case page. Placeholder."""


def case_history(case) -> list[dict]:
    return []
