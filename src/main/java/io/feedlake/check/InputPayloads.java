package io.feedlake.check;

import static org.apache.spark.sql.functions.col;

import io.feedlake.FeedlakeException;
import io.feedlake.config.JobSpec.ConnectFormat;
import io.feedlake.config.JobSpec.KafkaConnectS3SourceSpec;
import io.feedlake.config.JobSpec.KafkaConsoleSourceSpec;
import io.feedlake.config.JobSpec.KafkaJsonSourceSpec;
import io.feedlake.config.JobSpec;
import io.feedlake.conform.RecordClassifier;
import io.feedlake.source.FeedSource;
import io.feedlake.source.InputFile;
import io.feedlake.source.PayloadSchemas;
import io.feedlake.source.Sources;
import io.feedlake.source.kafka.ConsoleLineParser;
import io.feedlake.source.kafka.KafkaConnectS3Source;
import io.feedlake.source.kafka.KafkaConsoleSource;
import io.feedlake.source.kafka.KcatJsonSource;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A sample of one date's input payloads, read with the job's own line reader (kcat {@code -J}
 * envelopes, console-consumer lines, Kafka Connect JSON objects) so that the payload is exactly
 * what ingest parses, and checked against the declared payload schema by {@link PayloadFields}.
 * The first {@code n} records that carry a payload are taken (Spark's limit reads only as many
 * files as it needs); records the reader rejects and tombstones are left out. Sources without a
 * JSON payload (Adobe, delimited, Connect Avro) are skipped with the reason. Spark is started only
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
    StructType schema;
    Function<List<InputFile>, Dataset<Row>> lines;
    if (job.source() instanceof KafkaJsonSourceSpec s) {
      schema = PayloadSchemas.load(s.payloadDdl(), s.payloadAvsc());
      String avsc = s.payloadAvsc() == null ? null : PayloadSchemas.avroSchemaText(s.payloadAvsc());
      lines = files -> KcatJsonSource.lines(spark.get(), files, avsc);
    } else if (job.source() instanceof KafkaConsoleSourceSpec s) {
      schema = PayloadSchemas.load(s.payloadDdl(), s.payloadAvsc());
      ConsoleLineParser parser = new ConsoleLineParser(s.format(), s.topic());
      lines = files -> KafkaConsoleSource.lines(spark.get(), files, parser);
    } else if (job.source() instanceof KafkaConnectS3SourceSpec s && s.format() == ConnectFormat.JSON) {
      schema = PayloadSchemas.load(s.payloadDdl(), s.payloadAvsc());
      lines = files -> KafkaConnectS3Source.jsonLines(spark.get(), files);
    } else {
      return new Sample(null, "the " + sourceType() + " source has no JSON payload to compare with a declared schema");
    }
    FeedSource source = Sources.create(job);
    List<InputFile> files;
    try {
      files = source.list(conf, date);
    } catch (FeedlakeException e) {
      return new Sample(null, "no input to sample for " + date + ": " + e.getMessage());
    }
    List<String> payloads = lines.apply(files)
        .filter(col(RecordClassifier.READ_REASON).isNull().and(col("payload").isNotNull()))
        .select("payload").limit(max).as(Encoders.STRING()).collectAsList();
    PayloadFields fields = new PayloadFields(schema);
    payloads.forEach(fields::add);
    return new Sample(fields, null);
  }

  private String sourceType() {
    if (job.source() instanceof KafkaConnectS3SourceSpec) {
      return "kafka-connect-s3 (Avro)";
    }
    return job.source() instanceof JobSpec.AdobeSourceSpec ? "adobe" : "delimited";
  }
}
