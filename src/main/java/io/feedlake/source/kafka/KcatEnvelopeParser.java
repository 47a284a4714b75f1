package io.feedlake.source.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.source.kafka.KcatEnvelope.Header;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one line of a kcat {@code -C -J} dump into a {@link KcatEnvelope}. Pure and thread-safe;
 * used on executors. Lines kcat writes to stderr (starting with {@code %}) and blank lines are
 * classified, not parsed ({@link KcatMessages} tells errors from informational lines). A
 * repeated key and a missing {@code payload} make a line invalid. Rules follow FEEDS.md section 2: {@code tstype}/{@code ts} may be
 * absent, {@code headers} is a flat name/value array whose values may be null, {@code key} and
 * {@code payload} are JSON strings (double-encoded JSON), null (tombstone), or embedded objects
 * (Avro-decoded, with {@code key_schema_id} / {@code value_schema_id}); a failed Avro decoding
 * shows as a null key or payload with {@code key_error} / {@code payload_error} (kcat json.c).
 */
public final class KcatEnvelopeParser {
  // A second JSON value on the same line (a lost newline) must fail, not be ignored; so must a
  // repeated key (two "payload" keys would otherwise lose one event without a word).
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** What a dump line turned out to be. */
  public enum Kind {
    /** A message envelope. */
    RECORD,
    /** An informational kcat stderr line ({@code % ...}) captured into the dump: counted and skipped. */
    STDERR,
    /**
     * A kcat or librdkafka error line captured into the dump ({@link KcatMessages#isError}); the
     * result's {@code error} is the line. The job's {@code source.on-kcat-error} decides.
     */
    KCAT_ERROR,
    /** An empty line: counted and skipped. */
    BLANK,
    /** Not a valid envelope: quarantined with the reason. */
    INVALID
  }

  /**
   * The outcome of parsing one line.
   *
   * @param kind classification
   * @param envelope the parsed envelope when {@code kind == RECORD}, else null
   * @param error why the line is not a valid envelope when {@code kind == INVALID}, else null
   */
  public record Result(Kind kind, KcatEnvelope envelope, String error) {}

  private KcatEnvelopeParser() {}

  /**
   * Parses one line (without its line terminator).
   *
   * @param line the decoded line text
   * @return the classification, and the envelope or the error
   */
  public static Result parse(String line) {
    if (line.isBlank()) {
      return new Result(Kind.BLANK, null, null);
    }
    if (line.startsWith("%")) {
      return KcatMessages.isError(line) ? new Result(Kind.KCAT_ERROR, null, line) : new Result(Kind.STDERR, null, null);
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      return invalid("not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      return invalid("not a JSON object (got " + (node == null ? "nothing" : node.getNodeType()) + ")");
    }
    JsonNode topic = node.get("topic");
    if (topic == null || !topic.isTextual()) {
      return invalid("field 'topic' is missing or not a string");
    }
    JsonNode partition = node.get("partition");
    if (partition == null || !partition.canConvertToInt() || !partition.isIntegralNumber()) {
      return invalid("field 'partition' is missing or not an integer");
    }
    JsonNode offset = node.get("offset");
    if (offset == null || !offset.isIntegralNumber() || !offset.canConvertToLong()) {
      return invalid("field 'offset' is missing or not an integer");
    }
    String tstype = null;
    JsonNode tstypeNode = node.get("tstype");
    if (tstypeNode != null && !tstypeNode.isNull()) {
      if (!tstypeNode.isTextual()) {
        return invalid("field 'tstype' is not a string");
      }
      tstype = tstypeNode.asText();
    }
    Long ts = null;
    JsonNode tsNode = node.get("ts");
    if (tsNode != null && !tsNode.isNull()) {
      if (!tsNode.isIntegralNumber()) {
        return invalid("field 'ts' is not an integer (epoch milliseconds)");
      }
      ts = tsNode.asLong();
    }
    Integer broker = null;
    JsonNode brokerNode = node.get("broker");
    if (brokerNode != null && !brokerNode.isNull()) {
      if (!brokerNode.isIntegralNumber()) {
        return invalid("field 'broker' is not an integer");
      }
      broker = brokerNode.asInt();
    }
    List<Header> headers = new ArrayList<>();
    JsonNode headersNode = node.get("headers");
    if (headersNode != null && !headersNode.isNull()) {
      if (!headersNode.isArray()) {
        return invalid("field 'headers' is not an array");
      }
      if (headersNode.size() % 2 != 0) {
        return invalid("field 'headers' has an odd number of items (" + headersNode.size()
            + "); expected name/value pairs");
      }
      for (int i = 0; i < headersNode.size(); i += 2) {
        JsonNode name = headersNode.get(i);
        JsonNode value = headersNode.get(i + 1);
        if (!name.isTextual()) {
          return invalid("header name at position " + i + " is not a string");
        }
        headers.add(new Header(name.asText(), value.isNull() ? null : bytesAsText(value)));
      }
    }
    Integer keySchemaId = null;
    Integer valueSchemaId = null;
    String keyError = null;
    String payloadError = null;
    for (String name : List.of("key_schema_id", "value_schema_id")) {
      JsonNode id = node.get(name);
      if (id != null && !id.isNull()) {
        if (!id.isIntegralNumber() || !id.canConvertToInt()) {
          return invalid("field '" + name + "' is not an integer (schema registry id)");
        }
        if (name.equals("key_schema_id")) {
          keySchemaId = id.asInt();
        } else {
          valueSchemaId = id.asInt();
        }
      }
    }
    for (String name : List.of("key_error", "payload_error")) {
      JsonNode error = node.get(name);
      if (error != null && !error.isNull()) {
        if (!error.isTextual()) {
          return invalid("field '" + name + "' is not a string");
        }
        if (name.equals("key_error")) {
          keyError = error.asText();
        } else {
          payloadError = error.asText();
        }
      }
    }
    // kcat -J always prints "payload" (null for a tombstone): an envelope without it is not one.
    if (!node.has("payload")) {
      return invalid("field 'payload' is missing (a tombstone has \"payload\": null)");
    }
    return new Result(
        Kind.RECORD,
        new KcatEnvelope(
            topic.asText(),
            partition.asInt(),
            offset.asLong(),
            tstype,
            ts,
            broker,
            headers,
            bytesAsText(node.get("key")),
            bytesAsText(node.get("payload")),
            keySchemaId,
            valueSchemaId,
            keyError,
            payloadError),
        null);
  }

  /** A string field holds the raw bytes as text; an embedded object is kept as its JSON. */
  private static String bytesAsText(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return node.isTextual() ? node.asText() : node.toString();
  }

  private static Result invalid(String error) {
    return new Result(Kind.INVALID, null, error);
  }
}
