package io.feedlake.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_timestamp;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark job a data engineer would write by hand, as issue 11 describes it; run by {@link
 * IngestBenchmark} in its own JVM (same Spark jars as feedlake, {@code local[*]}).
 *
 * <ul>
 *   <li>{@code json <dump dir> <out>}: reads the kcat -J lines with an explicit envelope schema,
 *       parses {@code payload} with {@code from_json} and the vsco_events payload schema, drops
 *       payloads without an {@code event_id} (broken JSON parses to a row of nulls), keeps the
 *       first of each {@code event_id} by {@code row_number()} over (offset, partition), then
 *       {@code repartition(date)}, {@code sortWithinPartitions(event_type, event_ts)} and writes
 *       snappy Parquet partitioned by {@code date}. No quarantine, counts or catalog.
 *   <li>{@code adobe-csv <delivery dir> <out>}: {@code spark.read.csv} with {@code sep="\t"} over
 *       the data files, written as snappy Parquet: the speed reference for Adobe (it does not
 *       unescape, dedupe or classify, and splits records at escaped newlines).
 * </ul>
 */
public final class HandWrittenIngest {
  static final String ENVELOPE = "topic STRING, partition INT, offset BIGINT, tstype STRING, ts BIGINT,"
      + " broker INT, headers ARRAY<STRING>, key STRING, payload STRING";
  /** The payload schema of jobs/vsco_events.conf. */
  static final String PAYLOAD = "event_id STRING, event_type STRING, event_time STRING,"
      + " user STRUCT<id: STRING, country: STRING, locale: STRING,"
      + " device: STRUCT<os: STRING, osVersion: STRING, model: STRING>>,"
      + " properties STRUCT<filter: STRING, preset: STRING, durationMs: BIGINT, caption: STRING>";

  private HandWrittenIngest() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master("local[*]").appName("hand-written-ingest")
        .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC").getOrCreate();
    try {
      switch (args[0]) {
        case "json" -> json(spark, args[1], args[2]);
        case "adobe-csv" -> spark.read().option("sep", "\t").csv(args[1] + "/*.tsv.gz")
            .write().mode(SaveMode.Overwrite).option("compression", "snappy").parquet(args[2]);
        default -> throw new IllegalArgumentException("unknown mode " + args[0] + " (json, adobe-csv)");
      }
    } finally {
      spark.stop();
    }
  }

  private static void json(SparkSession spark, String input, String output) {
    Dataset<Row> events = spark.read().schema(StructType.fromDDL(ENVELOPE)).json(input)
        .withColumn("e", from_json(col("payload"), StructType.fromDDL(PAYLOAD)))
        .where(col("e.event_id").isNotNull())
        .select(col("e.*"), col("topic").alias("kafka_topic"), col("partition").alias("kafka_partition"),
            col("offset").alias("kafka_offset"), timestamp_millis(col("ts")).alias("kafka_timestamp"),
            col("key").alias("kafka_key"), col("headers").alias("kafka_headers"))
        .withColumn("event_ts", to_timestamp(col("event_time")))
        .withColumn("date", to_date(col("event_ts")));
    events.withColumn("rn", row_number().over(Window.partitionBy("event_id").orderBy("kafka_offset",
            "kafka_partition")))
        .where(col("rn").equalTo(1)).drop("rn")
        .repartition(col("date")).sortWithinPartitions("event_type", "event_ts")
        .write().mode(SaveMode.Overwrite).option("compression", "snappy").partitionBy("date").parquet(output);
  }
}
