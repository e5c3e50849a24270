"""What every meetings page shares: only school staff who work with SEN see them, scoped to visible pupils."""

from django.shortcuts import get_object_or_404

from accounts.permissions import ActionRequiredMixin

from ..models import Meeting


class MeetingScopedMixin(ActionRequiredMixin):
    """Fetch the meeting named in the URL from the meetings about pupils this person may see."""

    required_action = "meetings.work"

    def visible_meetings(self):
        return Meeting.objects.visible_to(self.request.user)

    def get_meeting(self) -> Meeting:
        if not hasattr(self, "_meeting"):
            meetings = self.visible_meetings().select_related("pupil", "led_by", "chaired_by")
            self._meeting = get_object_or_404(meetings, pk=self.kwargs["pk"])
        return self._meeting
