package io.feedlake.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Undeclared fields of inputs, named per dotted path in a run-summary note. */
class UndeclaredFieldsTest {
  private static final StructType DECLARED =
      StructType.fromDDL("event_id STRING, user STRUCT<id: STRING>, properties STRUCT<filter: STRING>");

  @Test
  void nestedAndTopLevelFieldsAreCountedPerInputAndCoordinatesAreNot() {
    UndeclaredFields u = new UndeclaredFields();
    u.add(StructType.fromDDL("event_id STRING, offset BIGINT, user STRUCT<ID: STRING, locale: STRING>, "
        + "properties STRUCT<filter: STRING, preset: STRING>"), DECLARED, List.of("offset"));
    u.add(StructType.fromDDL("event_id STRING, offset BIGINT, properties STRUCT<filter: STRING, preset: STRING>"),
        DECLARED, List.of("offset"));
    u.add(DECLARED, DECLARED, List.of());

    assertThat(u.paths()).isEqualTo(Map.of("properties.preset", 2, "user.locale", 1));
    assertThat(u.note("files")).isEqualTo(
        "undeclared fields, not read (2 paths in up to 2 of 3 files): properties.preset (2), user.locale (1)");
  }

  @Test
  void noUndeclaredFieldNoNote() {
    UndeclaredFields u = new UndeclaredFields();
    u.add(StructType.fromDDL("event_id STRING"), DECLARED, List.of());
    assertThat(u.note("files")).isNull();
  }
}
