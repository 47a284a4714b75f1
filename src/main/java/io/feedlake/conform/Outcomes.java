package io.feedlake.conform;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.feedlake.layout.PartitionLayout;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What happens to each input unit once it has been read and dated, the same for every source:
 * the dedupe rank, late and early events, and the {@link Classified} reason, disposition, stage
 * and message. Pure: column expressions over a lazy plan, no I/O.
 *
 * <p>Input columns: {@link #PRE_REASON} (null for a unit that is still a record; otherwise why the
 * reader, the parser or the event time set it aside), {@link #PRE_MESSAGE} (its explanation, null
 * for a record), {@link #DUP_RANK} (from {@link #rankByFileOrder} or {@link Dedupe#rank}: 1 for
 * the kept record of a key, greater for duplicates, null when not ranked) and {@code date}, the
 * unit's event date ({@code YYYY-MM-DD}).
 *
 * <p>Rules, in order: a pre-reason stays the reason; a record ranked after the first of its key is
 * a {@code duplicate}; a kept record whose event date is before the ingested date is a {@code
 * late_event}, after it an {@code early_event}. Dispositions: no reason is {@code written}, a
 * {@link #SKIP_REASONS skip reason} is {@code skipped}, {@code tombstone} is {@code filtered},
 * {@code duplicate} is {@code duplicate}, any other reason is {@code quarantined}. Stages: none
 * for written, skipped, filtered and duplicate units; {@code parse} for {@link #PARSE_STAGE};
 * {@code conform} for {@link #CONFORM_STAGE}; {@code read} for every other reason (the reader's).
 */
public final class Outcomes {
  /** Input column: why the unit was set aside before deduplication; null for a record. */
  public static final String PRE_REASON = "_pre_reason";
  /** Input column: the explanation of {@link #PRE_REASON}. */
  public static final String PRE_MESSAGE = "_pre_message";
  /** Input column: the dedupe rank (1 kept, greater for duplicates, null when not ranked). */
  public static final String DUP_RANK = "_dup_rank";

  /** Reasons the readers give for units that are not records; they are counted as skipped. */
  public static final Set<String> SKIP_REASONS = Set.of("stderr", "blank", "header", "kcat_error");

  /** Reasons set aside while parsing a payload or a typed value. */
  public static final Set<String> PARSE_STAGE =
      Set.of("payload_parse_error", "payload_error", "csv_parse_error", "invalid_value");

  /** Reasons set aside by the event time and the partition date. */
  public static final Set<String> CONFORM_STAGE =
      Set.of("missing_event_time", "invalid_event_time", "late_event", "early_event");

  private Outcomes() {}

  /**
   * Ranks records with the same key by file name, then line or record index: the first is kept.
   * Units with a {@link #PRE_REASON} are not ranked.
   *
   * @param rows rows with {@link #PRE_REASON}, {@code _source_file} and {@code _line_number}
   * @param key the dedupe key columns; empty means no deduplication ({@link #DUP_RANK} is null)
   * @return the rows with {@link #DUP_RANK}; shuffles once when {@code key} is not empty
   */
  public static Dataset<Row> rankByFileOrder(Dataset<Row> rows, List<String> key) {
    if (key.isEmpty()) {
      return rows.withColumn(DUP_RANK, lit(null).cast("int"));
    }
    List<String> identity = List.of(Classified.SOURCE_FILE, Classified.LINE_NUMBER);
    return Dedupe.rank(rows, col(PRE_REASON).isNull(), identity, key, identity,
        List.of(col(Classified.SOURCE_FILE).asc(), col(Classified.LINE_NUMBER).asc()), DUP_RANK);
  }

  /**
   * The {@link Classified} columns of a ranked unit, in this order: reason, disposition, stage,
   * message (rules in the class comment).
   *
   * @param date the date being ingested
   * @param wording how late/early messages name the day
   */
  public static Map<String, Column> columns(LocalDate date, UnitShape.DayWording wording) {
    Column pre = col(PRE_REASON);
    String d = date.toString();
    Column day = col(PartitionLayout.PARTITION_COLUMN);
    Column reason =
        when(pre.isNotNull(), pre)
            .when(col(DUP_RANK).gt(1), lit("duplicate"))
            .when(day.lt(lit(d)), lit("late_event"))
            .when(day.gt(lit(d)), lit("early_event"));
    Column disposition =
        when(reason.isNull(), lit(Classified.WRITTEN))
            .when(reason.isin(SKIP_REASONS.toArray()), lit(Classified.SKIPPED))
            .when(reason.equalTo("tombstone"), lit(Classified.FILTERED))
            .when(reason.equalTo("duplicate"), lit(Classified.DUPLICATE))
            .otherwise(lit(Classified.QUARANTINED));
    Column stage =
        when(reason.isNull().or(reason.isin(SKIP_REASONS.toArray()))
                .or(reason.isin("tombstone", "duplicate")), lit(null).cast("string"))
            .when(reason.isin(PARSE_STAGE.toArray()), lit("parse"))
            .when(reason.isin(CONFORM_STAGE.toArray()), lit("conform"))
            .otherwise(lit("read"));
    String how = " (" + wording.how() + ") is ";
    Column message =
        coalesce(
            col(PRE_MESSAGE),
            when(reason.equalTo("late_event"),
                concat(lit(wording.subject() + " "), day, lit(how + "before the " + wording.against() + " " + d)))
                .when(reason.equalTo("early_event"),
                    concat(lit(wording.subject() + " "), day, lit(how + "after the " + wording.against() + " " + d))));
    Map<String, Column> out = new LinkedHashMap<>();
    out.put(Classified.REASON, reason);
    out.put(Classified.DISPOSITION, disposition);
    out.put(Classified.STAGE, stage);
    out.put(Classified.MESSAGE, message);
    return out;
  }
}
