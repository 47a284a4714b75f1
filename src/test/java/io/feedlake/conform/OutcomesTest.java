package io.feedlake.conform;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.feedlake.testing.LocalSpark;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared outcome rules: dedupe by file order, late/early, disposition, stage and message. */
@ExtendWith(LocalSpark.PerClass.class)
class OutcomesTest {
  private static SparkSession spark; // started and stopped by LocalSpark.PerClass

  private static final StructType UNITS = new StructType()
      .add(Classified.SOURCE_FILE, "string").add(Classified.LINE_NUMBER, "long")
      .add("id", "string").add("date", "string")
      .add(Outcomes.PRE_REASON, "string").add(Outcomes.PRE_MESSAGE, "string");

  @Test
  void everyReasonGetsItsDispositionStageAndMessage() {
    Dataset<Row> units = spark.createDataFrame(List.of(
        RowFactory.create("b.tsv", 1L, "x", "2024-03-01", null, null),
        RowFactory.create("a.tsv", 2L, "x", "2024-03-01", null, null),
        RowFactory.create("a.tsv", 3L, "y", "2024-02-29", null, null),
        RowFactory.create("a.tsv", 4L, "z", "2024-03-02", null, null),
        RowFactory.create("a.tsv", 5L, null, null, "blank", "empty line 5"),
        RowFactory.create("a.tsv", 6L, null, null, "tombstone", null),
        RowFactory.create("a.tsv", 7L, "x", null, "invalid_value", "column n: 'q' is not a number"),
        RowFactory.create("a.tsv", 8L, "w", null, "wrong_field_count", "3 fields, expected 4"),
        RowFactory.create("a.tsv", 9L, "v", null, "missing_event_time", "no date_time")), UNITS);

    Dataset<Row> ranked = Outcomes.rankByFileOrder(units, List.of("id"));
    List<Column> cols = new ArrayList<>(List.of(col(Classified.LINE_NUMBER)));
    Map<String, Column> outcome =
        Outcomes.columns(LocalDate.parse("2024-03-01"), new UnitShape.DayWording("hit day", "UTC", "delivery date"));
    outcome.forEach((name, value) -> cols.add(value.as(name)));
    List<String> actual = ranked.select(cols.toArray(Column[]::new)).orderBy(Classified.LINE_NUMBER)
        .collectAsList().stream().map(Row::toString).toList();

    assertThat(outcome.keySet())
        .containsExactly(Classified.REASON, Classified.DISPOSITION, Classified.STAGE, Classified.MESSAGE);
    assertThat(actual).containsExactly(
        "[1,duplicate,duplicate,null,null]",
        "[2,null,written,null,null]",
        "[3,late_event,quarantined,conform,hit day 2024-02-29 (UTC) is before the delivery date 2024-03-01]",
        "[4,early_event,quarantined,conform,hit day 2024-03-02 (UTC) is after the delivery date 2024-03-01]",
        "[5,blank,skipped,null,empty line 5]",
        "[6,tombstone,filtered,null,null]",
        "[7,invalid_value,quarantined,parse,column n: 'q' is not a number]",
        "[8,wrong_field_count,quarantined,read,3 fields, expected 4]",
        "[9,missing_event_time,quarantined,conform,no date_time]");
  }

  @Test
  void withoutAKeyNothingIsADuplicate() {
    Dataset<Row> units = spark.createDataFrame(List.of(
        RowFactory.create("a.tsv", 1L, "x", "2024-03-01", null, null),
        RowFactory.create("a.tsv", 2L, "x", "2024-03-01", null, null)), UNITS);

    Dataset<Row> ranked = Outcomes.rankByFileOrder(units, List.of());
    Column disposition = Outcomes.columns(LocalDate.parse("2024-03-01"),
        new UnitShape.DayWording("event date", "UTC", "dump date")).get(Classified.DISPOSITION);

    assertThat(ranked.select(disposition).collectAsList().stream().map(r -> r.getString(0)))
        .containsExactly("written", "written");
  }
}
