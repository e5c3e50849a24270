# A message may be about a pupil's SEN support plan: the plan sent to the parents before its review (plan_comments).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('booking', '0005_typed_text_limits'),
        ('events', '0002_typed_text_limits'),
        ('library', '0003_typed_text_limits'),
        ('meetings', '0009_record_delivered_at'),
        ('notices', '0007_messages_about_sen_letters'),
        ('pupils', '0005_whole_school_from_the_mis'),
        ('sen_letters', '0001_initial'),
        ('support_plans', '0003_first_plans_from_targets_and_provision'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='message',
            name='message_about_one_thing',
        ),
        migrations.AddField(
            model_name='message',
            name='support_plan',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='messages', to='support_plans.supportplan'),
        ),
        migrations.AddConstraint(
            model_name='message',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('sen_letter__isnull', True), ('support_plan__isnull', True), models.Q(models.Q(('event__isnull', True), ('loan__isnull', True), ('meeting__isnull', False), ('review_day__isnull', True)), models.Q(('event__isnull', True), ('loan__isnull', True), ('meeting__isnull', True), ('review_day__isnull', False), ('kind', 'invitation'), ('parent__isnull', False)), models.Q(('event__isnull', False), ('loan__isnull', True), ('meeting__isnull', True), ('review_day__isnull', True), ('kind__in', ['event_invitation', 'event_reminder']), ('parent__isnull', False)), models.Q(('event__isnull', True), ('loan__isnull', False), ('meeting__isnull', True), ('review_day__isnull', True), ('kind', 'loan_due_back'), ('parent__isnull', False)), _connector='OR')), models.Q(('event__isnull', True), ('loan__isnull', True), ('meeting__isnull', True), ('review_day__isnull', True), ('kind', 'sen_status_letter'), ('parent__isnull', False), ('sen_letter__isnull', False), ('support_plan__isnull', True)), models.Q(('event__isnull', True), ('loan__isnull', True), ('meeting__isnull', True), ('review_day__isnull', True), ('kind', 'plan_for_review'), ('parent__isnull', False), ('sen_letter__isnull', True), ('support_plan__isnull', False)), _connector='OR'), name='message_about_one_thing'),
        ),
        migrations.AddConstraint(
            model_name='message',
            constraint=models.UniqueConstraint(condition=models.Q(('resend_of__isnull', True), ('support_plan__isnull', False)), fields=('support_plan', 'parent', 'kind', 'due_at'), name='message_plan_once_per_parent'),
        ),
    ]
