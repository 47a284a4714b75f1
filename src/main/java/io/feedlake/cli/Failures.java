package io.feedlake.cli;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import java.io.EOFException;
import java.io.IOException;
import java.util.zip.ZipException;
import org.apache.avro.InvalidAvroMagicException;

/** Maps any failure reaching the command line to a {@link FeedlakeException} and exit code. */
final class Failures {
  private Failures() {}

  /**
   * Walks the cause chain: a {@link FeedlakeException} keeps its code; a truncated or corrupt
   * compressed input, or a file that is not a valid Avro container (bad magic or sync marker), is
   * a data contract violation (3); an {@link OutOfMemoryError} is internal (1) with what to
   * change; a metastore held by another process ({@link #metastoreBusy}) and
   * another I/O error are transient (5); anything else is internal (1).
   */
  static FeedlakeException classify(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof FeedlakeException f) {
        return f;
      }
    }
    if (outOfMemory(t)) {
      return new FeedlakeException(ExitCode.INTERNAL, "Out of memory (" + root(t) + "); nothing was published for"
          + " the date that ran out. Give the driver or executors more memory (spark.driver.memory,"
          + " spark.executor.memory) or lower source.max-record-bytes; retrying as is will fail the same way", t);
    }
    FeedlakeException metastore = metastoreBusy(t);
    if (metastore != null) {
      return metastore;
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ZipException || c instanceof EOFException) {
        return new FeedlakeException(ExitCode.DATA_CONTRACT,
            "Corrupt or truncated compressed input: " + c.getMessage() + " (" + root(t) + ")", t);
      }
      // Avro's own corruption signals (DataFileStream): a retry cannot fix them.
      if (c instanceof InvalidAvroMagicException
          || (c instanceof IOException && "Invalid sync!".equals(c.getMessage()))) {
        return new FeedlakeException(ExitCode.DATA_CONTRACT,
            "Corrupt Avro input: " + c.getMessage() + " (" + t.getMessage() + ")", t);
      }
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof IOException) {
        return new FeedlakeException(ExitCode.TRANSIENT, "I/O failure: " + c.getMessage(), t);
      }
    }
    return new FeedlakeException(ExitCode.INTERNAL, String.valueOf(t), t);
  }

  /**
   * The embedded Derby metastore held by another process: Derby boots a database in one JVM at a
   * time (SQLState {@code XSDB6}, "Another instance of Derby may have already booted the
   * database", wrapped in {@code XJ040}); Hive reports it, after its connection retries, as
   * "Unable to instantiate ...SessionHiveMetaStoreClient". Both are retryable (exit 5) once the
   * other process ends. Matched by SQLState and message text, because the metastore classes live
   * in Spark's isolated Hive class loader.
   *
   * @return the one-line failure, or null when the chain is not about a busy metastore
   */
  static FeedlakeException metastoreBusy(Throwable t) {
    String database = null;
    boolean hiveClient = false;
    java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    java.util.Deque<Throwable> todo = new java.util.ArrayDeque<>(java.util.List.of(t));
    while (!todo.isEmpty()) {
      Throwable c = todo.pop();
      if (!seen.add(c)) {
        continue;
      }
      String m = String.valueOf(c.getMessage());
      if (c instanceof java.sql.SQLException q && ("XSDB6".equals(q.getSQLState()) || m.contains("XSDB6"))
          || m.contains("Another instance of Derby may have already booted the database")) {
        int at = m.indexOf("booted the database ");
        database = at < 0 ? "(unknown)" : m.substring(at + "booted the database ".length()).replaceAll("\\.\\s*$", "");
      }
      if (m.contains("Unable to instantiate") && m.contains("SessionHiveMetaStoreClient")) {
        hiveClient = true;
      }
      if (c.getCause() != null) {
        todo.push(c.getCause());
      }
      if (c instanceof java.sql.SQLException q && q.getNextException() != null) {
        todo.push(q.getNextException());
      }
    }
    if (database == null && !hiveClient) {
      return null;
    }
    return new FeedlakeException(ExitCode.TRANSIENT, "Cannot open the Hive metastore: "
        + (database != null ? "its embedded Derby database " + database + " is in use by another process (Derby"
            + " allows one at a time)" : "Hive could not create its metastore client (SessionHiveMetaStoreClient),"
            + " most often because the embedded Derby database is in use by another process")
        + "; retry when the other feedlake command has finished, or use a shared metastore (catalog.type = hive)", t);
  }

  /** Whether an {@link OutOfMemoryError} is in the cause chain. */
  static boolean outOfMemory(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof OutOfMemoryError) {
        return true;
      }
    }
    return false;
  }

  private static String root(Throwable t) {
    Throwable r = t;
    while (r.getCause() != null) {
      r = r.getCause();
    }
    return r.toString();
  }
}
