package io.feedlake.conform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.feedlake.config.Rules.OnUnknown;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The payload scan of {@link UnknownFieldScan} and the per-file tally, without Spark. */
class UnknownFieldScanTest {
  private static final StructType SCHEMA = (StructType) DataType.fromDDL(
      "id STRING, user STRUCT<id: STRING, device: STRUCT<os: STRING>>, tags ARRAY<STRUCT<k: STRING>>,"
          + " attrs MAP<STRING, STRING>, raw STRING");

  private static UnknownFieldScan.DeclaredNode declared() {
    return UnknownFieldScan.DeclaredNode.of(SCHEMA, "", new ArrayList<>());
  }

  @Test
  void findsUndeclaredFieldsAtEveryDeclaredStructLevelButNotInsideArraysMapsOrStrings() {
    UnknownFieldScan.DeclaredNode d = declared();
    UndeclaredFieldTally tally = new UndeclaredFieldTally(d.leafCount());

    String extra = UnknownFieldScan.scanPayload("{\"id\":\"1\",\"user\":{\"id\":\"u\",\"device\":{\"os\":\"ios\","
        + "\"model\":\"x\"},\"locale\":\"fr\"},\"tags\":[{\"k\":\"a\",\"v\":1}],\"attrs\":{\"any\":\"key\"},"
        + "\"raw\":{\"nested\":true},\"org\":{\"id\":5}}", d, true, tally.file("f"), 4);

    assertThat(extra).isEqualTo("{\"user\":{\"device\":{\"model\":\"x\"},\"locale\":\"fr\"},\"org\":{\"id\":5}}");
    UndeclaredFieldTally.FileTally f = tally.value().get("f");
    assertThat(f.unknown()).containsExactly(entry("user.device.model", 1L), entry("user.locale", 1L),
        entry("org", 1L));
    assertThat(f.firstLine()).isEqualTo(4);
    assertThat(f.firstPath()).isEqualTo("user.device.model");
  }

  @Test
  void aDeclaredFieldIsAbsentWhenNullOrMissingInEveryPayload() {
    UnknownFieldScan.DeclaredNode d = declared();
    UndeclaredFieldTally tally = new UndeclaredFieldTally(d.leafCount());
    UnknownFieldScan.scanPayload("{\"id\":\"1\",\"user\":null,\"raw\":null}", d, false, tally.file("f"), 1);
    UnknownFieldScan.scanPayload("{\"id\":\"2\",\"user\":{\"id\":\"u\"},\"tags\":[]}", d, false, tally.file("f"), 2);
    UnknownFieldScan.scanPayload("[1, 2]", d, false, tally.file("f"), 3);
    UnknownFieldScan.scanPayload("{\"id\": broken", d, false, tally.file("f"), 4);

    UndeclaredFieldReport report = UndeclaredFieldReport.of(tally,
        List.of("id", "user.id", "user.device.os", "tags", "attrs", "raw"));

    assertThat(report.payloads()).as("arrays and broken JSON are not payloads the scan counts").isEqualTo(2);
    assertThat(report.found()).isFalse();
    assertThat(report.absent()).containsExactly("user.device.os", "attrs", "raw");
    assertThat(report.notes(OnUnknown.WARN)).containsExactly("declared fields absent from every record (null or"
        + " missing in all 2 payloads): user.device.os, attrs, raw");
  }

  @Test
  void aFileCountedTwiceByARetriedTaskIsCountedOnce() {
    UnknownFieldScan.DeclaredNode d = declared();
    UndeclaredFieldTally first = new UndeclaredFieldTally(d.leafCount());
    UndeclaredFieldTally retry = new UndeclaredFieldTally(d.leafCount());
    UndeclaredFieldTally other = new UndeclaredFieldTally(d.leafCount());
    for (UndeclaredFieldTally t : List.of(first, retry)) {
      UnknownFieldScan.scanPayload("{\"id\":\"1\",\"org\":1}", d, false, t.file("a"), 1);
    }
    UnknownFieldScan.scanPayload("{\"id\":\"2\",\"org\":2,\"x\":0}", d, false, other.file("b"), 7);

    UndeclaredFieldTally driver = new UndeclaredFieldTally(d.leafCount());
    driver.merge(first);
    driver.merge(retry);
    driver.merge(other);
    UndeclaredFieldReport report = UndeclaredFieldReport.of(driver, List.of("id", "user.id", "user.device.os",
        "tags", "attrs", "raw"));

    assertThat(report.payloads()).isEqualTo(2);
    assertThat(report.paths()).containsExactly(entry("org", 2L), entry("x", 1L));
    assertThat(report.firstFile()).isEqualTo("a");
    assertThat(report.metrics()).containsEntry("undeclared_fields.records", 2L).containsEntry("undeclared.org", 2L);
  }

  @Test
  void moreThanFiveExamplesAreSummedUp() {
    UnknownFieldScan.DeclaredNode d = declared();
    UndeclaredFieldTally tally = new UndeclaredFieldTally(d.leafCount());
    UnknownFieldScan.scanPayload("{\"a\":1,\"b\":1,\"c\":1,\"d\":1,\"e\":1,\"f\":1,\"g\":1}", d, false,
        tally.file("f"), 1);

    UndeclaredFieldReport report = UndeclaredFieldReport.of(tally, List.of("id", "user.id", "user.device.os",
        "tags", "attrs", "raw"));

    assertThat(report.counted()).isEqualTo("7 paths in 1 of 1 payload: a (1), b (1), c (1), d (1), e (1) and 2 more"
        + " paths");
  }
}
