"""The load test's results as tables (written between the markers in docs/performance.md) and a chart (SVG).

python -m loadtest.report var/loadtest docs/performance.md docs/loadtest.svg
"""

import json
import statistics
import sys
from pathlib import Path

START, END = "<!-- loadtest:start -->", "<!-- loadtest:end -->"
RUNS = (1, 8)
P95_TARGET_MS = 500


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (as Locust reports them)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def is_page_view(request_type: str, name: str) -> bool:
    return request_type == "GET" and name != "login page"


def load(folder: Path) -> dict[int, list]:
    """Every response of a run (the one-user run comes in one file per role)."""
    return {users: [row for path in sorted(folder.glob(f"u{users}*-timings.json"))
                    for row in json.loads(path.read_text())] for users in RUNS}  # fmt: skip


def summary(timings: list) -> dict:
    pages = [time for kind, name, time, ok in timings if is_page_view(kind, name)]
    actions = [time for kind, name, time, ok in timings if not is_page_view(kind, name)]
    return {
        "requests": len(timings),
        "errors": sum(1 for *_rest, ok in timings if not ok),
        "page_p50": percentile(pages, 0.50) if pages else 0,
        "page_p95": percentile(pages, 0.95) if pages else 0,
        "action_p50": percentile(actions, 0.50) if actions else 0,
        "action_p95": percentile(actions, 0.95) if actions else 0,
    }


def per_name(timings: list) -> dict[str, dict]:
    names: dict[str, list] = {}
    for _kind, name, time, ok in timings:
        names.setdefault(name, []).append((time, ok))
    return {
        name: {"count": len(rows), "errors": sum(1 for _time, ok in rows if not ok),
               "p50": percentile([t for t, _ok in rows], 0.5), "p95": percentile([t for t, _ok in rows], 0.95),
               "mean": statistics.fmean(t for t, _ok in rows)}
        for name, rows in names.items()
    }  # fmt: skip


def markdown(results: dict[int, list], chart_name: str, folder_of_results: Path) -> str:
    totals = {users: summary(timings) for users, timings in results.items()}
    one, eight = totals[1], totals[8]
    ratio = eight["page_p50"] / one["page_p50"] if one["page_p50"] else 0
    lines = [
        "| users | requests | errors | page views p50 | page views p95 | actions (POST) p50 | actions p95 |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for users, row in totals.items():
        times = " | ".join(f"{row[key]:.0f} ms" for key in ("page_p50", "page_p95", "action_p50", "action_p95"))
        lines.append(f"| {users} | {row['requests']} | {row['errors']} | {times} |")
    verdict = [
        f"- errors: {one['errors'] + eight['errors']} (target 0)",
        f"- p95 of page views at 8 users: {eight['page_p95']:.0f} ms (target ≤ {P95_TARGET_MS} ms)",
        f"- p50 of page views at 8 users / at 1 user: {ratio:.2f}× (target ≤ 2×)",
    ]
    for users in RUNS:  # other work on the same cores shows in the response times
        load_file = folder_of_results / f"u{users}-load.txt"
        if load_file.exists():
            before, after = (line.split()[0] for line in load_file.read_text().splitlines()[:2])
            verdict.append(f"- load average of the machine at {users} user(s): {before} before, {after} after")
    names = {users: per_name(timings) for users, timings in results.items()}
    detail = [
        "| request | 1 user: n | p50 | p95 | 8 users: n | p50 | p95 | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in sorted(set(names[1]) | set(names[8])):
        a, b = names[1].get(name), names[8].get(name)
        cells = []
        for row in (a, b):
            cells += [str(row["count"]), f"{row['p50']:.0f}", f"{row['p95']:.0f}"] if row else ["0", "–", "–"]
        errors = (a["errors"] if a else 0) + (b["errors"] if b else 0)
        detail.append(f"| {name} | " + " | ".join(cells) + f" | {errors} |")
    return "\n".join([*lines, "", *verdict, "", f"![Response times at 1 and 8 users]({chart_name})", "",
                      "Per request (ms):", "", *detail])  # fmt: skip


def svg(results: dict[int, list]) -> str:
    """A bar chart drawn by hand (no plotting library here): p50 and p95 per page, at 1 and at 8 users."""
    names = {users: per_name([t for t in timings if is_page_view(t[0], t[1])]) for users, timings in results.items()}
    pages = sorted(set(names[1]) | set(names[8]))
    top = max([P95_TARGET_MS] + [row["p95"] for table in names.values() for row in table.values()]) * 1.1
    row_height, left, width = 34, 190, 520
    height = 60 + row_height * len(pages) + 40
    colours = {(1, "p50"): "#9ecae1", (1, "p95"): "#3182bd", (8, "p50"): "#fdae6b", (8, "p95"): "#e6550d"}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 80}" height="{height}" '
        'font-family="DejaVu Sans, sans-serif" font-size="11">',
        '<rect width="100%" height="100%" fill="white"/>',
        '<text x="10" y="20" font-size="13" font-weight="bold">Page views: p50 and p95 (ms), 1 user and 8 users</text>',
    ]
    legend_x = 10
    for (users, stat), colour in colours.items():
        parts.append(f'<rect x="{legend_x}" y="32" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{legend_x + 14}" y="41">{users} user{"s" if users > 1 else ""} {stat}</text>')
        legend_x += 110
    target_x = left + width * P95_TARGET_MS / top
    parts.append(f'<line x1="{target_x:.1f}" y1="50" x2="{target_x:.1f}" y2="{height - 30}" stroke="#c00" '
                 'stroke-dasharray="4 3"/>')  # fmt: skip
    parts.append(f'<text x="{target_x + 4:.1f}" y="{height - 18}" fill="#c00">{P95_TARGET_MS} ms target (p95)</text>')
    for index, page in enumerate(pages):
        y = 58 + index * row_height
        parts.append(f'<text x="{left - 6}" y="{y + 17}" text-anchor="end">{_escape(page)}</text>')
        for bar, ((users, stat), colour) in enumerate(colours.items()):
            row = names[users].get(page)
            value = row[stat] if row else 0
            parts.append(f'<rect x="{left}" y="{y + bar * 7}" width="{width * value / top:.1f}" height="6" '
                         f'fill="{colour}"><title>{users} user(s) {stat}: {value:.0f} ms</title></rect>')  # fmt: skip
    parts.append("</svg>")
    return "\n".join(parts)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def main(folder: Path, document: Path, chart: Path) -> None:
    results = load(folder)
    chart.write_text(svg(results))
    text = document.read_text() if document.exists() else f"# Performance\n\n{START}\n{END}\n"
    if START not in text:
        text += f"\n{START}\n{END}\n"
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    section = markdown(results, chart.name, folder)
    document.write_text(f"{before}{START}\n{section}\n{END}{after}")
    print(section)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
