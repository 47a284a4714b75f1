package io.feedlake.source.kafka;

import io.feedlake.config.ConfigException;
import io.feedlake.config.JobSpec.ConformSpec;
import io.feedlake.conform.PayloadParser;
import io.feedlake.conform.RecordClassifier;
import io.feedlake.conform.UnitShape;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Test helper: classifies the lines of a kcat dump as ingest does, with the shared {@link RecordClassifier} with JSON text payloads
 * ({@link PayloadParser#json()}) and Kafka columns ({@link UnitShape.Origin#KAFKA}). Pure:
 * builds a lazy plan over the rows of {@link KcatJsonSource#lines}; shuffles once (dedupe).
 *
 * <p>Output: the flattened payload columns, {@link #OUTPUT_META} columns, {@code date STRING},
 * and the internal columns of {@link io.feedlake.conform.Classified}. The rules are those of
 * {@link RecordClassifier}; the reader's reasons are {@code stderr} and {@code blank} (skipped),
 * {@code envelope_parse_error}, {@code key_error}, {@code payload_error} and, for Avro-decoded
 * values, {@code payload_parse_error} (quarantined).
 */
public final class KcatClassifier {
  /** Columns added by feedlake to every written row, besides the payload and {@code date}. */
  public static final List<String> OUTPUT_META = UnitShape.Origin.KAFKA.outputColumns();

  private final RecordClassifier classifier;

  /**
   * @param payloadSchema the declared payload schema
   * @param conform event time and dedupe settings
   * @throws ConfigException when the event-time field or a dedupe key column is not a flattened
   *     payload column, or a payload column collides with a column feedlake adds
   */
  public KcatClassifier(StructType payloadSchema, ConformSpec conform) {
    this.classifier =
        new RecordClassifier(payloadSchema, conform, PayloadParser.json(), UnitShape.Origin.KAFKA);
  }

  /** Flattened payload column names, in output order. */
  public List<String> payloadColumns() {
    return classifier.payloadColumns();
  }

  /**
   * Builds the classification plan for one dump date.
   *
   * @param lines rows shaped as {@link KcatJsonSource#LINE_SCHEMA}
   * @param dumpDate the date being ingested; kept records of other event dates are quarantined
   */
  public Dataset<Row> classify(Dataset<Row> lines, LocalDate dumpDate) {
    return classifier.classify(lines, dumpDate);
  }

  /** Output columns in order: the flattened payload, then {@link #OUTPUT_META}. */
  public List<String> outputColumns() {
    return classifier.outputColumns();
  }
}
