"""Error reports without personal data: every POST value, query value and request body is hidden.

Set as ``DEFAULT_EXCEPTION_REPORTER_FILTER``: the report e-mailed to ADMINS (or shown with
DEBUG on) keeps the path, the traceback and the parameter *names*, never what staff typed.
"""

from django.views.debug import SafeExceptionReporterFilter


class PersonalDataReporterFilter(SafeExceptionReporterFilter):
    def is_active(self, request):
        return True

    def get_post_parameters(self, request):
        if request is None:
            return {}
        cleansed = request.POST.copy()
        for key in cleansed:
            cleansed[key] = self.cleansed_substitute
        return cleansed

    def get_traceback_frame_variables(self, request, tb_frame):
        # Local variables can hold a person's record: show names only.
        return [(name, self.cleansed_substitute) for name, _value in tb_frame.f_locals.items()]


from django.views.debug import ExceptionReporter  # noqa: E402


class PersonalDataReporter(ExceptionReporter):
    """The query string and body are not part of the report either."""

    def get_traceback_data(self):
        data = super().get_traceback_data()
        request = self.request
        if request is not None:
            # Django's raw URI (it never validates the Host, which may be what went wrong), less the query.
            data["request_insecure_uri"] = data["request_insecure_uri"].split("?", 1)[0]
            data["request_GET_items"] = [(k, self.filter.cleansed_substitute) for k in request.GET]
            data["request_COOKIES_items"] = [
                (k, self.filter.cleansed_substitute) for k in request.COOKIES
            ]
            data["request_meta"] = {
                k: (
                    self.filter.cleansed_substitute
                    if k in {"QUERY_STRING", "HTTP_COOKIE"} or k.startswith("HTTP_X_CSRF")
                    else v
                )
                for k, v in data.get("request_meta", {}).items()
            }
        return data
