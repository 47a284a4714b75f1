package io.feedlake.conform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.feedlake.layout.PartitionLayout;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Classifies units that the reader has already split into typed columns ({@link
 * UnitShape.Columns}, Adobe hits): the same rules as {@link RecordClassifier} after its payload
 * parse. Pure: a lazy plan, no I/O; shuffles once when the shape has a dedupe key.
 *
 * <p>Rules, in order: a unit the reader set aside keeps its reason ({@code blank} is skipped, any
 * other is quarantined at stage read or parse); a unit whose deciding time column is null is
 * {@code missing_event_time}; among the others, the first of a dedupe key by file and record
 * index is kept and the rest are duplicates; a kept unit dated on another day than the ingested
 * date is a {@code late_event} or {@code early_event} ({@link Outcomes}). {@code _raw_line} is kept
 * only for units that may be set aside (a reason, or another day), so that written units do not
 * carry their text through the dedupe shuffle.
 *
 * <p>Output: the shape's columns, {@code date STRING} and the internal columns of {@link
 * Classified} ({@code _source_file, _line_number, _raw_line, _invalid_utf8, _latin1_fields,
 * _reason, _disposition, _stage, _message}). The projections over the (often ~300) columns are
 * built once per plan, not one {@code withColumn} per step: each Dataset call analyses the whole
 * plan again (docs/performance.md, "Stage profile").
 */
public final class ColumnsClassifier implements Classifier {
  private final UnitShape.Columns shape;

  /** @param shape the output columns, dating and dedupe key of the units */
  public ColumnsClassifier(UnitShape.Columns shape) {
    this.shape = shape;
  }

  @Override
  public List<String> outputColumns() {
    return shape.columns();
  }

  @Override
  public Dataset<Row> classify(Dataset<Row> units, LocalDate date) {
    UnitShape.EventDay day = shape.day();
    Column read = col(RecordClassifier.READ_REASON);
    Column time = day.column() == null ? null : col(Flatten.quote(day.column()));
    Column partition = time == null ? lit(date.toString()) : EventTime.localDate(time, day.zone());
    Column missing = time == null ? lit(false) : time.isNull();
    Column preReason = when(read.isNotNull(), read).when(missing, lit("missing_event_time"));
    Column preMessage = when(read.isNotNull(), col(RecordClassifier.READ_MESSAGE))
        .when(missing, concat(lit("record "), col(Classified.LINE_NUMBER).cast("string"),
            lit(" has no " + day.named() + " to decide its day")));

    List<Column> dated = new ArrayList<>();
    for (String c : units.columns()) {
      if (c.equals(Classified.RAW)) {
        dated.add(when(read.isNotNull().or(missing).or(partition.notEqual(lit(date.toString()))),
            col(Classified.RAW)).alias(Classified.RAW));
      } else if (!c.equals(RecordClassifier.READ_REASON) && !c.equals(RecordClassifier.READ_MESSAGE)) {
        dated.add(col(Flatten.quote(c)));
      }
    }
    dated.add(when(read.isNull().and(functions.not(missing)), partition).alias(PartitionLayout.PARTITION_COLUMN));
    dated.add(preReason.alias(Outcomes.PRE_REASON));
    dated.add(preMessage.alias(Outcomes.PRE_MESSAGE));
    Dataset<Row> ranked = Outcomes.rankByFileOrder(units.select(dated.toArray(Column[]::new)), shape.dedupeKey());

    List<Column> out = new ArrayList<>();
    for (String c : ranked.columns()) {
      if (!c.equals(Outcomes.PRE_REASON) && !c.equals(Outcomes.PRE_MESSAGE) && !c.equals(Outcomes.DUP_RANK)) {
        out.add(col(Flatten.quote(c)));
      }
    }
    for (Map.Entry<String, Column> c : Outcomes.columns(date, day.wording()).entrySet()) {
      out.add(c.getValue().alias(c.getKey()));
    }
    return ranked.select(out.toArray(Column[]::new));
  }
}
