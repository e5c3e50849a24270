from django.shortcuts import redirect

from .models import Role

HOME_BY_ROLE = {
    Role.SENCO: "meetings:dashboard",
    Role.STAFF: "meetings:mine",
    Role.OFFICE: "pupils:families",
    Role.HEAD: "pupils:figures",
    Role.PARENT: "portal:home",
    Role.YOUNG_PERSON: "portal:home",
}


def home(request):
    """Send each person to the page their role starts from."""
    return redirect(HOME_BY_ROLE[request.user.role])
