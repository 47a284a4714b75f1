package io.feedlake.layout;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.apache.hadoop.fs.Path;

/**
 * Names of partition and run directories under a table root: {@code date=YYYY-MM-DD/} (the Hive
 * partition directory) and, with {@code publish.mode = swap}, {@code date=YYYY-MM-DD/run=<run
 * id>/}. Run ids start with their UTC start time, {@code yyyyMMdd'T'HHmmss'Z'-<random>}, so that
 * they sort in start order.
 */
public final class LakePaths {
  /** Prefix of partition directories. */
  public static final String DATE_PREFIX = PartitionLayout.PARTITION_COLUMN + "=";
  /** Prefix of run directories. */
  public static final String RUN_PREFIX = "run=";
  /** Format of the start time at the head of a run id. */
  public static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private LakePaths() {}

  /** {@code <table root>/date=<date>}. */
  public static Path dateDir(String tableRoot, String date) {
    return new Path(tableRoot, DATE_PREFIX + date);
  }

  /** {@code <table root>/date=<date>/run=<run id>}. */
  public static Path runDir(String tableRoot, String date, String runId) {
    return new Path(dateDir(tableRoot, date), RUN_PREFIX + runId);
  }

  /** The date of a {@code date=YYYY-MM-DD} directory name, if it is one with a valid ISO date. */
  public static Optional<String> dateOf(String dirName) {
    if (!dirName.startsWith(DATE_PREFIX)) {
      return Optional.empty();
    }
    String value = dirName.substring(DATE_PREFIX.length());
    try {
      return LocalDate.parse(value).toString().equals(value) ? Optional.of(value) : Optional.empty();
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The run id of a {@code run=<id>} directory name. */
  public static Optional<String> runOf(String dirName) {
    return dirName.startsWith(RUN_PREFIX) && dirName.length() > RUN_PREFIX.length()
        ? Optional.of(dirName.substring(RUN_PREFIX.length())) : Optional.empty();
  }

  /** When a run started, from the head of its id; empty when the id has another form. */
  public static Optional<Instant> runStart(String runId) {
    if (runId.length() < 16) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.from(RUN_TIME.parse(runId.substring(0, 16))));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** A location without its trailing slash, for comparisons. */
  public static String normalize(String location) {
    return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
  }
}
