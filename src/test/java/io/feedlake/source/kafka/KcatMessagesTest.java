package io.feedlake.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedlake.source.kafka.KcatEnvelopeParser.Kind;
import io.feedlake.source.kafka.KcatEnvelopeParser.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** kcat's own lines in a dump: errors (kcat.c error0/fatal0, librdkafka level 0-3) vs information. */
class KcatMessagesTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "% ERROR: Local: Broker transport failure",
      "% ERROR: Topic vsco_behavior [0] error: Broker: Not leader for partition : terminating",
      "%3|1709251200.123|FAIL|rdkafka#consumer-1| [thrd:localhost:9092/bootstrap]: Connect to ipv4#127.0.0.1:9092 failed",
      "%0|1709251200.001|FATAL|rdkafka#consumer-1| Fatal error: Local: Fatal error"})
  void errorsAreKcatErrorsWithTheirText(String line) {
    Result r = KcatEnvelopeParser.parse(line);

    assertThat(KcatMessages.isError(line)).isTrue();
    assertThat(r.kind()).isEqualTo(Kind.KCAT_ERROR);
    assertThat(r.error()).isEqualTo(line);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "% Reached end of topic vsco_behavior [1] at offset 48290",
      "% Auto-selecting Consumer mode (use -P or -C to override)",
      "% Fatal error at main:2253:",
      "%4|1709251200.123|CONFWARN|rdkafka#consumer-1| [thrd:app]: Configuration property x is deprecated",
      "%7|1709251200.123|BROKER|rdkafka#consumer-1| [thrd:app]: debug text",
      "% Group g rebalanced (memberid x): assigned: vsco_behavior [0]"})
  void informationalLinesAreSkippedAsStderr(String line) {
    assertThat(KcatMessages.isError(line)).isFalse();
    assertThat(KcatEnvelopeParser.parse(line).kind()).isEqualTo(Kind.STDERR);
  }

  @Test
  void anEnvelopeWithoutPayloadIsInvalidNotATombstone() {
    Result missing = KcatEnvelopeParser.parse("{\"topic\":\"t\",\"partition\":0,\"offset\":1,\"key\":\"k\"}");
    Result tombstone = KcatEnvelopeParser.parse("{\"topic\":\"t\",\"partition\":0,\"offset\":1,\"key\":\"k\",\"payload\":null}");

    assertThat(missing.kind()).isEqualTo(Kind.INVALID);
    assertThat(missing.error()).isEqualTo("field 'payload' is missing (a tombstone has \"payload\": null)");
    assertThat(tombstone.kind()).isEqualTo(Kind.RECORD);
    assertThat(tombstone.envelope().payload()).isNull();
  }

  @Test
  void aRepeatedKeyIsInvalidNamingTheKey() {
    Result r = KcatEnvelopeParser.parse(
        "{\"topic\":\"t\",\"partition\":0,\"offset\":1,\"payload\":\"{\\\"a\\\":1}\",\"payload\":\"{\\\"a\\\":2}\"}");

    assertThat(r.kind()).isEqualTo(Kind.INVALID);
    assertThat(r.error()).startsWith("not valid JSON: Duplicate field 'payload'");
  }
}
