"""The demo holds a fiscal year of lectures and exercises with some enrolments; loading it twice changes nothing."""
from jiritsu.demo.organisations import build_accounts, build_organisations
from jiritsu.training.demo import load_demo_training
from jiritsu.training.models import Course, Enrolment, Exercise, Lecture, LectureView
from jiritsu.training.selectors import progress


def _counts():
    return [m.objects.count() for m in (Course, Lecture, Exercise, Enrolment, LectureView)]


def test_it_loads_a_year_of_training_once(ibaraki, today):
    build_accounts(build_organisations(ibaraki))
    course = load_demo_training()
    first = _counts()
    load_demo_training()
    assert _counts() == first
    assert course.lectures.count() >= 10 and course.exercises.count() == 2
    assert course.exercises.filter(held_on__gt=today).exists()
    enrolments = list(Enrolment.objects.filter(course=course))
    assert len(enrolments) >= 4
    assert any(progress(e).complete for e in enrolments) and not all(progress(e).complete for e in enrolments)
