"""Markdown of `padvec check` result files: per-implementation counts, then every failure."""
from .harness import RESULT_KIND
from .judge import FAILURES

COLUMNS = ("pass", "deviation", "unsupported") + FAILURES


def is_check_result(doc):
    return isinstance(doc, dict) and doc.get("kind") == RESULT_KIND


def render_check(docs):
    lines = ["# Implementations checked (`padvec check`)", "",
             "*pass*: as documented; *deviation*: equals a deviation recorded for one of the "
             "system's runtimes; *unsupported*: the harness cannot express the case; every "
             "other column is a failure.", "",
             "| implementation | version | system | language | cases | " +
             " | ".join(COLUMNS) + " | time |",
             "|---|---|---|---|---|" + "---|" * len(COLUMNS) + "---|"]
    for doc in docs:
        info = doc["implementation"]
        c = doc["counts"]
        lines.append("| %s | %s | %s | %s | %d | %s | %.0fs |" % (
            info["name"], info.get("version", "?"), doc["system"], info.get("language", "?"),
            len(doc["results"]), " | ".join(str(c.get(k, 0)) for k in COLUMNS),
            doc.get("seconds", 0)))
    for doc in docs:
        deps = ", ".join("%s %s" % kv for kv in sorted(
            (doc["implementation"].get("dependencies") or {}).items()))
        lines += ["", "## %s on %s" % (doc["implementation"]["name"], doc["system"]), "",
                  "- command: `%s`" % doc["command"],
                  "- dependencies: %s" % (deps or "none stated"),
                  "- issues: %s" % doc["implementation"].get("issues", "?")]
        devs = {}
        for r in doc["results"]:
            if r["status"] == "deviation":
                devs.setdefault(r["detail"].split(" (")[0], []).append(r["slug"])
        for text, slugs in sorted(devs.items()):
            lines.append("- %s: %d case(s), e.g. `%s`" % (text, len(slugs), slugs[0]))
        fails = [r for r in doc["results"] if r["status"] in FAILURES]
        if fails:
            lines += ["", "Failures:", ""]
            for r in fails[:200]:
                lines.append("- %s `%s` (%s): %s — %s" % (r["op"], r["slug"], r["id"],
                                                         r["status"], r.get("detail", "")))
    return "\n".join(lines) + "\n"
