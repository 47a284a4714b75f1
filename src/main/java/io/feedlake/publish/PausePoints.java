package io.feedlake.publish;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * Test-only pause points of the publish path, so that the fault suite can kill a feedlake process
 * at a known stage (or hold it there while a second process runs) without sleeping. Inert unless
 * the JVM is started with {@code -Dfeedlake.test.pause-at=<stage>} and {@code
 * -Dfeedlake.test.pause-dir=<dir>}: on reaching that stage the process writes {@code
 * <dir>/<stage>.reached} (its content: the process id) and blocks until {@code <dir>/<stage>.go}
 * exists. Only this class reads those properties. Stages, in publish order: {@link #STAGES}.
 */
public final class PausePoints {
  /** After the lock is taken and the input classified and counted, before any write. */
  public static final String CLASSIFIED = "classified";
  /** Inside the Spark task writing the beta run, after it has taken every row. */
  public static final String BETA_WRITE = "beta-write";
  /** After the beta run is written and its footers verified. */
  public static final String BETA_WRITTEN = "beta-written";
  /** Inside the Spark task writing the quarantine run, after it has taken every row. */
  public static final String QUARANTINE_WRITE = "quarantine-write";
  /** After the intent records and the fencing check, before the catalog call. */
  public static final String RECORDED = "recorded";
  /** After the catalog call, before the record is marked published and old runs are parked. */
  public static final String SWAPPED = "swapped";
  /** Every stage, in publish order. */
  public static final java.util.List<String> STAGES =
      java.util.List.of(CLASSIFIED, BETA_WRITE, BETA_WRITTEN, QUARANTINE_WRITE, RECORDED, SWAPPED);

  private static final String AT = "feedlake.test.pause-at";
  private static final String DIR = "feedlake.test.pause-dir";

  private PausePoints() {}

  /** Pauses here if the JVM was told to pause at {@code stage} (driver or executor thread). */
  public static void reached(String stage) {
    if (!stage.equals(System.getProperty(AT))) {
      return;
    }
    Path dir = Paths.get(System.getProperty(DIR, "."));
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "." + stage, ".tmp");
      Files.writeString(tmp, String.valueOf(ProcessHandle.current().pid()), StandardCharsets.UTF_8);
      Files.move(tmp, dir.resolve(stage + ".reached"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      Path go = dir.resolve(stage + ".go");
      while (!Files.exists(go)) {
        Thread.sleep(20);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the pause marker of stage " + stage + " in " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The rows unchanged; when the JVM pauses at {@code stage}, each writing task pauses once it has
   * handed its last row to the writer (its files are open in the job's {@code _temporary}
   * directory, not committed). Without the property the same Dataset is returned.
   */
  public static Dataset<Row> whileWriting(String stage, Dataset<Row> rows) {
    if (!stage.equals(System.getProperty(AT))) {
      return rows;
    }
    return rows.mapPartitions(new PauseAtEnd(stage), Encoders.row(rows.schema()));
  }

  private static final class PauseAtEnd implements MapPartitionsFunction<Row, Row>, Serializable {
    private static final long serialVersionUID = 1L;
    private final String stage;

    PauseAtEnd(String stage) {
      this.stage = stage;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> in) {
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          boolean more = in.hasNext();
          if (!more) {
            reached(stage);
          }
          return more;
        }

        @Override
        public Row next() {
          return in.next();
        }
      };
    }
  }
}
