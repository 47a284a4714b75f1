package io.feedlake.source.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Matching a data file's schema to the declared one, by name and by Spark's up-cast rule. */
class FileColumnsTest {
  private static final StructType DECLARED =
      StructType.fromDDL("event_id STRING, n BIGINT, props STRUCT<filter: STRING, durationMs: BIGINT>");

  @Test
  void widerTypesOtherOrdersMissingAndExtraColumnsFit() {
    StructType file = StructType.fromDDL(
        "props STRUCT<durationMs: INT, other: STRING>, N INT, extra DOUBLE, event_id STRING");

    FileColumns.Match m = FileColumns.match(file, DECLARED);

    assertThat(m.problems()).isEmpty();
    assertThat(m.fits()).isTrue();
    assertThat(m.payload()).isNotNull();
  }

  @Test
  void aNarrowingOrTextToNumberColumnNamesThePathAndBothTypes() {
    StructType file = StructType.fromDDL("event_id BIGINT, n DOUBLE, props STRUCT<durationMs: STRING>");

    FileColumns.Match m = FileColumns.match(file, DECLARED);

    assertThat(m.fits()).isFalse();
    assertThat(m.payload()).isNull();
    assertThat(m.problems()).containsExactly(
        "column n: found double, expected bigint",
        "column props.durationMs: found string, expected bigint");
  }
}
