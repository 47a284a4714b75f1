package io.feedlake.conform;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.util.AccumulatorV2;

/**
 * What {@link UnknownFieldScan} saw of each input file's JSON payloads, counted on the executors
 * in the ingest's own read (a Spark accumulator, no extra pass over the data): payloads scanned,
 * payloads with an undeclared field, occurrences per undeclared path (at most {@link
 * #MAX_PATHS_PER_FILE} distinct paths per file, the rest counted apart), the first undeclared
 * field by line, and per declared leaf path the payloads where it holds a non-null value.
 *
 * <p>Keyed by file and merged by keeping one value per file (the one with the most payloads), like
 * {@code ReadTally}: Spark applies a transformation's accumulator updates again when a task runs
 * again (a retry, a recomputed partition), so a plain sum could double count; the line readers put
 * every file in one partition, so every complete read of a file reports the same figures and
 * keeping one of them is idempotent. A task that fails adds nothing.
 */
public final class UndeclaredFieldTally
    extends AccumulatorV2<UndeclaredFieldTally.FileTally, Map<String, UndeclaredFieldTally.FileTally>> {
  /** Most distinct undeclared paths counted per file; further paths are counted as overflow. */
  public static final int MAX_PATHS_PER_FILE = 1000;

  private final Map<String, FileTally> files = new HashMap<>();
  private final int declaredLeaves;

  /** @param declaredLeaves the number of declared leaf paths (the size of each file's presence counts) */
  public UndeclaredFieldTally(int declaredLeaves) {
    this.declaredLeaves = declaredLeaves;
  }

  /**
   * The payloads of one file.
   *
   * <p>Mutable; one per file in each task's copy of the accumulator (executor side).
   */
  public static final class FileTally implements Serializable {
    private static final long serialVersionUID = 1L;

    long payloads;
    long withUnknown;
    final Map<String, Long> unknown = new LinkedHashMap<>();
    long overflow;
    final long[] present;
    long firstLine = -1;
    String firstPath;

    FileTally(int declaredLeaves) {
      this.present = new long[declaredLeaves];
    }

    FileTally copy() {
      FileTally t = new FileTally(present.length);
      t.payloads = payloads;
      t.withUnknown = withUnknown;
      t.unknown.putAll(unknown);
      t.overflow = overflow;
      System.arraycopy(present, 0, t.present, 0, present.length);
      t.firstLine = firstLine;
      t.firstPath = firstPath;
      return t;
    }

    /**
     * Adds one scanned payload.
     *
     * @param line the payload's line or record index in its file
     * @param unknownPaths undeclared paths found in it (may repeat)
     * @param presentLeaves indices of declared leaves holding a non-null value
     */
    void add(long line, List<String> unknownPaths, int[] presentLeaves, int presentCount) {
      payloads++;
      for (int i = 0; i < presentCount; i++) {
        present[presentLeaves[i]]++;
      }
      if (unknownPaths.isEmpty()) {
        return;
      }
      withUnknown++;
      if (firstLine < 0 || line < firstLine) {
        firstLine = line;
        firstPath = unknownPaths.get(0);
      }
      for (String p : unknownPaths) {
        Long n = unknown.get(p);
        if (n != null) {
          unknown.put(p, n + 1);
        } else if (unknown.size() < MAX_PATHS_PER_FILE) {
          unknown.put(p, 1L);
        } else {
          overflow++;
        }
      }
    }

    /** Payloads scanned (JSON objects; tombstones and unparseable payloads are not). */
    public long payloads() {
      return payloads;
    }

    /** Payloads with at least one undeclared field. */
    public long withUnknown() {
      return withUnknown;
    }

    /** Occurrences per undeclared path (at most {@link #MAX_PATHS_PER_FILE} paths). */
    public Map<String, Long> unknown() {
      return Collections.unmodifiableMap(unknown);
    }

    /** Occurrences of paths beyond {@link #MAX_PATHS_PER_FILE}, not itemised. */
    public long overflow() {
      return overflow;
    }

    /** Payloads holding a non-null value, per declared leaf index. */
    public long present(int leaf) {
      return present[leaf];
    }

    /** Line or record index of the first payload of the file with an undeclared field; -1 when none. */
    public long firstLine() {
      return firstLine;
    }

    /** The first undeclared path of that payload; null when none. */
    public String firstPath() {
      return firstPath;
    }
  }

  /** The tally of a file in this copy, created empty on first use (executor side). */
  FileTally file(String path) {
    return files.computeIfAbsent(path, p -> new FileTally(declaredLeaves));
  }

  @Override
  public boolean isZero() {
    return files.isEmpty();
  }

  @Override
  public AccumulatorV2<FileTally, Map<String, FileTally>> copy() {
    UndeclaredFieldTally t = new UndeclaredFieldTally(declaredLeaves);
    files.forEach((k, v) -> t.files.put(k, v.copy()));
    return t;
  }

  @Override
  public void reset() {
    files.clear();
  }

  /** Not used: the scan adds to {@link #file}'s tally directly. */
  @Override
  public void add(FileTally v) {
    throw new UnsupportedOperationException("UndeclaredFieldTally is added to per file");
  }

  @Override
  public void merge(AccumulatorV2<FileTally, Map<String, FileTally>> other) {
    for (Map.Entry<String, FileTally> e : other.value().entrySet()) {
      FileTally mine = files.get(e.getKey());
      if (mine == null || e.getValue().payloads > mine.payloads) {
        files.put(e.getKey(), e.getValue().copy());
      }
    }
  }

  /** Per file path, what was scanned (driver side, after the read ran). */
  @Override
  public Map<String, FileTally> value() {
    return Collections.unmodifiableMap(files);
  }

  /** The files in path order, for deterministic reports. */
  List<String> paths() {
    List<String> out = new ArrayList<>(files.keySet());
    Collections.sort(out);
    return out;
  }
}
