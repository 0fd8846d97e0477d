"""Prefecture policy staff build a fiscal year's courses: lectures and exercises; nobody else may."""
import datetime as dt

from jiritsu.training.models import SEED_THEMES, Course, Lecture


def test_it_lets_the_prefecture_create_a_course_with_a_lecture_and_an_exercise(client, world, today):
    client.force_login(world.policy)
    response = client.post("/training/courses/new", {"fiscal_year": 2025, "title": "令和7年度 人材養成研修",
                                                     "roles": ["support_worker", "household_budget"]})
    course = Course.objects.get(title="令和7年度 人材養成研修")
    assert response.status_code == 302 and course.roles == ["support_worker", "household_budget"]
    client.post(f"/training/courses/{course.pk}/lectures/new", {
        "order": 1, "title": "フードバンクの取組み", "lecturer": "食 太郎", "lecturer_org": "フードバンク茨城",
        "theme": "フードバンクの取組み", "video_url": "https://video.example/x", "available_from": "R7.6.1",
        "available_until": "R7.9.30", "audience": ["support_worker"]})
    lecture = Lecture.objects.get(course=course)
    assert lecture.available_from == dt.date(2025, 6, 1) and lecture.audience == ["support_worker"]
    client.post(f"/training/courses/{course.pk}/exercises/new", {
        "title": "演習 県南", "held_on": "R7.10.3", "venue": "土浦合同庁舎", "capacity": 40,
        "programme": ["introductions", "case_study"]})
    page = client.get(f"/training/courses/{course.pk}").content.decode()
    assert "フードバンク茨城" in page and "土浦合同庁舎" in page and "令和7年10月3日" in page
    assert "0／40名" in page


def test_it_offers_the_seed_themes_and_accepts_a_new_one(client, world, course):
    client.force_login(world.policy)
    page = client.get(f"/training/courses/{course[0].pk}/lectures/new").content.decode()
    assert all(theme in page for theme in SEED_THEMES[:3])
    response = client.post(f"/training/courses/{course[0].pk}/lectures/new", {
        "order": 3, "title": "新しい講義", "lecturer": "講師", "theme": "ヤングケアラー支援",
        "available_from": "2025-06-01", "available_until": "2025-07-01"})
    assert response.status_code == 302
    assert Lecture.objects.filter(theme="ヤングケアラー支援").exists()


def test_it_shows_a_period_that_ends_before_it_starts_at_the_field_and_keeps_the_input(client, world, course):
    client.force_login(world.policy)
    response = client.post(f"/training/courses/{course[0].pk}/lectures/new", {
        "order": 3, "title": "期間の誤り", "lecturer": "講師", "theme": "自殺対策",
        "available_from": "R7.6.1", "available_until": "R7.5.1"})
    page = response.content.decode()
    assert response.status_code == 200 and "公開終了日は公開開始日以降の日付にしてください。" in page
    assert 'value="期間の誤り"' in page
    assert not Lecture.objects.filter(title="期間の誤り").exists()


def test_it_refuses_course_editing_to_everyone_but_the_prefecture(client, world, course):
    for user in (world.worker_a, world.admin_a, world.prep_staff, world.auditor):
        client.force_login(user)
        assert client.get("/training/courses/new").status_code == 403
        assert client.post(f"/training/courses/{course[0].pk}/exercises/new", {"title": "x"}).status_code == 403
    assert Course.objects.count() == 1


def test_it_lists_courses_by_fiscal_year(client, world, course, today):
    client.force_login(world.worker_a)
    fy = course[0].fiscal_year
    assert "人材養成研修（基礎）" in client.get(f"/training/?fy={fy}").content.decode()
    assert "人材養成研修（基礎）" not in client.get(f"/training/?fy={fy - 1}").content.decode()


def test_it_keeps_the_first_save_when_two_organisers_edit_the_same_exercise(client, world, course):
    exercise = course[2]
    form = {"title": "演習A", "held_on": "R7.10.3", "venue": "会場A", "capacity": 10, "programme": ["introductions"],
            "version": exercise.version}
    client.force_login(world.policy)
    assert client.post(f"/training/exercises/{exercise.pk}/edit", form).status_code == 302
    response = client.post(f"/training/exercises/{exercise.pk}/edit", {**form, "venue": "会場B"})
    assert response.status_code == 409 and "他の職員がこの記録を先に更新しました" in response.content.decode()
    exercise.refresh_from_db()
    assert exercise.venue == "会場A"


def test_it_refuses_a_capacity_below_the_enrolments_at_the_field(client, world, course):
    from jiritsu.training import services

    course_, _lectures, exercise = course
    for user in (world.worker_a, world.chief_a):
        services.enrol(user=user, staff=user.staff, course=course_, exercise=exercise, training_role="chief")
    client.force_login(world.policy)
    response = client.post(f"/training/exercises/{exercise.pk}/edit", {
        "title": exercise.title, "held_on": exercise.held_on.isoformat(), "venue": exercise.venue, "capacity": 1,
        "programme": ["introductions"], "version": exercise.version})
    assert "すでに2名が申し込んでいます" in response.content.decode()
    exercise.refresh_from_db()
    assert exercise.capacity == 3


def test_it_refuses_a_material_of_an_unknown_type_at_the_field(client, world, course):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jiritsu.training.models import Material

    client.force_login(world.policy)
    response = client.post(f"/training/lectures/{course[1][0].pk}/materials/new", {
        "title": "実行ファイル", "file": SimpleUploadedFile("tool.exe", b"MZ")})
    assert "この形式のファイルは登録できません。" in response.content.decode()
    assert not Material.objects.exists()
