package io.feedlake.source;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.util.AccumulatorV2;

/**
 * What the line readers saw of each file, counted by the reader itself as it reads ({@link
 * LineFiles}), independently of how the lines were classified afterwards: the driver compares it
 * with the sum of the outcomes, so a row lost or doubled between reading and counting fails the
 * run instead of passing unnoticed.
 *
 * <p>Why an accumulator keyed by file and merged by keeping one value per file, not a {@code
 * LongAccumulator}: Spark applies the accumulator updates of a transformation again whenever the
 * task runs again (a retried task, a cached partition evicted and recomputed, a speculative copy),
 * so a plain sum can double count. Every file is read whole by one task ({@link LineFiles} makes one
 * partition per file) and its figures are added only when the reader reaches its end, so every
 * complete read of a file reports the same figures: merging keeps one of them (the largest line
 * count), which is idempotent. A read that failed or stopped early adds nothing. Counting on the
 * driver from a second aggregation over the raw lines would read the input twice.
 *
 * <p>One tally per ingest of a date: the ingest starts it with {@link #begin} on its own driver
 * thread before it plans the read, and the readers planned on that thread ({@link #of}) count into
 * it. Dates ingested at the same time in one Spark application ({@code backfill --parallelism N})
 * therefore never see or reset each other's counts.
 */
public final class ReadTally extends AccumulatorV2<ReadTally.FileRead, Map<String, ReadTally.FileRead>> {
  private static final Map<SparkContext, ReadTally> BY_CONTEXT = new WeakHashMap<>();

  /**
   * What a reader saw of one file.
   *
   * @param path the file, as listed
   * @param lines physical lines (records for Adobe) read to the end of the file
   * @param byteOrderMark whether the file started with a UTF-8 byte order mark, which was removed
   */
  public record FileRead(String path, long lines, boolean byteOrderMark) implements Serializable {}

  private final Map<String, FileRead> files = new HashMap<>();

  private static final ThreadLocal<ReadTally> CURRENT = new ThreadLocal<>();
  private transient SparkContext context;

  /**
   * Starts a new, empty tally for the date this driver thread is about to ingest, registered with
   * the context; readers planned on this thread afterwards count into it. Runs on the driver.
   */
  public static ReadTally begin(SparkContext sc) {
    ReadTally t = new ReadTally();
    t.context = sc;
    sc.register(t, "feedlake lines read per file");
    CURRENT.set(t);
    return t;
  }

  /**
   * The tally readers planned on this driver thread count into: the one {@link #begin} started on
   * this thread for this context, else one shared tally of the context (registered on first use).
   */
  public static synchronized ReadTally of(SparkContext sc) {
    ReadTally current = CURRENT.get();
    if (current != null && current.context == sc) {
      return current;
    }
    return BY_CONTEXT.computeIfAbsent(sc, c -> {
      ReadTally t = new ReadTally();
      c.register(t, "feedlake lines read per file");
      return t;
    });
  }

  @Override
  public synchronized boolean isZero() {
    return files.isEmpty();
  }

  @Override
  public synchronized ReadTally copy() {
    ReadTally t = new ReadTally();
    t.files.putAll(files);
    return t;
  }

  @Override
  public synchronized void reset() {
    files.clear();
  }

  @Override
  public synchronized void add(FileRead v) {
    files.merge(v.path(), v, (a, b) -> a.lines() >= b.lines() ? a : b);
  }

  @Override
  public void merge(AccumulatorV2<FileRead, Map<String, FileRead>> other) {
    for (FileRead f : other.value().values()) {
      add(f);
    }
  }

  @Override
  public synchronized Map<String, FileRead> value() {
    return Map.copyOf(files);
  }
}
