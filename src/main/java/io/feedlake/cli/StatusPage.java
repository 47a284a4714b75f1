package io.feedlake.cli;

import io.feedlake.ledger.DateStates;
import io.feedlake.ledger.DateStates.DateState;
import io.feedlake.ledger.DateStates.State;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.text.StringEscapeUtils;

/**
 * The page {@code feedlake status --html FILE} writes: one self-contained HTML document (inline
 * CSS and SVG, no script, no font, no network reference) with a calendar of the dates coloured by
 * state, one cell per date ({@code <td class="day s-<state>" data-date="yyyy-MM-dd">}), months as
 * blocks of Monday-first weeks, and a bar chart with, per date, the rows written and the records
 * quarantined on one linear scale (the largest value of the range is the full height), so a gap
 * or a drop in volume shows at a glance. Hovering a cell or bar shows its line of {@code status}.
 */
final class StatusPage {
  private static final Map<State, String> COLOURS = new LinkedHashMap<>();

  static {
    COLOURS.put(State.PUBLISHED, "#2e7d32");
    COLOURS.put(State.CHANGED, "#f9a825");
    COLOURS.put(State.FAILED, "#c62828");
    COLOURS.put(State.NOT_READY, "#90a4ae");
    COLOURS.put(State.MISSING, "#ffffff");
    COLOURS.put(State.HIDDEN, "#6d4c41");
  }

  private static final int BAR_HEIGHT = 160;

  private StatusPage() {}

  /**
   * Renders the page.
   *
   * @param title e.g. {@code vsco_events (beta.vsco_events)}
   * @param states the dates in order, one per date
   * @param generatedAt when the page was made (ISO instant), shown in the header
   */
  static String render(String title, List<DateState> states, String generatedAt) {
    StringBuilder h = new StringBuilder(8192 + states.size() * 400);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>feedlake status: ")
        .append(esc(title)).append("</title>\n<style>\n")
        .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#212121;background:#fafafa}\n")
        .append("h1{font-size:20px;margin:0 0 4px}.sub{color:#616161;margin:0 0 16px}\n")
        .append(".months{display:flex;flex-wrap:wrap;gap:16px}.month{background:#fff;border:1px solid #ddd;")
        .append("padding:8px}.month caption{font-weight:600;text-align:left;padding-bottom:4px}\n")
        .append("table.cal{border-collapse:separate;border-spacing:3px}table.cal th{font-size:11px;color:#757575;")
        .append("font-weight:400}\ntd{width:26px;height:26px;text-align:center;font-size:11px;padding:0}")
        .append("td.day{border:1px solid #bdbdbd;color:#fff}\n");
    COLOURS.forEach((s, c) -> h.append(".s-").append(s.label()).append("{background:").append(c).append("}\n"));
    h.append("td.s-missing{color:#c62828;border:2px dashed #c62828}td.s-changed{color:#212121}\n")
        .append(".legend span{display:inline-block;margin-right:12px}.legend i{display:inline-block;width:12px;")
        .append("height:12px;margin-right:4px;border:1px solid #999;vertical-align:-1px}\n")
        .append(".chart{background:#fff;border:1px solid #ddd;padding:8px;margin-top:16px;overflow-x:auto}\n")
        .append("</style></head><body>\n");
    h.append("<h1>feedlake status: ").append(esc(title)).append("</h1>\n<p class=\"sub\">");
    if (!states.isEmpty()) {
      h.append(esc(states.get(0).date())).append(" to ").append(esc(states.get(states.size() - 1).date()))
          .append(", ").append(states.size()).append(" date(s); ");
    }
    h.append("generated ").append(esc(generatedAt)).append("</p>\n<p class=\"legend\">");
    Map<State, Integer> totals = DateStates.totals(states);
    COLOURS.forEach((s, c) -> h.append("<span><i class=\"s-").append(s.label()).append("\"></i>")
        .append(s.label()).append(" ").append(totals.get(s)).append("</span>"));
    h.append("</p>\n<div class=\"months\">\n");
    calendar(h, states);
    h.append("</div>\n");
    bars(h, states);
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void calendar(StringBuilder h, List<DateState> states) {
    Map<YearMonth, List<DateState>> byMonth = new LinkedHashMap<>();
    states.forEach(s -> byMonth.computeIfAbsent(YearMonth.from(LocalDate.parse(s.date())), m -> new ArrayList<>()).add(s));
    byMonth.forEach((month, days) -> {
      h.append("<table class=\"cal month\"><caption>")
          .append(month.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH)).append(' ').append(month.getYear())
          .append("</caption><tr>");
      for (DayOfWeek d : DayOfWeek.values()) {
        h.append("<th>").append(d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH), 0, 2).append("</th>");
      }
      h.append("</tr><tr>");
      int column = LocalDate.parse(days.get(0).date()).getDayOfWeek().getValue() - 1;
      h.append("<td></td>".repeat(column));
      for (DateState s : days) {
        if (column == 7) {
          h.append("</tr><tr>");
          column = 0;
        }
        h.append("<td class=\"day s-").append(s.state().label()).append("\" data-date=\"").append(s.date())
            .append("\" title=\"").append(esc(tooltip(s))).append("\">")
            .append(LocalDate.parse(s.date()).getDayOfMonth()).append("</td>");
        column++;
      }
      h.append("<td></td>".repeat(7 - column)).append("</tr></table>\n");
    });
  }

  private static void bars(StringBuilder h, List<DateState> states) {
    long max = 1;
    for (DateState s : states) {
      max = Math.max(max, Math.max(value(s.rows()), value(s.quarantined())));
    }
    int step = 12;
    int width = Math.max(200, states.size() * step + 60);
    int top = 20;
    h.append("<div class=\"chart\"><div>Rows written (green) and records quarantined (red) per date; full height = ")
        .append(max).append("</div>\n<svg width=\"").append(width)
        .append("\" height=\"").append(BAR_HEIGHT + top + 30).append("\" role=\"img\">\n")
        .append("<line x1=\"40\" y1=\"").append(top + BAR_HEIGHT).append("\" x2=\"").append(width)
        .append("\" y2=\"").append(top + BAR_HEIGHT).append("\" stroke=\"#9e9e9e\"/>\n")
        .append("<text x=\"0\" y=\"").append(top + 4).append("\" font-size=\"10\">").append(max).append("</text>\n")
        .append("<text x=\"0\" y=\"").append(top + BAR_HEIGHT).append("\" font-size=\"10\">0</text>\n");
    for (int i = 0; i < states.size(); i++) {
      DateState s = states.get(i);
      int x = 40 + i * step;
      int rows = (int) Math.round((double) value(s.rows()) * BAR_HEIGHT / max);
      int quar = (int) Math.round((double) value(s.quarantined()) * BAR_HEIGHT / max);
      h.append("<g data-date=\"").append(s.date()).append("\"><title>").append(esc(tooltip(s))).append("</title>")
          .append("<rect x=\"").append(x).append("\" y=\"").append(top + BAR_HEIGHT - rows)
          .append("\" width=\"6\" height=\"").append(rows).append("\" fill=\"#2e7d32\"/>")
          .append("<rect x=\"").append(x + 6).append("\" y=\"").append(top + BAR_HEIGHT - quar)
          .append("\" width=\"4\" height=\"").append(quar).append("\" fill=\"#c62828\"/>");
      if (s.rows() == null) {
        // No published or failed run: a mark on the axis, coloured by state, so a gap is visible.
        h.append("<rect x=\"").append(x).append("\" y=\"").append(top + BAR_HEIGHT + 2)
            .append("\" width=\"10\" height=\"4\" fill=\"").append(COLOURS.get(s.state()).equals("#ffffff")
                ? "#c62828" : COLOURS.get(s.state())).append("\"/>");
      }
      h.append("</g>\n");
      if (i % 7 == 0) {
        h.append("<text x=\"").append(x).append("\" y=\"").append(top + BAR_HEIGHT + 20)
            .append("\" font-size=\"9\">").append(s.date().substring(5)).append("</text>\n");
      }
    }
    h.append("</svg></div>\n");
  }

  private static long value(Long v) {
    return v == null ? 0 : v;
  }

  /** The date's status line, for hover text. */
  static String tooltip(DateState s) {
    return StatusCommand.line(s);
  }

  private static String esc(String s) {
    return s == null ? "" : StringEscapeUtils.escapeHtml4(s);
  }
}
