package io.feedlake.cli;

import io.feedlake.FeedlakeException;
import io.feedlake.report.Guardrails;
import io.feedlake.report.ReportOutput;
import io.feedlake.report.ReportResult;
import io.feedlake.report.ReportRunner;
import io.feedlake.report.ScanEstimate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Option;

/** Output and guardrail options shared by {@code report} and {@code sql}. */
final class QueryOptions {
  @Option(names = "--out", paramLabel = "FILE", description = "Write the rows to FILE (a directory for parquet) instead of stdout.")
  Path out;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "table, csv, json (JSON lines) or parquet. Default: the report's format; else table on a terminal and csv"
          + " otherwise; with --out, from the file extension.")
  ReportOutput.Format format;

  @Option(names = "--allow-full-scan", description = "Run even when a partitioned table is read without a `date` predicate.")
  boolean allowFullScan;

  @Option(names = "--allow-large-scan", description = "Run even when the estimated scan is above the scan limit.")
  boolean allowLargeScan;

  Set<Guardrails.Override> overrides() {
    Set<Guardrails.Override> o = EnumSet.noneOf(Guardrails.Override.class);
    if (allowFullScan) {
      o.add(Guardrails.Override.ALLOW_FULL_SCAN);
    }
    if (allowLargeScan) {
      o.add(Guardrails.Override.ALLOW_LARGE_SCAN);
    }
    return o;
  }

  ReportOutput.Format effectiveFormat(String reportDefault) {
    if (format != null) {
      return format;
    }
    if (out != null) {
      String n = out.getFileName().toString().toLowerCase(Locale.ROOT);
      if (n.endsWith(".json") || n.endsWith(".jsonl")) {
        return ReportOutput.Format.JSON;
      }
      if (n.endsWith(".parquet")) {
        return ReportOutput.Format.PARQUET;
      }
      return n.endsWith(".txt") ? ReportOutput.Format.TABLE : ReportOutput.Format.CSV;
    }
    if (reportDefault != null) {
      return ReportOutput.Format.valueOf(reportDefault.toUpperCase(Locale.ROOT));
    }
    return System.console() != null ? ReportOutput.Format.TABLE : ReportOutput.Format.CSV;
  }

  /** Prints an estimate, as {@code report explain} and every run show it. */
  static String explain(ScanEstimate e, long limit, String limitSource) {
    StringBuilder sb = new StringBuilder();
    for (ScanEstimate.TableScan s : e.scans()) {
      sb.append(String.format("scan %s: %s, %d file(s), %,d bytes; columns %s%n", s.table(),
          s.partitioned() ? s.partitions() + " partition(s) where " + (s.partitionFilters().isEmpty()
              ? "(no partition predicate)" : String.join(" AND ", s.partitionFilters())) : "unpartitioned",
          s.files(), s.bytes(), s.columns()));
    }
    sb.append(String.format("estimate: %d partition(s), %d file(s), %,d bytes on storage; $%.6f at $5/TB (10 MB minimum);"
        + " limit %,d bytes (%s)", e.partitions(), e.files(), e.bytes(), ScanEstimate.costUsd(e.bytes()), limit, limitSource));
    return sb.toString();
  }

  /** Writes or prints the result and records the figures in the summary. */
  void emit(FeedlakeCommand cmd, ReportRunner runner, ReportResult r, String reportDefault, RunSummary summary) {
    summary.put("parameters", r.parameters());
    summary.put("rows", r.rows().size());
    summary.put("estimated_partitions", r.estimate().partitions());
    summary.put("estimated_bytes", r.estimate().bytes());
    summary.put("estimated_cost_usd", ScanEstimate.costUsd(r.estimate().bytes()));
    summary.put("partitions_read", r.scan().partitions());
    summary.put("files_read", r.scan().files());
    summary.put("bytes_read", r.scan().bytes());
    summary.put("bytes_read_from_storage", r.bytesReadFromStorage());
    summary.put("query_seconds", Math.round(r.seconds() * 100) / 100.0);
    ReportOutput.Format f = effectiveFormat(reportDefault);
    if (f == ReportOutput.Format.PARQUET) {
      if (out == null) {
        throw FeedlakeException.usage("--format parquet needs --out DIR");
      }
      runner.writeParquet(r, out.toAbsolutePath().toString());
    } else if (out != null) {
      try {
        Files.writeString(out, ReportOutput.render(r, f), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw FeedlakeException.usage("Cannot write " + out + ": " + e.getMessage());
      }
    } else {
      cmd.say(ReportOutput.render(r, f).stripTrailing());
    }
    if (out != null) {
      summary.put("out", out.toAbsolutePath().toString());
      cmd.say("wrote " + r.rows().size() + " row(s) as " + f.name().toLowerCase(Locale.ROOT) + " to " + out);
    }
    cmd.note(String.format("%s %s: %d row(s) in %.2f s; read %d partition(s), %d file(s), %,d bytes of files, %,d bytes from storage",
        r.name(), r.parameters(), r.rows().size(), r.seconds(), r.scan().partitions(), r.scan().files(), r.scan().bytes(),
        r.bytesReadFromStorage()));
  }
}
