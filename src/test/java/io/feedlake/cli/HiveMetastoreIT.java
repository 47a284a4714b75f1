package io.feedlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.catalog.TableShape;
import io.feedlake.catalog.glue.FakeGlue;
import io.feedlake.catalog.glue.GlueCatalog;
import io.feedlake.catalog.glue.GlueClients;
import io.feedlake.config.JobSpec.TableName;
import io.feedlake.config.Rules.SchemaEvolution;
import io.feedlake.config.Settings.GlueSettings;
import io.feedlake.testing.LocalSpark;
import io.feedlake.testing.TestMetastore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code catalog.type = hive} against a real Hive metastore server started on loopback by the
 * test ({@link TestMetastore}: Hive's own thrift handler with its Derby database in a temporary
 * directory): the demo runs by configuration alone, the tables and partitions are read back over
 * thrift with Hive's own client, and the same table registered in Glue (through the SDK, against
 * {@link FakeGlue}) has the same shape.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HiveMetastoreIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestMetastore metastore;
  private static Path lake;
  private static JsonNode summary;
  private static HiveMetaStoreClient client;

  @BeforeAll
  static void start() throws Exception {
    System.setProperty("feedlake.home", Paths.get("").toAbsolutePath().toString());
    Path root = Files.createTempDirectory("feedlake-hive-it");
    metastore = TestMetastore.start(root.resolve("metastore"), 0);
    lake = root.resolve("lake");
    Result r = feedlake("demo", "--lake", lake.toString(), "--json", "--set", "catalog.type=hive",
        "--set", "catalog.hive.metastore-uris=" + metastore.uri());
    assertThat(r.exit).as(r.err).isZero();
    summary = JSON.readTree(r.out.strip());
    HiveConf conf = new HiveConf();
    conf.set("hive.metastore.uris", metastore.uri());
    client = new HiveMetaStoreClient(conf);
  }

  @AfterAll
  static void stop() throws Exception {
    LocalSpark.stop();
    if (client != null) {
      client.close();
    }
    metastore.close();
  }

  record Result(int exit, String out, String err) {}

  static Result feedlake(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  @Order(1)
  void theDemoRunsOnTheRemoteMetastoreAndNothingWentToAnEmbeddedOne() {
    assertThat(summary.get("dates")).hasSize(12);
    assertThat(summary.get("report_runs").asInt()).isEqualTo(10);
    assertThat(Files.exists(lake.resolve("_catalog/metastore_db"))).isFalse();
  }

  @Test
  @Order(2)
  void theMetastoreHoldsExternalParquetTablesAndRunPartitions() throws Exception {
    Table t = client.getTable("beta", "vsco_events");

    assertThat(t.getTableType()).isEqualTo("EXTERNAL_TABLE");
    assertThat(t.getParameters()).containsEntry("EXTERNAL", "TRUE").containsEntry("classification", "parquet")
        .containsEntry("parquet.compression", "SNAPPY");
    assertThat(t.getSd().getSerdeInfo().getSerializationLib()).isEqualTo(TableShape.SERDE);
    assertThat(t.getSd().getInputFormat()).isEqualTo(TableShape.INPUT_FORMAT);
    assertThat(t.getSd().getOutputFormat()).isEqualTo(TableShape.OUTPUT_FORMAT);
    assertThat(t.getPartitionKeys()).extracting(FieldSchema::getName, FieldSchema::getType)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("date", "string"));
    assertThat(t.getSd().getLocation()).isEqualTo("file:" + lake.resolve("beta/vsco_events"));
    List<Partition> parts = client.listPartitions("beta", "vsco_events", (short) -1);
    assertThat(parts).extracting(p -> p.getValues().get(0)).containsExactlyInAnyOrder("2024-03-01", "2024-03-02", "2024-03-03");
    String runId = summary.get("run_id").asText();
    for (Partition p : parts) {
      assertThat(p.getSd().getLocation()).isEqualTo(
          "file:" + lake.resolve("beta/vsco_events/date=" + p.getValues().get(0) + "/run=" + runId + "-"
              + p.getValues().get(0).replace("-", "")));
      assertThat(p.getSd().getSerdeInfo().getSerializationLib()).isEqualTo(TableShape.SERDE);
    }
  }

  @Test
  @Order(3)
  void theSameTableRegisteredInGlueHasTheSameShape() throws Exception {
    Table hive = client.getTable("beta", "gif_activity");
    StructType columns = new StructType();
    for (FieldSchema f : hive.getSd().getCols()) {
      columns = columns.add(f.getName(), DataType.fromDDL(f.getType()));
    }
    SortedMap<String, String> locations = new TreeMap<>();
    for (Partition p : client.listPartitions("beta", "gif_activity", (short) -1)) {
      locations.put(p.getValues().get(0), p.getSd().getLocation());
    }
    System.setProperty("aws.accessKeyId", "AKIDFEEDLAKETEST");
    System.setProperty("aws.secretAccessKey", "not-a-secret");
    try (FakeGlue fake = FakeGlue.start(); GlueClients clients = GlueClients.open(new GlueSettings("us-east-1",
        fake.endpoint(), "", List.of(), "", 3, Duration.ofMillis(1), Duration.ofMillis(5), false))) {
      GlueCatalog glue = new GlueCatalog(clients.glue(), "", 3, Duration.ofMillis(1), Duration.ofMillis(5));
      TableName name = new TableName("beta", "gif_activity");
      glue.ensureTable(name, columns, hive.getSd().getLocation(), SchemaEvolution.NONE);
      glue.registerPartitions(name, locations);

      JsonNode g = fake.table(FakeGlue.OWN_ACCOUNT, "beta", "gif_activity");
      assertThat(g.get("TableType").asText()).isEqualTo(hive.getTableType());
      List<String> glueColumns = new ArrayList<>();
      g.at("/StorageDescriptor/Columns").forEach(c -> glueColumns.add(c.get("Name").asText() + " " + c.get("Type").asText()));
      assertThat(glueColumns).containsExactlyElementsOf(
          hive.getSd().getCols().stream().map(f -> f.getName() + " " + f.getType()).toList());
      assertThat(g.at("/PartitionKeys/0/Name").asText() + " " + g.at("/PartitionKeys/0/Type").asText()).isEqualTo(
          hive.getPartitionKeys().get(0).getName() + " " + hive.getPartitionKeys().get(0).getType());
      assertThat(g.at("/StorageDescriptor/Location").asText()).isEqualTo(hive.getSd().getLocation());
      assertThat(g.at("/StorageDescriptor/InputFormat").asText()).isEqualTo(hive.getSd().getInputFormat());
      assertThat(g.at("/StorageDescriptor/OutputFormat").asText()).isEqualTo(hive.getSd().getOutputFormat());
      assertThat(g.at("/StorageDescriptor/SerdeInfo/SerializationLibrary").asText())
          .isEqualTo(hive.getSd().getSerdeInfo().getSerializationLib());
      assertThat(g.at("/StorageDescriptor/SerdeInfo/Parameters").toString())
          .isEqualTo(JSON.writeValueAsString(hive.getSd().getSerdeInfo().getParameters()));
      for (String key : List.of("EXTERNAL", "classification", "parquet.compression")) {
        assertThat(g.at("/Parameters").get(key).asText()).as(key).isEqualTo(hive.getParameters().get(key));
      }
      Map<String, String> glueLocations = new TreeMap<>();
      fake.partitions(FakeGlue.OWN_ACCOUNT, "beta", "gif_activity")
          .forEach((d, p) -> glueLocations.put(d, p.at("/StorageDescriptor/Location").asText()));
      assertThat(glueLocations).isEqualTo(locations);
    }
  }

  @Test
  @Order(4)
  void registerSyncAndDdlWorkAgainstTheMetastore() throws Exception {
    String[] hive = {"--set", "lake.root=" + lake, "--set", "catalog.type=hive", "--set",
        "catalog.hive.metastore-uris=" + metastore.uri()};
    client.dropPartition("beta", "vsco_events", List.of("2024-03-02"), false);

    Result sync = feedlake(concat(new String[] {"sync", "--job", "vsco_events", "--json"}, hive));

    assertThat(sync.exit).as(sync.err).isZero();
    JsonNode s = JSON.readTree(sync.out.strip());
    assertThat(s.at("/tables/beta.vsco_events/added").toString()).contains("2024-03-02");
    assertThat(client.listPartitionNames("beta", "vsco_events", (short) -1))
        .containsExactly("date=2024-03-01", "date=2024-03-02", "date=2024-03-03");

    Result again = feedlake(concat(new String[] {"register", "--job", "vsco_events", "--from", "2024-03-01",
        "--to", "2024-03-03", "--json"}, hive));
    assertThat(again.exit).as(again.err).isZero();
    assertThat(JSON.readTree(again.out.strip()).at("/tables/beta.vsco_events/unchanged").asInt()).isEqualTo(3);

    Result ddl = feedlake(concat(new String[] {"ddl", "--job", "vsco_events", "--dialect", "athena"}, hive));
    assertThat(ddl.exit).as(ddl.err).isZero();
    assertThat(ddl.out).contains("CREATE EXTERNAL TABLE IF NOT EXISTS `beta`.`vsco_events`",
        "PARTITION (`date`='2024-03-02') LOCATION");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
