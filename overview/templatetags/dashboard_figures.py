"""`{% load dashboard_figures %}{% dashboard_figures as figures %}`: the counts of the SENCO dashboard's side blocks,
each from its own app, asked in one query (`common.scalars`), not one or two each. Each block's tag takes its
share: `{% sen_letters_waiting figures.letters %}`.

A tag here, at the top of the apps' layers, so that the dashboard (meetings) need know none of them."""

from django import template
from django.utils import timezone

from audits.templatetags.audit_actions import due_figures
from common.scalars import ask_together, count
from contacts.templatetags.concerns import overdue_figures, positive_news_figures
from notices.models import Message, MessageStatus
from pupils.retention import retention_figures
from pupils.templatetags.responsibility_requests import waiting_figures as responsibility_figures
from sen_letters.templatetags.sen_letters import waiting_figures as letters_figures

register = template.Library()


@register.simple_tag(takes_context=True)
def dashboard_figures(context) -> dict[str, dict]:
    user, now = context["request"].user, timezone.now()
    blocks = {
        "responsibility": responsibility_figures(),
        "letters": letters_figures(),
        "failed": {"messages": count(Message.objects.visible_to(user).filter(status=MessageStatus.FAILED))},
        "concerns": overdue_figures(user),
        "positive_news": positive_news_figures(user, now),
        "audit": due_figures(),
        "retention": retention_figures(timezone.localdate()),
    }
    values = ask_together(
        {f"{block}.{name}": scalar for block, asked in blocks.items() for name, scalar in asked.items()}
    )
    return {block: {name: values[f"{block}.{name}"] for name in asked} for block, asked in blocks.items()}
