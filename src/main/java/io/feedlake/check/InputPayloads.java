package io.feedlake.check;

import static org.apache.spark.sql.functions.col;

import io.feedlake.FeedlakeException;
import io.feedlake.config.JobSpec;
import io.feedlake.conform.PayloadParser;
import io.feedlake.conform.UnitShape;
import io.feedlake.source.FeedSource;
import io.feedlake.source.InputFile;
import io.feedlake.source.Sources;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A sample of one date's input payloads, read by the job's own source ({@link FeedSource#read}:
 * kcat {@code -J} envelopes, console-consumer lines, Kafka Connect JSON objects, JSON-lines
 * files) so that the payload is exactly what ingest parses, and checked against the declared
 * payload schema by {@link PayloadFields}.
 * The first {@code n} records that carry a payload are taken (Spark's limit reads only as many
 * files as it needs); records the reader rejects and tombstones are left out. Sources without a
 * JSON text payload (Adobe, delimited, Connect Avro, typed files) are skipped with the reason, and
 * so are Debezium's, whose values are envelopes that ingest's own scan reads. Spark is started only
 * when a sample is taken.
 */
public final class InputPayloads {
  private final JobSpec job;
  private final Supplier<SparkSession> spark;
  private final Configuration conf;

  /**
   * The payloads sampled for a date, or why none were.
   *
   * @param fields the undeclared fields found; null when skipped
   * @param skipped why the check could not run; null when it did
   */
  public record Sample(PayloadFields fields, String skipped) {}

  /**
   * @param job the job whose input is sampled
   * @param spark the Spark session, asked for only when a sample is taken
   * @param conf Hadoop configuration reaching the input
   */
  public InputPayloads(JobSpec job, Supplier<SparkSession> spark, Configuration conf) {
    this.job = job;
    this.spark = spark;
    this.conf = conf;
  }

  /**
   * Samples the input of a date.
   *
   * @param date the date
   * @param max the most payloads read
   * @throws FeedlakeException exit 5 when the input cannot be read, exit 3 when a file is corrupt
   */
  public Sample sample(LocalDate date, int max) {
    FeedSource source = Sources.create(job);
    if (!(source.shape() instanceof UnitShape.Payload shape) || !shape.jsonText()) {
      return new Sample(null, "no JSON payload to compare with a declared schema in " + source.describe(date));
    }
    if (shape.parser() != PayloadParser.json()) {
      return new Sample(null, "the payloads of " + source.describe(date) + " are envelopes; ingest itself"
          + " counts the fields their declared schema lacks (schema.on-unknown)");
    }
    StructType schema = shape.schema();
    List<InputFile> files;
    try {
      files = source.list(conf, date);
    } catch (FeedlakeException e) {
      return new Sample(null, "no input to sample for " + date + ": " + e.getMessage());
    }
    List<String> payloads = source.read(spark.get(), files, date).rows()
        .filter(col(UnitShape.READ_REASON).isNull().and(col("payload").isNotNull()))
        .select("payload").limit(max).as(Encoders.STRING()).collectAsList();
    PayloadFields fields = new PayloadFields(schema);
    payloads.forEach(fields::add);
    return new Sample(fields, null);
  }
}
