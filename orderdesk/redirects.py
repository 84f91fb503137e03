from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request) -> str | None:
    """The `next` page a form asks to return to (the approvals page, say), when it is one of ours: a path on this
    site ("/approvals/"); anything else ("abc", another site) is ignored."""
    target = request.POST.get("next", "")
    if not target.startswith("/"):
        return None
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else None
