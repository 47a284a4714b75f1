package io.feedlake.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedlake.source.Utf8Lines.Line;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Splitting a byte stream into numbered UTF-8 lines with invalid-byte detection. */
class Utf8LinesTest {

  private static List<Line> readAll(byte[] bytes) throws IOException {
    return readAll(new ByteArrayInputStream(bytes));
  }

  private static List<Line> readAll(InputStream in) throws IOException {
    Utf8Lines lines = new Utf8Lines(in);
    List<Line> out = new ArrayList<>();
    for (Line l = lines.next(); l != null; l = lines.next()) {
      out.add(l);
    }
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void linesAreNumberedFromOne() throws IOException {
    assertThat(readAll(utf8("a\nb\nc\n")))
        .containsExactly(new Line(1, "a", false), new Line(2, "b", false), new Line(3, "c", false));
  }

  @Test
  void crBeforeLfIsStripped() throws IOException {
    assertThat(readAll(utf8("first\r\nsecond\r\n")))
        .containsExactly(new Line(1, "first", false), new Line(2, "second", false));
  }

  @Test
  void crInsideLineIsKept() throws IOException {
    assertThat(readAll(utf8("a\rb\n"))).containsExactly(new Line(1, "a\rb", false));
  }

  @Test
  void lastLineWithoutLfIsReturned() throws IOException {
    assertThat(readAll(utf8("one\ntwo")))
        .containsExactly(new Line(1, "one", false), new Line(2, "two", false));
  }

  @Test
  void emptyLinesAreReturnedAsEmptyText() throws IOException {
    assertThat(readAll(utf8("\n\r\nx\n\n")))
        .containsExactly(
            new Line(1, "", false), new Line(2, "", false), new Line(3, "x", false), new Line(4, "", false));
  }

  @Test
  void emptyStreamHasNoLines() throws IOException {
    assertThat(new Utf8Lines(new ByteArrayInputStream(new byte[0])).next()).isNull();
  }

  @Test
  void endOfStreamReturnsNullRepeatedly() throws IOException {
    Utf8Lines lines = new Utf8Lines(new ByteArrayInputStream(utf8("only\n")));

    assertThat(lines.next()).isEqualTo(new Line(1, "only", false));
    assertThat(lines.next()).isNull();
    assertThat(lines.next()).isNull();
  }

  @Test
  void invalidBytesAreFlaggedAndReplacedKeepingValidMultibyteText() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(utf8("café "));
    bytes.write(0xFF);
    bytes.write(0xFE);
    bytes.writeBytes(utf8(" 日本 📷\nnext\n"));

    List<Line> lines = readAll(bytes.toByteArray());

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).number()).isEqualTo(1);
    assertThat(lines.get(0).invalidUtf8()).isTrue();
    assertThat(lines.get(0).text()).isEqualTo("café \uFFFD\uFFFD 日本 📷");
    assertThat(lines.get(1)).isEqualTo(new Line(2, "next", false));
  }

  @Test
  void truncatedMultibyteSequenceIsFlagged() throws IOException {
    byte[] camera = utf8("📷");
    byte[] line = Arrays.copyOf(camera, 2);

    List<Line> lines = readAll(line);

    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).invalidUtf8()).isTrue();
    assertThat(lines.get(0).text()).contains("\uFFFD").doesNotContain("📷");
  }

  @Test
  void validMultibyteLineIsNotFlagged() throws IOException {
    assertThat(readAll(utf8("é 日本 📷\n"))).containsExactly(new Line(1, "é 日本 📷", false));
  }

  @Test
  void lineLongerThanChunkIsReadWhole() throws IOException {
    char[] filler = new char[200_000];
    Arrays.fill(filler, 'x');
    String longLine = "日" + new String(filler) + "本";

    List<Line> lines = readAll(utf8(longLine + "\r\nshort\n"));

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).number()).isEqualTo(1);
    assertThat(lines.get(0).invalidUtf8()).isFalse();
    assertThat(lines.get(0).text()).hasSize(200_002).isEqualTo(longLine);
    assertThat(lines.get(1)).isEqualTo(new Line(2, "short", false));
  }

  @Test
  void multibyteCharacterSplitAcrossReadsIsDecoded() throws IOException {
    byte[] data = utf8("ab日本📷\r\nz");
    InputStream oneByteAtATime =
        new ByteArrayInputStream(data) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1));
          }
        };

    assertThat(readAll(oneByteAtATime))
        .containsExactly(new Line(1, "ab日本📷", false), new Line(2, "z", false));
  }

  @Test
  void aByteOrderMarkAtTheStartIsRemovedAndReported() throws IOException {
    byte[] text = utf8("\uFEFFfirst\nsecond\n");
    Utf8Lines lines = new Utf8Lines(new java.io.ByteArrayInputStream(text));

    assertThat(lines.next()).isEqualTo(new Line(1, "first", false));
    assertThat(lines.byteOrderMarkRemoved()).isTrue();
    assertThat(lines.next()).isEqualTo(new Line(2, "second", false));
    assertThat(readAll(utf8("x\uFEFF\n"))).as("only at the start").containsExactly(new Line(1, "x\uFEFF", false));
  }

  @Test
  void aLineOverTheLimitKeepsItsHeadAndLengthAndTheNextLineIsWhole() throws IOException {
    String big = "y".repeat(200_000);
    Utf8Lines lines = new Utf8Lines(new java.io.ByteArrayInputStream(utf8("a\n" + big + "\r\nb")), 10_000);

    assertThat(lines.next()).isEqualTo(new Line(1, "a", false));
    assertThat(lines.next()).isEqualTo(new Line(2, "y".repeat(Utf8Lines.KEPT_BYTES), false, 200_001, true));
    assertThat(lines.next()).isEqualTo(new Line(3, "b", false));
    assertThat(lines.next()).isNull();
  }
}
