"""工作情况报告: a report upward as a PDF (WeasyPrint, ``printing.render_pdf``) with the 12-month rate chart."""

from printing.rendering import render_pdf
from workflows.visit_rate import RateLine

from .casework import FIGURE_NOTES
from .charts import rate_chart


def report_title(report):
    return f"{report.region.name}{report.period.label}特殊困难老年人探访关爱工作情况报告"


def report_pdf(report):
    """The PDF bytes of ``report``; ``printing.rendering.RenderTimeout`` past the render time limit."""
    trend_lines = [RateLine(f"{month:%Y-%m}", due=line.due, visited=line.visited, unassigned=line.unassigned,
                            declined=line.declined) for month, line in report.trend]
    return render_pdf("supervision/report_pdf.html", {
        "report": report, "chart": rate_chart(report.trend), "trend_lines": trend_lines, "notes": FIGURE_NOTES,
    }, title=report_title(report))
