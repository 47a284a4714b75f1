package io.feedlake.catalog.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedlake.FeedlakeException;
import io.feedlake.catalog.PartitionBatchResult;
import io.feedlake.catalog.TableShape;
import io.feedlake.config.JobSpec.TableName;
import io.feedlake.config.Rules.SchemaEvolution;
import io.feedlake.config.Settings.GlueSettings;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionRequest;
import software.amazon.awssdk.services.glue.model.GlueException;
import software.amazon.awssdk.services.glue.model.PartitionInput;

/**
 * {@link GlueCatalog} through the real AWS SDK v2 client against {@link FakeGlue}, a loopback
 * protocol fake of the Glue JSON 1.1 API (not an emulator): the Glue-shaped table, batch limits,
 * paging, idempotent re-registration, throttling, 5xx, per-entry failures, the catalog id and the
 * STS role chain.
 */
class GlueCatalogTest {
  private static final TableName TABLE = new TableName("beta", "events");
  private static final String ROOT = "s3a://lake/beta/events";
  private static final StructType COLUMNS = new StructType()
      .add("event_id", DataTypes.StringType)
      .add("amount", DataTypes.createDecimalType(12, 2))
      .add("event_ts", DataTypes.TimestampType)
      .add("tags", DataTypes.createArrayType(DataTypes.StringType))
      .add("device", new StructType().add("os", DataTypes.StringType).add("version", DataTypes.IntegerType));

  private static FakeGlue fake;
  private GlueClients clients;

  @BeforeAll
  static void startFake() throws Exception {
    System.setProperty("aws.accessKeyId", "AKIDFEEDLAKETEST");
    System.setProperty("aws.secretAccessKey", "not-a-secret");
    fake = FakeGlue.start();
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  @AfterEach
  void closeClients() {
    if (clients != null) {
      clients.close();
    }
  }

  private GlueCatalog catalog(String catalogId, int maxAttempts, List<String> roles) {
    clients = GlueClients.open(new GlueSettings("us-east-1", fake.endpoint(), catalogId, roles, fake.endpoint(),
        maxAttempts, Duration.ofMillis(1), Duration.ofMillis(5), false));
    return new GlueCatalog(clients.glue(), catalogId, maxAttempts, Duration.ofMillis(1), Duration.ofMillis(5));
  }

  private static String loc(String date) {
    return ROOT + "/date=" + date + "/run=20240301T000000Z-aaaaaa";
  }

  private static SortedMap<String, String> days(int n, String suffix) {
    SortedMap<String, String> out = new TreeMap<>();
    LocalDate d = LocalDate.parse("2020-01-01");
    for (int i = 0; i < n; i++) {
      out.put(d.plusDays(i).toString(), loc(d.plusDays(i).toString()) + suffix);
    }
    return out;
  }

  @BeforeEach
  void freshTable() {
    fake.resetFaults();
    String id = "444455556666";
    GlueCatalog c = catalog(id, 4, List.of());
    if (fake.table(id, "beta", "events") == null) {
      c.ensureTable(TABLE, COLUMNS, ROOT, SchemaEvolution.ADDITIVE);
    } else {
      c.dropPartitions(TABLE, c.partitions(TABLE));
    }
    clients.close();
    clients = null;
    fake.resetCounts();
  }

  @Test
  void theTableIsAnExternalParquetTableWithHiveTypesAndTheDatePartitionKey() {
    JsonNode t = fake.table("444455556666", "beta", "events");

    assertThat(t.get("TableType").asText()).isEqualTo("EXTERNAL_TABLE");
    assertThat(t.get("Parameters").toString())
        .isEqualTo("{\"classification\":\"parquet\",\"parquet.compression\":\"SNAPPY\",\"EXTERNAL\":\"TRUE\"}");
    assertThat(t.get("PartitionKeys").toString()).isEqualTo("[{\"Name\":\"date\",\"Type\":\"string\"}]");
    JsonNode sd = t.get("StorageDescriptor");
    assertThat(sd.get("Columns").toString()).isEqualTo("[{\"Name\":\"event_id\",\"Type\":\"string\"},"
        + "{\"Name\":\"amount\",\"Type\":\"decimal(12,2)\"},{\"Name\":\"event_ts\",\"Type\":\"timestamp\"},"
        + "{\"Name\":\"tags\",\"Type\":\"array<string>\"},{\"Name\":\"device\",\"Type\":\"struct<os:string,version:int>\"}]");
    assertThat(sd.get("Location").asText()).isEqualTo(ROOT);
    assertThat(sd.get("InputFormat").asText()).isEqualTo("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
    assertThat(sd.get("OutputFormat").asText()).isEqualTo("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat");
    assertThat(sd.get("SerdeInfo").toString()).isEqualTo("{\"SerializationLibrary\":"
        + "\"org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe\",\"Parameters\":{\"serialization.format\":\"1\"}}");
    assertThat(fake.table("444455556666", "beta", "events").get("CatalogId").asText()).isEqualTo("444455556666");
  }

  @Test
  void everyRequestNamesTheCatalogOfTheOtherAccount() {
    GlueCatalog c = catalog("444455556666", 4, List.of());

    c.registerPartitions(TABLE, days(3, ""));
    c.partitionLocations(TABLE);

    assertThat(fake.catalogIds()).isNotEmpty().containsOnly("444455556666");
    assertThat(fake.partitions(FakeGlue.OWN_ACCOUNT, "beta", "events")).isEmpty();
  }

  @Test
  void partitionsGoInBatchesOfAtMostOneHundredAndReRegisteringChangesNothing() {
    GlueCatalog c = catalog("444455556666", 4, List.of());

    PartitionBatchResult first = c.registerPartitions(TABLE, days(250, ""));

    assertThat(first.created()).hasSize(250);
    assertThat(fake.requests()).containsEntry("BatchCreatePartition", 3);
    assertThat(fake.batchSizes()).containsExactly(100, 100, 50);
    JsonNode stored = fake.partitions("444455556666", "beta", "events").get("2020-01-01");
    assertThat(stored.get("Values").toString()).isEqualTo("[\"2020-01-01\"]");
    assertThat(stored.at("/StorageDescriptor/Location").asText()).isEqualTo(loc("2020-01-01"));
    assertThat(stored.at("/StorageDescriptor/Columns")).hasSize(5);
    assertThat(stored.at("/StorageDescriptor/SerdeInfo/SerializationLibrary").asText()).isEqualTo(TableShape.SERDE);

    fake.resetCounts();
    PartitionBatchResult again = c.registerPartitions(TABLE, days(250, ""));

    assertThat(again.unchanged()).hasSize(250);
    assertThat(again.created()).isEmpty();
    assertThat(again.updated()).isEmpty();
    assertThat(fake.requests()).containsEntry("BatchCreatePartition", 3).containsEntry("BatchGetPartition", 1)
        .doesNotContainKey("BatchUpdatePartition");

    fake.resetCounts();
    SortedMap<String, String> moved = new TreeMap<>(days(130, "-v2"));
    PartitionBatchResult repointed = c.registerPartitions(TABLE, moved);

    assertThat(repointed.updated()).hasSize(130);
    assertThat(fake.requests()).containsEntry("BatchUpdatePartition", 2);
    assertThat(fake.batchSizes()).endsWith(100, 30);
    assertThat(c.partitionLocations(TABLE).get("2020-01-05")).isEqualTo(loc("2020-01-05") + "-v2");
  }

  @Test
  void listingPagesThroughNextTokenAThousandAtATimeWithoutColumnSchemas() {
    GlueCatalog c = catalog("444455556666", 4, List.of());
    c.registerPartitions(TABLE, days(2500, ""));
    fake.resetCounts();

    SortedMap<String, String> listed = c.partitionLocations(TABLE);

    assertThat(listed.size()).isEqualTo(2500);
    assertThat(listed.get("2026-11-03")).isEqualTo(loc("2026-11-03"));
    assertThat(fake.requests()).containsEntry("GetPartitions", 3);
  }

  @Test
  void dropsGoInBatchesOfAtMostTwentyFiveAndAbsentPartitionsAreUnchanged() {
    GlueCatalog c = catalog("444455556666", 4, List.of());
    c.registerPartitions(TABLE, days(60, ""));
    fake.resetCounts();

    List<String> dates = new java.util.ArrayList<>(days(60, "").keySet());
    dates.add("1999-01-01");
    PartitionBatchResult r = c.dropPartitions(TABLE, dates);

    assertThat(r.dropped()).hasSize(60);
    assertThat(r.unchanged()).containsExactly("1999-01-01");
    assertThat(fake.requests()).containsEntry("BatchDeletePartition", 3);
    assertThat(fake.batchSizes()).containsExactly(25, 25, 11);
    assertThat(fake.partitions("444455556666", "beta", "events")).isEmpty();
  }

  @Test
  void theFakeRefusesBatchesOverTheDocumentedLimit() {
    GlueCatalog c = catalog("444455556666", 1, List.of());
    List<PartitionInput> inputs = days(101, "").entrySet().stream()
        .map(e -> PartitionInput.builder().values(e.getKey()).build()).toList();

    assertThatThrownBy(() -> clients.glue().batchCreatePartition(BatchCreatePartitionRequest.builder()
        .catalogId("444455556666").databaseName("beta").tableName("events").partitionInputList(inputs).build()))
        .isInstanceOf(GlueException.class)
        .hasMessageContaining("Member must have length less than or equal to 100");
    assertThat(c.partitions(TABLE)).isEmpty();
  }

  @Test
  void throttlingAndServerErrorsAreRetriedWithBackoff() {
    GlueCatalog c = catalog("444455556666", 5, List.of());
    fake.throttleNext(2);

    PartitionBatchResult r = c.registerPartitions(TABLE, days(10, ""));

    assertThat(r.created()).hasSize(10);
    // The first call (GetTable, for the partitions' storage descriptor) was throttled twice.
    assertThat(clients.counter().calls()).containsEntry("GetTable", 1L).containsEntry("BatchCreatePartition", 1L);
    assertThat(clients.counter().attempts()).containsEntry("GetTable", 3L).containsEntry("BatchCreatePartition", 1L);
    assertThat(fake.requests()).containsEntry("GetTable", 3);

    fake.fail5xxNext(1);
    assertThat(c.partitionLocations(TABLE)).hasSize(10);
    // The next call (GetTable again) got a 500 and was retried.
    assertThat(clients.counter().calls()).containsEntry("GetTable", 2L);
    assertThat(clients.counter().attempts()).containsEntry("GetTable", 5L);
  }

  @Test
  void aRetryableEntryErrorIsResentAndAPermanentOneIsReportedByPartition() {
    GlueCatalog c = catalog("444455556666", 4, List.of());
    fake.failEntry("2020-01-02", "InternalServiceException");
    fake.failEntry("2020-01-03", "InvalidInputException", "InvalidInputException", "InvalidInputException",
        "InvalidInputException");
    fake.failEntry("2020-01-04", "ThrottlingException", "ThrottlingException", "ThrottlingException",
        "ThrottlingException", "ThrottlingException");

    PartitionBatchResult r = c.registerPartitions(TABLE, days(5, ""));

    assertThat(r.created()).containsExactly("2020-01-01", "2020-01-02", "2020-01-05");
    assertThat(r.failed()).containsOnlyKeys("2020-01-03", "2020-01-04");
    assertThat(r.failed().get("2020-01-03")).isEqualTo("InvalidInputException: Injected failure");
    assertThat(r.failed().get("2020-01-04")).isEqualTo("ThrottlingException: Injected failure");
    assertThat(fake.requests()).containsEntry("BatchCreatePartition", 4);
    assertThat(fake.batchSizes()).containsExactly(5, 2, 1, 1);
    assertThat(c.partitions(TABLE)).containsExactly("2020-01-01", "2020-01-02", "2020-01-05");
  }

  @Test
  void afterAFailedCallWhatLandedCountsAsCreated() {
    GlueCatalog c = catalog("444455556666", 2, List.of());
    // The service applies the batch and answers 500 twice: the SDK's retry sees AlreadyExists,
    // then gives up; reading back shows the partitions landed.
    fake.applyThen5xxNext(2);

    PartitionBatchResult r = c.registerPartitions(TABLE, days(3, ""));

    assertThat(r.failed()).isEmpty();
    assertThat(r.created()).hasSize(3);
    assertThat(fake.requests()).containsEntry("BatchCreatePartition", 2).containsEntry("BatchGetPartition", 1);
  }

  @Test
  void oneCallSwapsAPartitionAndNothingIsWrittenWhenItAlreadyPointsThere() {
    GlueCatalog c = catalog("444455556666", 4, List.of());

    c.registerPartition(TABLE, "2024-03-01", loc("2024-03-01"));
    c.registerPartition(TABLE, "2024-03-01", loc("2024-03-01"));
    c.registerPartition(TABLE, "2024-03-01", loc("2024-03-01") + "-next");

    assertThat(fake.requests()).containsEntry("CreatePartition", 1).containsEntry("UpdatePartition", 1)
        .containsEntry("GetPartition", 3);
    assertThat(c.partitionLocations(TABLE)).containsExactly(Map.entry("2024-03-01", loc("2024-03-01") + "-next"));
  }

  @Test
  void addedColumnsUpdateTheTableAndATypeChangeIsRefusedWithADiff() {
    GlueCatalog c = catalog("444455556666", 4, List.of());

    c.ensureTable(TABLE, COLUMNS.add("coupon", DataTypes.StringType), ROOT, SchemaEvolution.ADDITIVE);

    assertThat(fake.table("444455556666", "beta", "events").at("/StorageDescriptor/Columns/5/Name").asText())
        .isEqualTo("coupon");
    StructType retyped = new StructType().add("event_id", DataTypes.StringType)
        .add("amount", DataTypes.createDecimalType(14, 2)).add("event_ts", DataTypes.TimestampType)
        .add("tags", DataTypes.createArrayType(DataTypes.StringType))
        .add("device", new StructType().add("os", DataTypes.StringType).add("version", DataTypes.IntegerType))
        .add("coupon", DataTypes.StringType);
    assertThatThrownBy(() -> c.ensureTable(TABLE, retyped, ROOT, SchemaEvolution.ADDITIVE))
        .isInstanceOf(FeedlakeException.class)
        .hasMessageContaining("Cannot publish to beta.events: the conformed schema differs from the catalog table")
        .hasMessageContaining("~ amount: decimal(12,2) -> decimal(14,2)");
    c.ensureTable(TABLE, COLUMNS, ROOT, SchemaEvolution.PERMISSIVE);
  }

  @Test
  void rolesAreAssumedInOrderAndTheLastOneSignsTheGlueCalls() {
    GlueCatalog c = catalog("444455556666", 4,
        List.of("arn:aws:iam::111122223333:role/hop", "arn:aws:iam::444455556666:role/writer"));

    c.partitions(TABLE);

    assertThat(fake.requests()).containsEntry("sts:AssumeRole", 2);
    List<String> keys = fake.accessKeys();
    assertThat(keys.subList(0, 2)).containsExactly("AKIDFEEDLAKETEST", "ASIAHOP");
    assertThat(keys.subList(2, keys.size())).isNotEmpty().containsOnly("ASIAWRITER");
  }

  @Test
  void aMissingTableIsAUsageErrorNamingTheCatalog() {
    GlueCatalog c = catalog("444455556666", 4, List.of());

    assertThatThrownBy(() -> c.registerPartitions(new TableName("beta", "nope"), days(1, "")))
        .isInstanceOf(FeedlakeException.class)
        .hasMessage("Cannot register partitions of beta.nope: no such table in the Glue Data Catalog of account "
            + "444455556666 (ingest a date first, which creates it)");
  }
}
