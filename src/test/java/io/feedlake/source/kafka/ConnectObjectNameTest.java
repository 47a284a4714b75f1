package io.feedlake.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Object names of the Kafka Connect S3 sink: {@code <topic>+<partition>+<startOffset>.<ext>}. */
class ConnectObjectNameTest {

  @Test
  void topicPartitionAndZeroPaddedStartOffsetAreRecovered() {
    ConnectObjectName n = ConnectObjectName.parse("ad_clicks+3+0000001000.json.gz");

    assertThat(n).isEqualTo(new ConnectObjectName("ad_clicks", 3, 1000L, "json.gz"));
    assertThat(n.isSibling()).isFalse();
  }

  @Test
  void offsetOfARecordIsTheStartOffsetPlusItsIndex() {
    ConnectObjectName n = ConnectObjectName.parse("t+0+0000000500.json");

    assertThat(n.offsetAt(1)).isEqualTo(500L);
    assertThat(n.offsetAt(3)).isEqualTo(502L);
  }

  @Test
  void topicsWithDotsAndDashesAndOffsetsWiderThanTenDigits() {
    ConnectObjectName n = ConnectObjectName.parse("prod.ad-clicks_v2+12+12345678901234.avro");

    assertThat(n.topic()).isEqualTo("prod.ad-clicks_v2");
    assertThat(n.partition()).isEqualTo(12);
    assertThat(n.startOffset()).isEqualTo(12_345_678_901_234L);
    assertThat(n.extension()).isEqualTo("avro");
  }

  @Test
  void keysAndHeadersObjectsAreSiblings() {
    assertThat(ConnectObjectName.parse("t+0+0000000000.keys.avro").isSibling()).isTrue();
    assertThat(ConnectObjectName.parse("t+0+0000000000.headers.json.gz").isSibling()).isTrue();
  }

  @Test
  void namesOutsideThePatternAreRejectedWithTheName() {
    assertThatThrownBy(() -> ConnectObjectName.parse("ad_clicks-0-0000001000.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("object name 'ad_clicks-0-0000001000.json' does not follow the Kafka Connect S3 sink pattern "
            + "<topic>+<partition>+<startOffset>.<extension>");
    assertThatThrownBy(() -> ConnectObjectName.parse("t+99999999999+0.json"))
        .hasMessage("object name 't+99999999999+0.json': partition 99999999999 or start offset 0 is out of range");
  }
}
