package io.feedlake.source.adobe;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedlake.source.adobe.EscapedTsvReader.Record;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The escaping rules of Adobe hit data (FEEDS.md section 1; Experience League, "Special
 * characters in data feeds"), byte by byte. In the inputs below, Java's {@code \\} is one
 * backslash byte, {@code \t} a TAB byte and {@code \n} an LF byte.
 */
class EscapedTsvReaderTest {

  private static List<Record> read(byte[] bytes) throws IOException {
    return read(new ByteArrayInputStream(bytes));
  }

  private static List<Record> read(InputStream in) throws IOException {
    EscapedTsvReader reader = new EscapedTsvReader(in);
    List<Record> out = new ArrayList<>();
    for (Record r = reader.next(); r != null; r = reader.next()) {
      out.add(r);
    }
    return out;
  }

  private static List<Record> read(String text) throws IOException {
    return read(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void tabEndsAFieldAndLfEndsARecord() throws IOException {
    List<Record> records = read("a\tb\tc\nd\t\tf\n");

    assertThat(records).hasSize(2);
    assertThat(records.get(0).fields()).containsExactly("a", "b", "c");
    assertThat(records.get(1).fields()).containsExactly("d", "", "f");
    assertThat(records.get(1).index()).isEqualTo(2);
    assertThat(records.get(1).line()).isEqualTo(2);
  }

  @Test
  void backslashTabIsATabInsideTheValue() throws IOException {
    List<Record> records = read("spring\\\tsale\tx\n");

    assertThat(records.get(0).fields()).containsExactly("spring\tsale", "x");
  }

  @Test
  void backslashLfIsANewlineInsideTheValueAndTheRecordSpansLines() throws IOException {
    List<Record> records = read("1\tred\\\nshoes\tz\n2\tplain\tz\n");

    assertThat(records).hasSize(2);
    assertThat(records.get(0).fields()).containsExactly("1", "red\nshoes", "z");
    assertThat(records.get(0).line()).isEqualTo(1);
    assertThat(records.get(1).fields()).containsExactly("2", "plain", "z");
    assertThat(records.get(1).index()).isEqualTo(2);
    assertThat(records.get(1).line()).isEqualTo(3);
  }

  @Test
  void doubleBackslashIsOneBackslash() throws IOException {
    assertThat(read("a\\\\b\tc\n").get(0).fields()).containsExactly("a\\b", "c");
  }

  @Test
  void doubleBackslashBeforeLfIsAValueEndingInABackslashAndTheLfEndsTheRecord() throws IOException {
    List<Record> records = read("1\tC:\\\\Users\\\\\n2\tnext\n");

    assertThat(records).hasSize(2);
    assertThat(records.get(0).fields()).containsExactly("1", "C:\\Users\\");
    assertThat(records.get(1).fields()).containsExactly("2", "next");
  }

  @Test
  void doubleBackslashBeforeTabIsAValueEndingInABackslash() throws IOException {
    assertThat(read("a\\\\\tb\n").get(0).fields()).containsExactly("a\\", "b");
  }

  @Test
  void tripleBackslashBeforeLfIsABackslashThenAnEscapedNewline() throws IOException {
    List<Record> records = read("a\\\\\\\nb\n");

    assertThat(records).hasSize(1);
    assertThat(records.get(0).fields()).containsExactly("a\\\nb");
  }

  @Test
  void quotesAreOrdinaryCharacters() throws IOException {
    assertThat(read("say \"hello\"\t\"\n").get(0).fields()).containsExactly("say \"hello\"", "\"");
  }

  @Test
  void backslashBeforeAnyOtherByteIsKeptAsItIs() throws IOException {
    assertThat(read("a\\nb\t\\x\n").get(0).fields()).containsExactly("a\\nb", "\\x");
  }

  @Test
  void lastRecordWithoutFinalLfIsReturnedAndAFinalLfAddsNoRecord() throws IOException {
    assertThat(read("a\tb\nc\td")).extracting(r -> List.of(r.fields())).containsExactly(List.of("a", "b"), List.of("c", "d"));
    assertThat(read("a\tb\n")).hasSize(1);
    assertThat(read("")).isEmpty();
  }

  @Test
  void trailingBackslashAtEndOfInputIsKept() throws IOException {
    assertThat(read("a\tb\\").get(0).fields()).containsExactly("a", "b\\");
  }

  @Test
  void emptyPhysicalLineIsABlankRecord() throws IOException {
    List<Record> records = read("a\n\nb\n");

    assertThat(records).hasSize(3);
    assertThat(records.get(1).blank()).isTrue();
    assertThat(records.get(1).fields()).isEmpty();
    assertThat(records.get(1).line()).isEqualTo(2);
    assertThat(records.get(0).blank()).isFalse();
  }

  @Test
  void singleEmptyFieldIsNotBlankWhenTheRecordHasATab() throws IOException {
    assertThat(read("\t\n").get(0).fields()).containsExactly("", "");
  }

  @Test
  void validUtf8IsDecodedAsUtf8AndInvalidFieldsFallBackToLatin1Counted() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes("Zürich\t東京\t".getBytes(StandardCharsets.UTF_8));
    b.writeBytes("Montréal".getBytes(StandardCharsets.ISO_8859_1));
    b.write('\t');
    b.writeBytes("caf".getBytes(StandardCharsets.US_ASCII));
    b.write(0xE9);
    b.writeBytes(" \\\tok\n".getBytes(StandardCharsets.US_ASCII));
    b.writeBytes("plain\n".getBytes(StandardCharsets.US_ASCII));

    List<Record> records = read(b.toByteArray());

    assertThat(records.get(0).fields()).containsExactly("Zürich", "東京", "Montréal", "café \tok");
    assertThat(records.get(0).latin1Fields()).isEqualTo(2);
    assertThat(records.get(1).latin1Fields()).isZero();
    byte[] line = java.util.Arrays.copyOf(b.toByteArray(), b.toByteArray().length - "plain\n".length() - 1);
    assertThat(records.get(0).rawText()).as("a raw line with invalid UTF-8 is decoded whole as ISO-8859-1")
        .isEqualTo(new String(line, StandardCharsets.ISO_8859_1));
    assertThat(records.get(1).rawText()).as("ASCII raw text").isEqualTo("plain");
  }

  @Test
  void rawKeepsTheDeliveredBytesWithEscapes() throws IOException {
    Record r = read("a\\\tb\tc\\\\\n").get(0);

    assertThat(r.rawText()).isEqualTo("a\\\tb\tc\\\\");
  }

  @Test
  void recordsLongerThanTheBufferAndManyRecordsStream() throws IOException {
    String longValue = "x".repeat(200_000);
    StringBuilder sb = new StringBuilder(longValue).append("\\\t").append(longValue).append('\n');
    for (int i = 0; i < 10_000; i++) {
      sb.append(i).append("\tv\\\\\n");
    }

    List<Record> records = read(new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)) {
      @Override
      public synchronized int read(byte[] buf, int off, int len) {
        return super.read(buf, off, Math.min(len, 7));
      }
    });

    assertThat(records).hasSize(10_001);
    assertThat(records.get(0).fields()).containsExactly(longValue + "\t" + longValue);
    assertThat(records.get(10_000).fields()).containsExactly("9999", "v\\");
    assertThat(records.get(10_000).line()).isEqualTo(10_001);
  }

  @Test
  void aRecordOverTheLimitIsSkippedToItsEndWithItsLengthAndTheNextIsRead() throws IOException {
    String big = "x".repeat(3000) + "\\\n" + "y".repeat(100) + "\tz";
    EscapedTsvReader reader = new EscapedTsvReader(
        new java.io.ByteArrayInputStream(("a\tb\n" + big + "\nc\td\n").getBytes(StandardCharsets.UTF_8)), 2000);

    Record first = reader.next();
    Record tooLong = reader.next();
    Record after = reader.next();

    assertThat(first.fields()).containsExactly("a", "b");
    assertThat(tooLong.tooLong()).isTrue();
    assertThat(tooLong.bytes()).isEqualTo(big.getBytes(StandardCharsets.UTF_8).length);
    assertThat(tooLong.fields()).isEmpty();
    assertThat(tooLong.raw()).hasSize(EscapedTsvReader.KEPT_BYTES);
    assertThat(tooLong.line()).isEqualTo(2);
    assertThat(after.fields()).containsExactly("c", "d");
    assertThat(after.line()).as("the escaped LF inside the long record still counts as a line").isEqualTo(4);
    assertThat(reader.next()).isNull();
  }
}
