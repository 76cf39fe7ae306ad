"""工作情况报告: a report upward as a PDF (WeasyPrint, ``printing.render_pdf``) with the 12-month rate chart."""

from printing.rendering import render_pdf

from .casework import FIGURE_NOTES
from .charts import line_chart
from .figures import TARGET, MonthLine


def report_title(report):
    return f"{report.region.name}{report.period.label}特殊困难老年人探访关爱工作情况报告"


def report_pdf(report):
    """The PDF bytes of ``report``; ``printing.rendering.RenderTimeout`` past the render time limit."""
    trend_lines = [MonthLine(f"{month:%Y-%m}", obj=month, due=line.due, visited=line.visited,
                             unassigned=line.unassigned, declined=line.declined) for month, line in report.trend]
    return render_pdf("supervision/report_pdf.html", {
        "report": report, "chart": line_chart(trend_lines, TARGET), "trend_lines": trend_lines, "target": TARGET,
        "notes": FIGURE_NOTES,
    }, title=report_title(report))
