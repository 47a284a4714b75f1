package io.feedlake.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into LF-terminated lines and decodes each as UTF-8, reporting lines that
 * are not valid UTF-8 instead of silently replacing their bytes. A trailing CR before the LF is
 * removed; a last line without LF is still returned. Not thread-safe; one instance per stream.
 * Runs on executors.
 */
public final class Utf8Lines {
  private final InputStream in;
  private final CharsetDecoder strict =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] chunk = new byte[64 * 1024];
  private int chunkPos;
  private int chunkLen;
  private byte[] line = new byte[8 * 1024];
  private long lineNumber;

  /**
   * One decoded line.
   *
   * @param number 1-based physical line number in the stream
   * @param text the line without its terminator; invalid byte sequences are replaced by U+FFFD
   * @param invalidUtf8 whether the line's bytes were not valid UTF-8
   */
  public record Line(long number, String text, boolean invalidUtf8) {}

  /** @param in the (already decompressed) stream; not closed by this class */
  public Utf8Lines(InputStream in) {
    this.in = in;
  }

  /** The number of lines returned so far (the number of the last one). */
  public long linesRead() {
    return lineNumber;
  }

  /**
   * Reads the next line.
   *
   * @return the line, or null at end of stream
   * @throws IOException if the stream fails
   */
  public Line next() throws IOException {
    int len = 0;
    boolean sawAny = false;
    while (true) {
      if (chunkPos == chunkLen) {
        chunkLen = in.read(chunk);
        chunkPos = 0;
        if (chunkLen <= 0) {
          chunkLen = 0;
          if (!sawAny) {
            return null;
          }
          break;
        }
      }
      sawAny = true;
      int start = chunkPos;
      int end = start;
      while (end < chunkLen && chunk[end] != '\n') {
        end++;
      }
      len = append(len, start, end - start);
      chunkPos = end;
      if (end < chunkLen) {
        chunkPos++;
        break;
      }
    }
    if (len > 0 && line[len - 1] == '\r') {
      len--;
    }
    lineNumber++;
    return decode(len);
  }

  private int append(int len, int from, int count) {
    if (len + count > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, len + count));
    }
    System.arraycopy(chunk, from, line, len, count);
    return len + count;
  }

  private Line decode(int len) {
    ByteBuffer bytes = ByteBuffer.wrap(line, 0, len);
    try {
      CharBuffer chars = strict.reset().decode(bytes);
      return new Line(lineNumber, chars.toString(), false);
    } catch (CharacterCodingException e) {
      return new Line(lineNumber, new String(line, 0, len, StandardCharsets.UTF_8), true);
    }
  }
}
