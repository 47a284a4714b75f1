package io.feedlake.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's conformance rules applied after its source has classified the input: the ordered conform
 * steps, the quarantine threshold and the schema-evolution policy.
 *
 * @param steps conform steps in the order they run
 * @param quarantineMaxRatio highest share of records (0..1) that may be quarantined; above it the
 *     quarantine is written, nothing is published and the run exits 3
 * @param evolution what may change between the conformed schema and the catalog table
 * @param input how far the input is trusted (record size, expansion, kcat errors); {@link
 *     InputSpec#DEFAULTS} unless the job says otherwise
 * @param onUnknown what ingest does with JSON payload fields the declared schema does not name
 *     ({@code schema.on-unknown}); {@link OnUnknown#WARN} unless the job says otherwise
 */
public record Rules(
    List<Step> steps, double quarantineMaxRatio, SchemaEvolution evolution, InputSpec input, OnUnknown onUnknown) {
  public Rules {
    steps = List.copyOf(steps);
  }

  /** Rules that warn about undeclared payload fields (the default {@code schema.on-unknown}). */
  public Rules(List<Step> steps, double quarantineMaxRatio, SchemaEvolution evolution, InputSpec input) {
    this(steps, quarantineMaxRatio, evolution, input, OnUnknown.WARN);
  }

  /** Rules with the default {@link InputSpec}. */
  public Rules(List<Step> steps, double quarantineMaxRatio, SchemaEvolution evolution) {
    this(steps, quarantineMaxRatio, evolution, InputSpec.DEFAULTS);
  }

  /**
   * What ingest does with the fields of a JSON payload that the declared schema does not name
   * ({@code schema.on-unknown}); Spark's {@code from_json} would drop them without a word.
   */
  public enum OnUnknown {
    /** Not looked for (no cost). */
    IGNORE,
    /** Counted per path and named in the run summary; the date is published. */
    WARN,
    /** Counted, and the date fails (exit 3) naming a file, record and field; nothing is published. */
    FAIL,
    /** Counted, and kept as one JSON text column {@code _extra} of the table. */
    CAPTURE
  }

  /** Schema-evolution policies. */
  public enum SchemaEvolution {
    /** No change at all: a new, removed or retyped column fails the run. */
    NONE,
    /** New columns are added to the table (old partitions read them as null); others fail. */
    ADDITIVE,
    /** Any change is applied to the table definition, including type changes and removals. */
    PERMISSIVE
  }

  /** One conform step; each is a pure {@code Dataset<Row> -> Dataset<Row>} transformation. */
  public sealed interface Step permits Sanitize, Cast, Rename, Derive, Filter, Arrays {}

  /**
   * Makes string columns loadable by Redshift Spectrum (FEEDS.md section 3).
   *
   * @param replacement replacement for each offending character (Redshift ACCEPTINVCHARS uses ?)
   * @param maxBytes per-column maximum length in UTF-8 bytes; longer values are truncated on a
   *     character boundary
   * @param controlCharacters whether control characters (valid UTF-8, which Spectrum reads) are
   *     kept, the default, or replaced too ({@code conform.sanitize.control-characters})
   */
  public record Sanitize(String replacement, Map<String, Integer> maxBytes, ControlCharacters controlCharacters)
      implements Step {
    public Sanitize {
      maxBytes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(maxBytes));
    }

    /** Sanitize that keeps control characters (the default). */
    public Sanitize(String replacement, Map<String, Integer> maxBytes) {
      this(replacement, maxBytes, ControlCharacters.KEEP);
    }
  }

  /** What sanitize does with control characters (C0 other than TAB and LF, DEL, C1). */
  public enum ControlCharacters {
    /** Kept: they are valid UTF-8 and Redshift Spectrum reads them from Parquet. */
    KEEP,
    /** Replaced like the characters Spectrum rejects (what sanitize did by default before). */
    REPLACE
  }

  /** How a column's text or number is read when casting to a timestamp. */
  public enum TimestampSource {
    ISO8601,
    EPOCH_SECONDS,
    EPOCH_MILLIS,
    EPOCH_MICROS,
    PATTERN
  }

  /** What happens to a row when a value does not cast. */
  public enum OnCastError {
    /** The value becomes null and is counted per column. */
    NULL,
    /** The row is quarantined with reason {@code cast_error}. */
    QUARANTINE
  }

  /**
   * One column's declared type.
   *
   * @param type Spark SQL type, e.g. {@code decimal(12,2)}, {@code timestamp}, {@code boolean},
   *     {@code int}, {@code bigint}, {@code double}, {@code date}
   * @param from for timestamps: how the source value is encoded
   * @param pattern for {@code from = pattern}: a Spark datetime pattern
   * @param onError policy for values that do not cast
   */
  public record ColumnCast(String type, TimestampSource from, String pattern, OnCastError onError) {}

  /** @param columns column name to declared type, applied in order */
  public record Cast(Map<String, ColumnCast> columns) implements Step {
    public Cast {
      columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }
  }

  /** @param columns old name to friendly new name */
  public record Rename(Map<String, String> columns) implements Step {
    public Rename {
      columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }
  }

  /** @param columns new column name to a Spark SQL expression over the output columns */
  public record Derive(Map<String, String> columns) implements Step {
    public Derive {
      columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }
  }

  /**
   * @param keep filter name to a Spark SQL predicate; rows for which any predicate is not true are
   *     removed, counted as {@code filtered} with reason {@code filter:<name>}
   */
  public record Filter(Map<String, String> keep) implements Step {
    public Filter {
      keep = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keep));
    }
  }

  /** How array columns are written. */
  public enum ArrayMode {
    /** Kept as Parquet lists. */
    KEEP,
    /** Serialized to a JSON string (for engines or tables that cannot read nested types). */
    JSON
  }

  /** @param mode how array columns are written */
  public record Arrays(ArrayMode mode) implements Step {}
}
