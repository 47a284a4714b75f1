package io.feedlake.conform;

import io.feedlake.config.JobSpec.ConformSpec;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Decides, for every unit a source read, where it goes: written to the date's partition, removed
 * as a duplicate, quarantined (reason, stage, message), filtered (tombstones) or skipped (lines
 * that are not records). The one place those rules live; every source's units go through it.
 * Pure: builds a lazy plan and does no I/O.
 *
 * <p>Output of {@link #classify}: {@link #outputColumns()}, {@code date STRING} (the unit's
 * partition date, {@code YYYY-MM-DD}) and the internal columns of {@link Classified}.
 */
public interface Classifier {
  /** Output columns in order, without {@code date}, as written to the beta table. */
  List<String> outputColumns();

  /**
   * Builds the classification plan for one date.
   *
   * @param units rows shaped as the classifier's {@link UnitShape} says
   * @param date the date being ingested; kept records of other event dates are quarantined
   */
  Dataset<Row> classify(Dataset<Row> units, LocalDate date);

  /**
   * The classifier for a shape.
   *
   * @param shape what the source's units hold
   * @param conform event time and dedupe settings of the job (used by payload shapes; typed
   *     columns carry their own dating, {@link UnitShape.EventDay})
   * @throws io.feedlake.config.ConfigException (exit 2) when the conform settings do not fit the
   *     declared schema (see {@link RecordClassifier})
   */
  static Classifier of(UnitShape shape, ConformSpec conform) {
    if (shape instanceof UnitShape.Payload p) {
      return new RecordClassifier(p, conform);
    }
    return new ColumnsClassifier((UnitShape.Columns) shape);
  }
}
