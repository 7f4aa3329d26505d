"""Errors that name where a spec went wrong, so a user can fix it without reading our code."""


class SpecError(Exception):
    """A malformed spec: carries file, line and the dotted key path."""

    def __init__(self, message, file=None, line=None, key=None):
        self.message = message
        self.file = file
        self.line = line
        self.key = key
        super().__init__(str(self))

    def located(self, file=None, line=None, key=None):
        """Return a copy filled in with location details the raiser did not know."""
        return SpecError(self.message, self.file or file, self.line or line, self.key or key)

    def __str__(self):
        where = self.file or "<spec>"
        if self.line is not None:
            where += ":%d" % self.line
        if self.key:
            where += ": %s" % self.key
        return "%s: %s" % (where, self.message)


class FormulaError(SpecError):
    """A formula that cannot be parsed or evaluated (unknown name, division by zero, ...)."""
