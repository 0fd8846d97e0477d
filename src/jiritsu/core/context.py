def staff(request):
    user = getattr(request, "user", None)
    profile = getattr(user, "staff", None) if user is not None and user.is_authenticated else None
    return {"staff_profile": profile}
