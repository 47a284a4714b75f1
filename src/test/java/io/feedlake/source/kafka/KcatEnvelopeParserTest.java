package io.feedlake.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedlake.source.kafka.KcatEnvelope.Header;
import io.feedlake.source.kafka.KcatEnvelopeParser.Kind;
import io.feedlake.source.kafka.KcatEnvelopeParser.Result;
import org.junit.jupiter.api.Test;

/** Parsing and classifying single lines of a kcat {@code -C -J} dump. */
class KcatEnvelopeParserTest {

  private static KcatEnvelope record(String line) {
    Result r = KcatEnvelopeParser.parse(line);
    assertThat(r.kind()).as("kind of %s (error: %s)", line, r.error()).isEqualTo(Kind.RECORD);
    assertThat(r.error()).isNull();
    return r.envelope();
  }

  private static String invalid(String line) {
    Result r = KcatEnvelopeParser.parse(line);
    assertThat(r.kind()).as("kind of %s", line).isEqualTo(Kind.INVALID);
    assertThat(r.envelope()).isNull();
    return r.error();
  }

  @Test
  void fullEnvelopeWithHeadersIsParsed() {
    KcatEnvelope e =
        record(
            "{\"topic\":\"vsco_behavior\",\"partition\":3,\"offset\":1234567890123,\"tstype\":\"create\","
                + "\"ts\":1709298307123,\"broker\":2,\"headers\":[\"trace\",\"abc\",\"empty\",null],"
                + "\"key\":\"user-42\",\"payload\":\"{\\\"event_id\\\":\\\"e1\\\"}\"}");

    assertThat(e.topic()).isEqualTo("vsco_behavior");
    assertThat(e.partition()).isEqualTo(3);
    assertThat(e.offset()).isEqualTo(1_234_567_890_123L);
    assertThat(e.timestampType()).isEqualTo("create");
    assertThat(e.timestampMs()).isEqualTo(1_709_298_307_123L);
    assertThat(e.broker()).isEqualTo(2);
    assertThat(e.headers()).containsExactly(new Header("trace", "abc"), new Header("empty", null));
    assertThat(e.key()).isEqualTo("user-42");
    assertThat(e.payload()).isEqualTo("{\"event_id\":\"e1\"}");
  }

  @Test
  void repeatedHeaderNamesKeepTheirOrder() {
    KcatEnvelope e =
        record("{\"topic\":\"t\",\"partition\":0,\"offset\":1,\"headers\":[\"h\",\"1\",\"h\",\"2\"],"
            + "\"key\":null,\"payload\":\"x\"}");

    assertThat(e.headers()).containsExactly(new Header("h", "1"), new Header("h", "2"));
  }

  @Test
  void missingTimestampLeavesTypeAndMillisNull() {
    KcatEnvelope e = record("{\"topic\":\"t\",\"partition\":0,\"offset\":7,\"key\":\"k\",\"payload\":\"p\"}");

    assertThat(e.timestampType()).isNull();
    assertThat(e.timestampMs()).isNull();
    assertThat(e.broker()).isNull();
    assertThat(e.headers()).isEmpty();
    assertThat(e.offset()).isEqualTo(7L);
  }

  @Test
  void tombstonePayloadIsNull() {
    KcatEnvelope e =
        record("{\"topic\":\"t\",\"partition\":1,\"offset\":8,\"tstype\":\"logappend\",\"ts\":1,"
            + "\"key\":\"k\",\"payload\":null}");

    assertThat(e.payload()).isNull();
    assertThat(e.key()).isEqualTo("k");
    assertThat(e.timestampType()).isEqualTo("logappend");
  }

  @Test
  void doubleEncodedPayloadIsReturnedAsInnerJsonText() {
    KcatEnvelope e =
        record("{\"topic\":\"t\",\"partition\":0,\"offset\":1,\"key\":null,"
            + "\"payload\":\"{\\\"user\\\":{\\\"id\\\":\\\"u1\\\"},\\\"n\\\":2,\\\"s\\\":\\\"a\\\\\\\"b\\\"}\"}");

    assertThat(e.payload()).isEqualTo("{\"user\":{\"id\":\"u1\"},\"n\":2,\"s\":\"a\\\"b\"}");
  }

  @Test
  void embeddedObjectPayloadIsKeptAsItsJsonText() {
    KcatEnvelope e =
        record("{\"topic\":\"t\",\"partition\":0,\"offset\":1,\"key\":null,"
            + "\"payload\":{\"event_id\":\"e1\",\"n\":5,\"tags\":[\"a\",null]}}");

    assertThat(e.payload()).isEqualTo("{\"event_id\":\"e1\",\"n\":5,\"tags\":[\"a\",null]}");
  }

  @Test
  void nullKeyIsNull() {
    KcatEnvelope e = record("{\"topic\":\"t\",\"partition\":0,\"offset\":1,\"key\":null,\"payload\":\"p\"}");

    assertThat(e.key()).isNull();
    assertThat(e.payload()).isEqualTo("p");
  }

  @Test
  void absentKeyIsNull() {
    KcatEnvelope e = record("{\"topic\":\"t\",\"partition\":0,\"offset\":1,\"payload\":null}");

    assertThat(e.key()).isNull();
    assertThat(e.payload()).isNull();
  }

  @Test
  void percentLineIsKcatStderr() {
    Result r = KcatEnvelopeParser.parse("% Reached end of topic vsco_behavior [0] at offset 42");

    assertThat(r.kind()).isEqualTo(Kind.STDERR);
    assertThat(r.envelope()).isNull();
    assertThat(r.error()).isNull();
  }

  @Test
  void emptyAndWhitespaceLinesAreBlank() {
    assertThat(KcatEnvelopeParser.parse("").kind()).isEqualTo(Kind.BLANK);
    assertThat(KcatEnvelopeParser.parse("  \t ").kind()).isEqualTo(Kind.BLANK);
    assertThat(KcatEnvelopeParser.parse("\r").kind()).isEqualTo(Kind.BLANK);
    assertThat(KcatEnvelopeParser.parse(" ").envelope()).isNull();
  }

  @Test
  void truncatedJsonIsInvalid() {
    String error = invalid("{\"topic\":\"t\",\"partition\":0,\"offset\":1,\"payload\":\"{\\\"a\\\"");

    assertThat(error).startsWith("not valid JSON: ");
  }

  @Test
  void jsonArrayLineIsNotAnObject() {
    assertThat(invalid("[1,2,3]")).isEqualTo("not a JSON object (got ARRAY)");
  }

  @Test
  void jsonScalarLineIsNotAnObject() {
    assertThat(invalid("42")).isEqualTo("not a JSON object (got NUMBER)");
  }

  @Test
  void missingOffsetIsInvalid() {
    assertThat(invalid("{\"topic\":\"t\",\"partition\":0,\"payload\":\"p\"}"))
        .isEqualTo("field 'offset' is missing or not an integer");
  }

  @Test
  void fractionalOffsetIsInvalid() {
    assertThat(invalid("{\"topic\":\"t\",\"partition\":0,\"offset\":1.5}"))
        .isEqualTo("field 'offset' is missing or not an integer");
  }

  @Test
  void missingTopicIsInvalid() {
    assertThat(invalid("{\"partition\":0,\"offset\":1}")).isEqualTo("field 'topic' is missing or not a string");
  }

  @Test
  void headersWithOddLengthAreInvalid() {
    assertThat(invalid("{\"topic\":\"t\",\"partition\":0,\"offset\":1,\"headers\":[\"a\",\"1\",\"b\"]}"))
        .isEqualTo("field 'headers' has an odd number of items (3); expected name/value pairs");
  }

  @Test
  void headerNameThatIsNotAStringIsInvalid() {
    assertThat(invalid("{\"topic\":\"t\",\"partition\":0,\"offset\":1,\"headers\":[\"a\",\"1\",5,\"2\"]}"))
        .isEqualTo("header name at position 2 is not a string");
  }

  @Test
  void partitionAsStringIsInvalid() {
    assertThat(invalid("{\"topic\":\"t\",\"partition\":\"0\",\"offset\":1}"))
        .isEqualTo("field 'partition' is missing or not an integer");
  }

  @Test
  void partitionBeyondIntRangeIsInvalid() {
    assertThat(invalid("{\"topic\":\"t\",\"partition\":4294967296,\"offset\":1}"))
        .isEqualTo("field 'partition' is missing or not an integer");
  }

  @Test
  void timestampAsStringIsInvalid() {
    assertThat(invalid("{\"topic\":\"t\",\"partition\":0,\"offset\":1,\"tstype\":\"create\",\"ts\":\"123\"}"))
        .isEqualTo("field 'ts' is not an integer (epoch milliseconds)");
  }

  @Test
  void twoEnvelopesOnOneLineAreInvalidNotHalfRead() {
    KcatEnvelopeParser.Result r =
        KcatEnvelopeParser.parse(
            "{\"topic\":\"t\",\"partition\":0,\"offset\":1,\"payload\":\"a\"}"
                + "{\"topic\":\"t\",\"partition\":0,\"offset\":2,\"payload\":\"b\"}");

    assertThat(r.kind()).isEqualTo(KcatEnvelopeParser.Kind.INVALID);
    assertThat(r.error()).startsWith("not valid JSON").contains("Trailing token");
  }

  // kcat -s key=avro -s value=avro (json.c): the decoded object, then its schema registry id.
  @Test
  void avroDecodedKeyAndValueKeepTheirSchemaIds() {
    KcatEnvelope e =
        record("{\"topic\":\"t\",\"partition\":0,\"offset\":5,\"tstype\":\"create\",\"ts\":1,\"broker\":0,"
            + "\"key\":{\"user_id\":\"u1\"},\"key_schema_id\":3,"
            + "\"payload\":{\"event_id\":\"e1\",\"country\":{\"string\":\"US\"}},\"value_schema_id\":7}");

    assertThat(e.key()).isEqualTo("{\"user_id\":\"u1\"}");
    assertThat(e.keySchemaId()).isEqualTo(3);
    assertThat(e.payload()).isEqualTo("{\"event_id\":\"e1\",\"country\":{\"string\":\"US\"}}");
    assertThat(e.valueSchemaId()).isEqualTo(7);
    assertThat(e.keyError()).isNull();
    assertThat(e.payloadError()).isNull();
  }

  @Test
  void failedAvroDecodingShowsAsNullWithTheError() {
    KcatEnvelope e =
        record("{\"topic\":\"t\",\"partition\":0,\"offset\":5,\"broker\":0,"
            + "\"key\":null,\"key_error\":\"Invalid CP1 magic byte 123, expected 0\","
            + "\"payload\":null,\"payload_error\":\"Failed to fetch schema id 9: Not found\"}");

    assertThat(e.key()).isNull();
    assertThat(e.keyError()).isEqualTo("Invalid CP1 magic byte 123, expected 0");
    assertThat(e.payload()).isNull();
    assertThat(e.payloadError()).isEqualTo("Failed to fetch schema id 9: Not found");
    assertThat(e.keySchemaId()).isNull();
    assertThat(e.valueSchemaId()).isNull();
  }

  @Test
  void plainEnvelopeHasNoAvroFields() {
    KcatEnvelope e = record("{\"topic\":\"t\",\"partition\":0,\"offset\":1,\"key\":\"k\",\"payload\":\"p\"}");

    assertThat(e.keySchemaId()).isNull();
    assertThat(e.valueSchemaId()).isNull();
    assertThat(e.keyError()).isNull();
    assertThat(e.payloadError()).isNull();
  }

  @Test
  void schemaIdThatIsNotAnIntegerIsInvalid() {
    assertThat(invalid("{\"topic\":\"t\",\"partition\":0,\"offset\":1,\"payload\":{},\"value_schema_id\":\"7\"}"))
        .isEqualTo("field 'value_schema_id' is not an integer (schema registry id)");
  }

  @Test
  void errorThatIsNotAStringIsInvalid() {
    assertThat(invalid("{\"topic\":\"t\",\"partition\":0,\"offset\":1,\"payload\":null,\"payload_error\":42}"))
        .isEqualTo("field 'payload_error' is not a string");
  }
}
