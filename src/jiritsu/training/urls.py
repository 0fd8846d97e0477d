from django.urls import path

from . import views, views_people

urlpatterns = [
    path("", views.course_list, name="training_courses"),
    path("courses/new", views.course_edit, name="training_course_new"),
    path("courses/<int:pk>", views.course_detail, name="training_course"),
    path("courses/<int:pk>/edit", views.course_edit, name="training_course_edit"),
    path("courses/<int:pk>/enrol", views.enrol, name="training_enrol"),
    path("courses/<int:course_pk>/lectures/new", views.lecture_edit, name="training_lecture_new"),
    path("courses/<int:course_pk>/exercises/new", views.exercise_edit, name="training_exercise_new"),
    path("enrolments/<int:pk>/cancel", views.cancel, name="training_cancel"),
    path("enrolments/<int:pk>/certificate", views_people.certificate, name="training_certificate"),
    path("lectures/<int:pk>/edit", views.lecture_edit, name="training_lecture_edit"),
    path("lectures/<int:pk>/viewed", views.confirm_viewing, name="training_viewed"),
    path("lectures/<int:pk>/materials/new", views.material_new, name="training_material_new"),
    path("materials/<int:pk>", views.material_download, name="training_material"),
    path("exercises/<int:pk>", views_people.exercise_detail, name="training_exercise"),
    path("exercises/<int:pk>/edit", views.exercise_edit, name="training_exercise_edit"),
    path("exercises/<int:pk>/attendance", views_people.take_attendance, name="training_attendance"),
    path("exercises/<int:pk>/card", views_people.share_card, name="training_card_share"),
    path("exercises/<int:pk>/card/withdraw", views_people.withdraw_card, name="training_card_withdraw"),
    path("exercises/<int:pk>/studies/new", views_people.study_new, name="training_study_new"),
    path("studies/<int:pk>", views_people.study_detail, name="training_study"),
    path("mine", views_people.my_record, name="training_mine"),
    path("records", views_people.records, name="training_records"),
]
