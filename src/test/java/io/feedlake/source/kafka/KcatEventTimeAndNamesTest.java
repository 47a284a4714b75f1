package io.feedlake.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.feedlake.config.ConfigException;
import io.feedlake.config.JobSpec.ConformSpec;
import io.feedlake.config.JobSpec.DedupeKeep;
import io.feedlake.config.JobSpec.EventTimeFormat;
import io.feedlake.config.JobSpec.EventTimeParsing;
import io.feedlake.conform.Classified;
import io.feedlake.source.InputFile;
import io.feedlake.testing.LocalSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event time from a java.time pattern (Twitter's {@code created_at}) and payload fields whose
 * flattened names feedlake reserves ({@code $schema} of Wikimedia EventStreams events), through
 * the kcat classifier.
 */
@ExtendWith(LocalSpark.PerClass.class)
class KcatEventTimeAndNamesTest {
  private static SparkSession spark; // started and stopped by LocalSpark.PerClass

  private static String line(long offset, String payloadJson) {
    String payload = "\"" + payloadJson.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    return "{\"topic\":\"t\",\"partition\":0,\"offset\":" + offset
        + ",\"tstype\":\"create\",\"ts\":1409444955000,\"broker\":1,\"key\":\"k\",\"payload\":" + payload + "}";
  }

  private static Dataset<Row> lines(Path dir, String... lines) throws IOException {
    Path file = dir.resolve("t-p0.json");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return KcatJsonSource.lines(spark, List.of(new InputFile(file.toUri().toString(), Files.size(file))));
  }

  @Test
  void twitterCreatedAtIsTheEventTimeAndAValueThatDoesNotMatchIsInvalidWithTheValue(@TempDir Path dir)
      throws IOException {
    ConformSpec conform = new ConformSpec("created_at", EventTimeFormat.PATTERN, ZoneId.of("UTC"), List.of("id_str"),
        DedupeKeep.EARLIEST_OFFSET, new EventTimeParsing("EEE MMM dd HH:mm:ss Z yyyy", Locale.ROOT, false),
        Map.of(), List.of());
    KcatClassifier classifier =
        new KcatClassifier(StructType.fromDDL("id_str STRING, created_at STRING, text STRING"), conform);

    List<Row> rows = classifier.classify(lines(dir,
                line(1, "{\"id_str\":\"505874924095815681\",\"created_at\":\"Sun Aug 31 00:29:15 +0000 2014\","
                    + "\"text\":\"hi\"}"),
                line(2, "{\"id_str\":\"505874924095815682\",\"created_at\":\"2014-08-31T00:29:15Z\",\"text\":\"x\"}")),
            LocalDate.parse("2014-08-31"))
        .orderBy("_line_number")
        .select("_disposition", "_reason", "_message", "event_ts", "date")
        .collectAsList();

    assertThat(rows).extracting(r -> r.getString(0), r -> r.getString(1))
        .containsExactly(tuple("written", null), tuple("quarantined", "invalid_event_time"));
    assertThat(rows.get(0).getTimestamp(3).toInstant().toString()).isEqualTo("2014-08-31T00:29:15Z");
    assertThat(rows.get(0).getString(4)).isEqualTo("2014-08-31");
    assertThat(rows.get(1).getString(2)).isEqualTo(
        "cannot parse event time field 'created_at' value '2014-08-31T00:29:15Z' as pattern "
            + "'EEE MMM dd HH:mm:ss Z yyyy' (locale root)");
  }

  @Test
  void anIso8601DateWithoutTimeIsInvalidUnlessDateOnlyIsAllowed(@TempDir Path dir) throws IOException {
    StructType schema = StructType.fromDDL("id STRING, dt STRING");
    ConformSpec refused = new ConformSpec("dt", EventTimeFormat.ISO8601, ZoneId.of("UTC"), List.of("id"));
    ConformSpec allowed = new ConformSpec("dt", EventTimeFormat.ISO8601, ZoneId.of("UTC"), List.of("id"),
        DedupeKeep.EARLIEST_OFFSET, new EventTimeParsing(null, Locale.ROOT, true), Map.of(), List.of());
    Dataset<Row> input = lines(dir, line(1, "{\"id\":\"a\",\"dt\":\"2024-03-01\"}"));

    Row r = new KcatClassifier(schema, refused).classify(input, LocalDate.parse("2024-03-01"))
        .select("_reason", "_message").first();
    Row ok = new KcatClassifier(schema, allowed).classify(input, LocalDate.parse("2024-03-01"))
        .select("_disposition", "date").first();

    assertThat(r.getString(0)).isEqualTo("invalid_event_time");
    assertThat(r.getString(1)).isEqualTo("cannot parse event time field 'dt' value '2024-03-01' as iso8601 with a "
        + "time of day (a date alone is refused unless conform.event-time.date-only = allowed)");
    assertThat(ok.getString(0)).isEqualTo("written");
    assertThat(ok.getString(1)).isEqualTo("2024-03-01");
  }

  @Test
  void aPayloadFieldWithAReservedFlattenedNameCanBeRenamedOrDropped(@TempDir Path dir) throws IOException {
    StructType schema = StructType.fromDDL("`$schema` STRING, id STRING, meta STRUCT<dt: STRING, id: STRING>");
    ConformSpec plain = new ConformSpec("meta_dt", EventTimeFormat.ISO8601, ZoneId.of("UTC"), List.of("id"));
    ConformSpec renamed = new ConformSpec("event_time", EventTimeFormat.ISO8601, ZoneId.of("UTC"), List.of("id"),
        DedupeKeep.EARLIEST_OFFSET, EventTimeParsing.DEFAULT,
        Map.of("$schema", "schema_uri", "meta.dt", "event_time"), List.of("meta.id"));
    ConformSpec dropped = new ConformSpec("meta_dt", EventTimeFormat.ISO8601, ZoneId.of("UTC"), List.of("id"),
        DedupeKeep.EARLIEST_OFFSET, EventTimeParsing.DEFAULT, Map.of(), List.of("$schema"));
    ConformSpec unknown = new ConformSpec("meta_dt", EventTimeFormat.ISO8601, ZoneId.of("UTC"), List.of("id"),
        DedupeKeep.EARLIEST_OFFSET, EventTimeParsing.DEFAULT, Map.of("schema", "s", "meta", "m"), List.of("nope"));

    ConfigException reserved = catchThrowableOfType(() -> new KcatClassifier(schema, plain), ConfigException.class);
    ConfigException wrongPaths = catchThrowableOfType(() -> new KcatClassifier(schema, unknown), ConfigException.class);
    KcatClassifier withRename = new KcatClassifier(schema, renamed);
    KcatClassifier withDrop = new KcatClassifier(schema, dropped);
    Dataset<Row> input = lines(dir, line(1,
        "{\"$schema\":\"/mediawiki/recentchange/1.0.0\",\"id\":\"a\",\"meta\":{\"dt\":\"2024-03-01T10:00:00Z\",\"id\":\"m\"}}"));
    Dataset<Row> classified = withRename.classify(input, LocalDate.parse("2024-03-01"));
    Row row = Classified.written(classified, withRename.outputColumns()).first();

    assertThat(reserved.problems()).containsExactly(
        "source.schema: payload column '_schema' (from $schema) collides with a column feedlake adds or reserves "
            + "([event_ts, kafka_topic, kafka_partition, kafka_offset, kafka_timestamp, kafka_timestamp_type, "
            + "kafka_key, kafka_headers], date, names starting with _); rename the field with source.rename "
            + "{ \"$schema\" = new_name } or leave it out with source.drop = [\"$schema\"]");
    assertThat(wrongPaths.problems()).containsExactlyInAnyOrder(
        "source.rename.\"schema\": no payload field 'schema' in the declared schema (fields: [$schema, id, meta, "
            + "meta.dt, meta.id])",
        "source.rename.\"meta\": 'meta' is a struct; rename its fields one by one",
        "source.drop: no payload field 'nope' in the declared schema (fields: [$schema, id, meta, meta.dt, meta.id])");
    assertThat(withRename.payloadColumns()).containsExactly("schema_uri", "id", "event_time");
    assertThat(row.<String>getAs("schema_uri")).isEqualTo("/mediawiki/recentchange/1.0.0");
    assertThat(row.<String>getAs("date")).isEqualTo("2024-03-01");
    assertThat(withDrop.payloadColumns()).containsExactly("id", "meta_dt", "meta_id");
  }
}
