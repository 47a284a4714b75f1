package io.feedlake.source.kafka;

import java.util.List;

/**
 * One message of a kcat {@code -C -J} dump, as kcat prints it (FEEDS.md section 2; kcat's
 * {@code -J} output format, kcat json.c: fields topic, partition, offset, tstype, ts, broker,
 * headers, key, then {@code key_schema_id} or {@code key_error} when the key was Avro-decoded
 * ({@code -s key=avro}), payload, then {@code value_schema_id} or {@code payload_error} when the
 * value was Avro-decoded).
 *
 * @param topic Kafka topic
 * @param partition Kafka partition
 * @param offset offset within the partition
 * @param timestampType {@code create}, {@code logappend} or {@code unknown}; null when the message
 *     has no timestamp (kcat then omits both {@code tstype} and {@code ts})
 * @param timestampMs message timestamp in epoch milliseconds (UTC), or null
 * @param broker broker id (kcat 1.6 and later), or null
 * @param headers message headers in order (names may repeat); empty when kcat printed none
 * @param key the key's bytes as text, or null
 * @param payload the value's bytes as text (for JSON messages, the JSON document), or null for a
 *     tombstone or when {@code payloadError} is set; an embedded (Avro-decoded) object is kept as
 *     its JSON text, in Avro's JSON encoding
 * @param keySchemaId schema registry id of an Avro-decoded key ({@code key_schema_id}), or null
 * @param valueSchemaId schema registry id of an Avro-decoded value ({@code value_schema_id}), or
 *     null; when set, {@code payload} is Avro's JSON encoding of the value (unions wrapped as
 *     <code>{"type": value}</code>)
 * @param keyError why kcat could not deserialize the key ({@code key_error}; {@code key} is then
 *     null), or null
 * @param payloadError why kcat could not deserialize the value ({@code payload_error}; {@code
 *     payload} is then null), or null
 */
public record KcatEnvelope(
    String topic,
    int partition,
    long offset,
    String timestampType,
    Long timestampMs,
    Integer broker,
    List<Header> headers,
    String key,
    String payload,
    Integer keySchemaId,
    Integer valueSchemaId,
    String keyError,
    String payloadError) {

  public KcatEnvelope {
    headers = List.copyOf(headers);
  }

  /**
   * One Kafka record header.
   *
   * @param key header name
   * @param value header value as text, or null
   */
  public record Header(String key, String value) {}
}
