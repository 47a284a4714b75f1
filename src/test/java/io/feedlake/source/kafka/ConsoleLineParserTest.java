package io.feedlake.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedlake.config.JobSpec.ConsoleFormat;
import io.feedlake.source.kafka.KcatEnvelope.Header;
import org.junit.jupiter.api.Test;

/**
 * Lines as Apache Kafka's DefaultMessageFormatter prints them: print.timestamp, print.partition,
 * print.offset, print.headers, print.key in that order, each followed by key.separator, then the
 * value; null as null.literal.
 */
class ConsoleLineParserTest {
  private static final ConsoleFormat ALL = new ConsoleFormat(true, true, true, true, true, "\t", ",", "null");
  private static final ConsoleLineParser PARSER = new ConsoleLineParser(ALL, "ad_clicks");

  private static KafkaRecords.Message message(ConsoleLineParser parser, String line) {
    ConsoleLineParser.Result r = parser.parse(line);
    assertThat(r.reason()).as("reason for %s (error %s)", line, r.error()).isNull();
    return r.message();
  }

  private static String error(String line) {
    ConsoleLineParser.Result r = PARSER.parse(line);
    assertThat(r.reason()).as(line).isEqualTo("line_parse_error");
    assertThat(r.message()).isNull();
    return r.error();
  }

  @Test
  void everyPrintedFieldIsRead() {
    KafkaRecords.Message m =
        message(PARSER, "CreateTime:1709284500000\tPartition:3\tOffset:1234567890123\ttrace:abc,src:web\tu1\t{\"a\":1}");

    assertThat(m).isEqualTo(new KafkaRecords.Message("ad_clicks", 3, 1234567890123L, "create", 1709284500000L,
        null, java.util.List.of(new Header("trace", "abc"), new Header("src", "web")), "u1", "{\"a\":1}"));
  }

  @Test
  void logAppendTimeNoTimestampAndNoHeaders() {
    KafkaRecords.Message a = message(PARSER, "LogAppendTime:5\tPartition:0\tOffset:1\tNO_HEADERS\tk\tv");
    KafkaRecords.Message b = message(PARSER, "NO_TIMESTAMP\tPartition:0\tOffset:2\tNO_HEADERS\tk\tv");

    assertThat(a.timestampType()).isEqualTo("logappend");
    assertThat(a.timestampMs()).isEqualTo(5L);
    assertThat(a.headers()).isEmpty();
    assertThat(b.timestampType()).isNull();
    assertThat(b.timestampMs()).isNull();
  }

  @Test
  void nullLiteralIsNullForKeyValueAndHeaderValues() {
    KafkaRecords.Message m = message(PARSER, "CreateTime:1\tPartition:0\tOffset:1\tretry:null,x:\tnull\tnull");

    assertThat(m.key()).isNull();
    assertThat(m.payload()).as("tombstone").isNull();
    assertThat(m.headers()).containsExactly(new Header("retry", null), new Header("x", ""));
  }

  @Test
  void headerValueKeepsColonsAfterTheFirst() {
    KafkaRecords.Message m = message(PARSER, "CreateTime:1\tPartition:0\tOffset:1\turl:http://x:80/a\tk\tv");

    assertThat(m.headers()).containsExactly(new Header("url", "http://x:80/a"));
  }

  @Test
  void separatorInsideTheValueStaysInTheValue() {
    KafkaRecords.Message m = message(PARSER, "CreateTime:1\tPartition:0\tOffset:1\tNO_HEADERS\tk\t{\"a\":\t1}\tx");

    assertThat(m.payload()).isEqualTo("{\"a\":\t1}\tx");
  }

  @Test
  void tooFewFieldsNameTheExpectedOnes() {
    assertThat(error("play\"},\"cost\":5}"))
        .isEqualTo("expected 6 fields [timestamp, partition, offset, headers, key, value] separated by TAB, found 1");
  }

  @Test
  void malformedFieldsAreNamedWithPositionAndValue() {
    assertThat(error("CreateTime:x\tPartition:0\tOffset:1\tNO_HEADERS\tk\tv"))
        .isEqualTo("field 1 (timestamp): expected CreateTime:<ms>, LogAppendTime:<ms> or NO_TIMESTAMP, got 'CreateTime:x'");
    assertThat(error("SomeTime:1\tPartition:0\tOffset:1\tNO_HEADERS\tk\tv"))
        .isEqualTo("field 1 (timestamp): expected CreateTime:<ms>, LogAppendTime:<ms> or NO_TIMESTAMP, got 'SomeTime:1'");
    assertThat(error("CreateTime:1\tPartition:-1\tOffset:1\tNO_HEADERS\tk\tv"))
        .isEqualTo("field 2 (partition): expected Partition:<partition>, got 'Partition:-1'");
    assertThat(error("CreateTime:1\tPartition:0\tOffst:1\tNO_HEADERS\tk\tv"))
        .isEqualTo("field 3 (offset): expected Offset:<offset>, got 'Offst:1'");
    assertThat(error("CreateTime:1\tPartition:0\tOffset:1\ta:1,b\tk\tv"))
        .isEqualTo("field 4 (headers): header 'b' is not name:value (headers are name:value pairs separated by ','"
            + ", or NO_HEADERS)");
  }

  @Test
  void blankLinesAndTheConsumersClosingLineAreNotRecords() {
    assertThat(PARSER.parse("").reason()).isEqualTo("blank");
    assertThat(PARSER.parse("Processed a total of 1234 messages").reason()).isEqualTo("stderr");
  }

  @Test
  void onlyThePrintedFieldsAreExpected() {
    ConsoleLineParser keyAndValue =
        new ConsoleLineParser(new ConsoleFormat(false, false, false, false, true, "|", ",", "<null>"), "t");

    KafkaRecords.Message m = message(keyAndValue, "u1|{\"a\":\"x|y\"}");

    assertThat(keyAndValue.fields()).containsExactly("key", "value");
    assertThat(m.key()).isEqualTo("u1");
    assertThat(m.payload()).isEqualTo("{\"a\":\"x|y\"}");
    assertThat(m.partition()).isNull();
    assertThat(m.offset()).isNull();
    assertThat(m.headers()).as("not printed: unknown").isNull();
    assertThat(message(keyAndValue, "<null>|null").key()).isNull();
    assertThat(keyAndValue.parse("nokey").error())
        .isEqualTo("expected 2 fields [key, value] separated by '|', found 1");
  }

  @Test
  void withOnlyTheValueAnEmptyLineIsAnEmptyValue() {
    ConsoleLineParser valueOnly =
        new ConsoleLineParser(new ConsoleFormat(false, false, false, false, false, "\t", ",", "null"), "t");

    assertThat(message(valueOnly, "").payload()).isEmpty();
    assertThat(message(valueOnly, "a\tb").payload()).isEqualTo("a\tb");
  }
}
