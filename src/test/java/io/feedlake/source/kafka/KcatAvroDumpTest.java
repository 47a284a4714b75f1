package io.feedlake.source.kafka;

import io.feedlake.ingest.Classification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import io.feedlake.config.JobSpec.KafkaJsonSourceSpec;
import io.feedlake.config.JobSpec;
import io.feedlake.conform.Classified;
import io.feedlake.source.FeedSource;
import io.feedlake.source.Sources;
import io.feedlake.testing.Fixtures;
import io.feedlake.testing.LocalSpark;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A kcat -J dump made with -s key=avro -s value=avro (fixtures/kcat-avro): Avro-decoded values
 * read with the registered schema, and kcat's key_error / payload_error quarantined.
 */
@ExtendWith(LocalSpark.PerClass.class)
class KcatAvroDumpTest {
  private static final LocalDate DAY = LocalDate.parse("2024-03-01");
  private static SparkSession spark; // started and stopped by LocalSpark.PerClass

  private static Dataset<Row> classify(JobSpec job) {
    Classification source = Classification.of(Sources.create(job), job);
    return source.classify(spark, source.source().list(spark.sparkContext().hadoopConfiguration(), DAY), DAY).cache();
  }

  @Test
  void avroDecodedValuesAreReadWithTheDeclaredAvroSchema() {
    JobSpec job = Fixtures.job("kcat_avro_clicks");
    Dataset<Row> classified = classify(job);

    assertThat(Fixtures.outcomes(classified)).containsExactly(
        entry("quarantined/key_error", 1L),
        entry("quarantined/payload_error", 1L),
        entry("quarantined/payload_parse_error", 1L),
        entry("skipped/stderr", 1L),
        entry("written", 3L));
    List<Row> written = Classified.written(classified, Classification.of(Sources.create(job), job).outputColumns())
        .orderBy("kafka_offset")
        .select("event_id", "event_time", "user_id", "campaign_id", "campaign_channel", "cost_micros", "kafka_key")
        .collectAsList();
    assertThat(written).extracting(r -> r.get(0), r -> r.get(1), r -> r.get(2), r -> r.get(3), r -> r.get(4),
            r -> r.get(5), r -> r.get(6))
        .containsExactly(
            tuple("c-301", "2024-03-01T09:15:00Z", "u1", "cmp-1", "search", 1250000L, "u1"),
            tuple("c-302", "2024-03-01T09:20:00Z", "u2", "cmp-2", null, null, "u2"),
            tuple("c-306", "2024-03-01T09:40:00Z", "u6", null, null, null, "u6"));
  }

  @Test
  void kcatDeserializationErrorsAreQuarantinedWithKcatsMessage() {
    List<Row> q = Classified.quarantined(classify(Fixtures.job("kcat_avro_clicks")), DAY, "r")
        .orderBy("kafka_offset").select("kafka_offset", "stage", "reason", "message").collectAsList();

    assertThat(q).extracting(r -> r.getLong(0), r -> r.getString(1), r -> r.getString(2), r -> r.getString(3))
        .containsExactly(
            tuple(2002L, "read", "key_error", "kcat could not deserialize the key: Invalid CP1 magic byte 115, expected 0"),
            tuple(2003L, "parse", "payload_error",
                "kcat could not deserialize the value: Failed to get schema 13 from registry: Not Found"),
            tuple(2004L, "parse", "payload_parse_error",
                "Avro-decoded value (value_schema_id 12) does not follow source.schema.avsc: field 'cost_micros': "
                    + "union branch 'string' is not one of [null, long]"));
  }

  @Test
  void withADdlSchemaAvroDecodedValuesAreQuarantinedNotMisread() {
    JobSpec avsc = Fixtures.job("kcat_avro_clicks");
    KafkaJsonSourceSpec s = (KafkaJsonSourceSpec) avsc.source();
    JobSpec ddl = new JobSpec(avsc.name(), avsc.table(),
        new KafkaJsonSourceSpec(s.path(), s.topic(), s.dumpDir(), s.extensions(),
            "event_id STRING, event_time STRING, user_id STRING, campaign STRUCT<id: STRING, channel: STRING>, "
                + "cost_micros BIGINT", null, s.ready()),
        avsc.conform(), avsc.layout(), avsc.rules());

    Dataset<Row> classified = classify(ddl);

    assertThat(Fixtures.outcomes(classified)).containsEntry("quarantined/payload_parse_error", 3L)
        .containsEntry("written", 1L);
    assertThat(classified.where("_reason = 'payload_parse_error'").select("_message").first().getString(0))
        .isEqualTo("the value was Avro-decoded by kcat (value_schema_id 12): Avro's JSON encoding wraps union values "
            + "as {\"type\": value}, which a DDL schema cannot tell from data; declare the value's Avro schema with "
            + "source.schema.avsc");
  }
}
