from django.urls import path  # noqa: F401

from .views import actions, parents, reports, running

app_name = "audits"

urlpatterns = [
    # Running an audit: audits/views/running.py
    path("questions/", running.GuideQuestionsView.as_view(), name="questions"),
    path("questions/<int:pk>/", running.QuestionDetailView.as_view(), name="question"),
    path("questions/<int:pk>/hide/", running.QuestionHideView.as_view(), name="question_hide"),
    path("sections/<int:pk>/add-question/", running.QuestionAddView.as_view(), name="question_add"),
    path("", running.AuditListView.as_view(), name="audit_list"),
    path("new/", running.AuditCreateView.as_view(), name="audit_new"),
    path("<int:pk>/", running.AuditDetailView.as_view(), name="audit_detail"),
    path("<int:pk>/re-audit/", running.ReAuditView.as_view(), name="reaudit"),
    path("<int:pk>/respond/<slug:group>/<int:section_pk>/", running.RespondView.as_view(), name="respond"),
    path("<int:pk>/agree/<int:question_pk>/", running.ConsolidateView.as_view(), name="consolidate"),
    path("<int:pk>/compare/", running.CompareView.as_view(), name="compare"),
    # Parents' questionnaire: audits/views/parents.py
    path("questionnaires/", parents.QuestionnaireListView.as_view(), name="questionnaires"),
    path("<int:pk>/parents/", parents.AnswersView.as_view(), name="parents_answers"),
    path("<int:pk>/parents/set-up/", parents.SetUpView.as_view(), name="questionnaire_set_up"),
    path("<int:pk>/parents/send/", parents.SendLinksView.as_view(), name="questionnaire_send"),
    path("<int:pk>/parents/paper/", parents.PaperReplyView.as_view(), name="questionnaire_paper"),
    path("questionnaire/<int:pk>/", parents.AnswerInPortalView.as_view(), name="questionnaire_answer"),
    path("questionnaire/link/<str:token>/", parents.answer_by_link, name="questionnaire_link"),
    # Acting on it, reports and documents: audits/views/actions.py, audits/views/reports.py
    path("<int:pk>/actions/", actions.AuditPointsView.as_view(), name="action_points"),
    path("<int:pk>/actions/add/", actions.ActionCreateView.as_view(), name="action_add"),
    path("actions/<int:pk>/", actions.ActionUpdateView.as_view(), name="action_edit"),
    path("action-plan/", actions.ActionPlanView.as_view(), name="action_plan"),
    path("action-plan.csv", actions.ActionPlanCsvView.as_view(), name="action_plan_csv"),
    path("action-plan.pdf", actions.ActionPlanPdfView.as_view(), name="action_plan_pdf"),
    path("handover/", reports.HandoverView.as_view(), name="handover"),
    path("handover.pdf", reports.HandoverPdfView.as_view(), name="handover_pdf"),
    path("governors/", reports.GovernorsReportView.as_view(), name="governors"),
    path("governors.pdf", reports.GovernorsReportPdfView.as_view(), name="governors_pdf"),
    path("sheets.pdf", reports.BlankSheetsPdfView.as_view(), name="sheets_blank"),
    path("<int:pk>/sheets-blank.pdf", reports.AuditBlankSheetsPdfView.as_view(), name="audit_sheets_blank"),
    path("<int:pk>/sheets.pdf", reports.AuditCompletedSheetsPdfView.as_view(), name="audit_sheets_completed"),
]
