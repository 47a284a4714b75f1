package io.feedlake.cli;

import io.feedlake.ledger.DateResult;
import io.feedlake.ledger.RunCounts;
import java.util.Map;
import java.util.TreeMap;

/** Fixed-width text lines for per-date results, as commands print them for people. */
final class Tables {
  private Tables() {}

  static String dateHeader() {
    return String.format("%-28s %-10s %8s %8s %6s %6s %6s %6s %5s %10s %7s",
        "table", "date", "lines", "written", "dups", "quar", "filt", "skip", "files", "bytes", "sec");
  }

  static String dateLine(String table, DateResult r) {
    RunCounts c = r.counts();
    if (c == null) {
      return String.format("%-28s %-10s FAILED (exit %d): %s", table, r.date(), r.exitCode(), r.message());
    }
    return String.format("%-28s %-10s %8d %8d %6d %6d %6d %6d %5d %10d %7.1f",
        table, r.date(), c.linesRead(), c.written(), c.duplicates(), c.quarantined(), c.filtered(),
        c.skipped(), r.filesWritten(), r.bytesWritten(), r.seconds());
  }

  static String reasons(DateResult r) {
    RunCounts c = r.counts();
    if (c == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    append(sb, "quarantined", c.quarantinedByReason());
    append(sb, "filtered", c.filteredByReason());
    append(sb, "skipped", c.skippedByReason());
    if (!r.metrics().isEmpty()) {
      sb.append(sb.length() == 0 ? "" : "; ").append("conform ").append(r.metrics());
    }
    for (String n : r.notes()) {
      sb.append(sb.length() == 0 ? "" : "; ").append(n);
    }
    return sb.toString();
  }

  private static void append(StringBuilder sb, String what, Map<String, Long> m) {
    if (!m.isEmpty()) {
      sb.append(sb.length() == 0 ? "" : "; ").append(what).append(' ').append(new TreeMap<>(m));
    }
  }
}
