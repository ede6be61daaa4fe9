from django.urls import path

from tutela.monitoring import review_views, submissions_views, views

app_name = "monitoring"
urlpatterns = [
    path("sites/<str:ulid>/assess/", views.assessment_new, name="assessment-new"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment-detail"),
    path("assessments/<int:pk>/review/", review_views.review_assessment, name="review-assessment"),
    path("incidents/", views.incident_list, name="incident-list"),
    path("incidents/new/", views.incident_new, name="incident-new"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident-detail"),
    path("incidents/<int:pk>/claims/new/", views.claim_new, name="claim-new"),
    path("claims/<int:pk>/review/", review_views.review_claim, name="review-claim"),
    path("review/", review_views.review_list, name="review-queue"),
    path("my/submissions/", submissions_views.my_submissions, name="my-submissions"),
    path("assessments/<int:pk>/reviewer/", review_views.take_assessment, name="take-assessment"),
    path("claims/<int:pk>/reviewer/", review_views.take_claim, name="take-claim"),
]
