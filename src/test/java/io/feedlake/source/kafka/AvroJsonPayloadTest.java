package io.feedlake.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * Rewriting kcat's Avro JSON encoding (unions wrapped as {"type": value}, bytes as U+0000..U+00FF
 * characters; Avro spec "JSON Encoding", avro-c value-json.c) into the plain JSON from_json reads.
 */
class AvroJsonPayloadTest {
  private static final Schema SCHEMA =
      new Schema.Parser()
          .parse(
              """
              {"type": "record", "name": "Event", "namespace": "io.feedlake.samples", "fields": [
                {"name": "event_id", "type": "string"},
                {"name": "ts_ms", "type": ["null", "long"], "default": null},
                {"name": "country", "type": ["null", "string"], "default": null},
                {"name": "gif", "type": ["null", {"type": "record", "name": "Gif", "fields": [
                  {"name": "id", "type": "string"},
                  {"name": "rating", "type": ["null", "string"], "default": null}]}], "default": null},
                {"name": "tags", "type": {"type": "array", "items": ["null", "string"]}, "default": []},
                {"name": "counts", "type": {"type": "map", "values": ["null", "int"]}, "default": {}},
                {"name": "either", "type": ["null", "int", "string"], "default": null},
                {"name": "num", "type": ["int", "long"], "default": 0},
                {"name": "raw", "type": ["null", "bytes"], "default": null},
                {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2}},
                {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                {"name": "at_us", "type": {"type": "long", "logicalType": "timestamp-micros"}},
                {"name": "day", "type": {"type": "int", "logicalType": "date"}},
                {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["CLICK", "VIEW"]}}
              ]}
              """);

  private static String plain(String avroJson) {
    return AvroJsonPayload.toPlainJson(avroJson, SCHEMA);
  }

  @Test
  void nullableUnionsBecomeBareValuesAndNullStaysNull() {
    assertThat(plain("{\"event_id\":\"e1\",\"ts_ms\":{\"long\":1709294400000},\"country\":null}"))
        .isEqualTo("{\"event_id\":\"e1\",\"ts_ms\":1709294400000,\"country\":null}");
  }

  @Test
  void recordBranchIsNamedByFullOrShortName() {
    assertThat(plain("{\"gif\":{\"io.feedlake.samples.Gif\":{\"id\":\"g1\",\"rating\":{\"string\":\"pg\"}}}}"))
        .isEqualTo("{\"gif\":{\"id\":\"g1\",\"rating\":\"pg\"}}");
    assertThat(plain("{\"gif\":{\"Gif\":{\"id\":\"g2\",\"rating\":null}}}"))
        .isEqualTo("{\"gif\":{\"id\":\"g2\",\"rating\":null}}");
  }

  @Test
  void arrayItemsAndMapValuesAreUnwrapped() {
    assertThat(plain("{\"tags\":[{\"string\":\"a\"},null],\"counts\":{\"x\":{\"int\":2},\"y\":null}}"))
        .isEqualTo("{\"tags\":[\"a\",null],\"counts\":{\"x\":2,\"y\":null}}");
  }

  @Test
  void complexUnionBecomesTheMemberStructSparkAvroUses() {
    assertThat(plain("{\"either\":{\"string\":\"s\"}}")).isEqualTo("{\"either\":{\"member1\":\"s\"}}");
    assertThat(plain("{\"either\":{\"int\":4}}")).isEqualTo("{\"either\":{\"member0\":4}}");
  }

  @Test
  void intLongUnionBecomesTheBareNumber() {
    assertThat(plain("{\"num\":{\"long\":12345678901}}")).isEqualTo("{\"num\":12345678901}");
  }

  @Test
  void bytesBecomeBase64AndDecimalsNumbers() {
    // bytes 0x00 0xFF 0x41; decimal unscaled 0x3039 = 12345, scale 2.
    assertThat(plain("{\"raw\":{\"bytes\":\"\\u0000\\u00ffA\"},\"price\":\"09\"}"))
        .isEqualTo("{\"raw\":\"AP9B\",\"price\":123.45}");
  }

  @Test
  void timestampsAndDatesBecomeIsoText() {
    assertThat(plain("{\"at\":1709294400123,\"at_us\":1709294400123456,\"day\":19783,\"kind\":\"VIEW\"}"))
        .isEqualTo("{\"at\":\"2024-03-01T12:00:00.123Z\",\"at_us\":\"2024-03-01T12:00:00.123456Z\","
            + "\"day\":\"2024-03-01\",\"kind\":\"VIEW\"}");
  }

  @Test
  void undeclaredFieldsAreKeptAsTheyAre() {
    assertThat(plain("{\"event_id\":\"e\",\"extra\":{\"string\":\"x\"}}"))
        .isEqualTo("{\"event_id\":\"e\",\"extra\":{\"string\":\"x\"}}");
  }

  @Test
  void unknownUnionBranchNamesTheFieldAndTheBranches() {
    assertThatThrownBy(() -> plain("{\"country\":{\"int\":5}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("field 'country': union branch 'int' is not one of [null, string]");
  }

  @Test
  void unwrappedUnionValueIsRejected() {
    assertThatThrownBy(() -> plain("{\"gif\":{\"Gif\":{\"id\":\"g\",\"rating\":\"pg\"}}}"))
        .hasMessage("field 'gif.rating': expected a union value wrapped as {\"type\": value}, got \"pg\"");
  }

  @Test
  void byteCharacterAboveU00FFIsRejected() {
    assertThatThrownBy(() -> plain("{\"raw\":{\"bytes\":\"\\u0100\"}}"))
        .hasMessage("field 'raw': character U+0100 at position 0 is not a byte "
            + "(Avro JSON encodes bytes as U+0000 to U+00FF)");
  }

  @Test
  void textThatIsNotJsonIsRejected() {
    assertThatThrownBy(() -> plain("{\"event_id\":")).hasMessageStartingWith("not valid JSON: ");
  }
}
