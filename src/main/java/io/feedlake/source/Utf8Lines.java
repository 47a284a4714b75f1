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
 * removed; a last line without LF is still returned. A UTF-8 byte order mark ({@code EF BB BF})
 * at the start of the stream is removed (not part of the first line) and reported by {@link
 * #byteOrderMarkRemoved}. Memory is bounded: a line longer than the limit is not held whole; its
 * first {@link #KEPT_BYTES} bytes are kept, the rest is skipped to the next LF and counted, and
 * the line is returned with {@code tooLong} set and its full length. Not thread-safe; one instance
 * per stream. Runs on executors.
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
  private final long maxLineBytes;
  private boolean atStart = true;
  private boolean bomRemoved;

  /** How many leading bytes of a line over the limit are kept (as its text, for the quarantine). */
  public static final int KEPT_BYTES = 1024;

  /**
   * One decoded line.
   *
   * @param number 1-based physical line number in the stream
   * @param text the line without its terminator; invalid byte sequences are replaced by U+FFFD.
   *     For a line over the limit, its first {@link #KEPT_BYTES} bytes only
   * @param invalidUtf8 whether the line's bytes were not valid UTF-8
   * @param bytes the line's length in bytes, without its terminator (for a line over the limit,
   *     its full length)
   * @param tooLong whether the line was longer than the reader's limit
   */
  public record Line(long number, String text, boolean invalidUtf8, long bytes, boolean tooLong) {
    /** A line within the limit; its length is that of {@code text} in UTF-8. */
    public Line(long number, String text, boolean invalidUtf8) {
      this(number, text, invalidUtf8, text.getBytes(StandardCharsets.UTF_8).length, false);
    }
  }

  /** @param in the (already decompressed) stream; not closed by this class. Lines are not limited. */
  public Utf8Lines(InputStream in) {
    this(in, Integer.MAX_VALUE - 16);
  }

  /**
   * @param in the (already decompressed) stream; not closed by this class
   * @param maxLineBytes the longest line held whole, in bytes (without its terminator)
   */
  public Utf8Lines(InputStream in, long maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /** Whether the stream started with a UTF-8 byte order mark, which was removed. */
  public boolean byteOrderMarkRemoved() {
    return bomRemoved;
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
    if (atStart) {
      atStart = false;
      skipByteOrderMark();
    }
    int len = 0;
    long total = 0;
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
      int count = end - start;
      total += count;
      if (total <= maxLineBytes) {
        len = append(len, start, count);
      } else if (len < KEPT_BYTES) {
        len = append(len, start, Math.min(count, KEPT_BYTES - len));
      }
      chunkPos = end;
      if (end < chunkLen) {
        chunkPos++;
        break;
      }
    }
    lineNumber++;
    if (total > maxLineBytes) {
      String head = new String(line, 0, Math.min(len, KEPT_BYTES), StandardCharsets.UTF_8);
      return new Line(lineNumber, head, false, total, true);
    }
    if (len > 0 && line[len - 1] == '\r') {
      len--;
    }
    return decode(len);
  }

  /** Removes {@code EF BB BF} at the start of the stream (reading the first chunk). */
  private void skipByteOrderMark() throws IOException {
    while (chunkLen < 3) {
      int n = in.read(chunk, chunkLen, chunk.length - chunkLen);
      if (n <= 0) {
        break;
      }
      chunkLen += n;
    }
    if (chunkLen >= 3 && (chunk[0] & 0xff) == 0xEF && (chunk[1] & 0xff) == 0xBB && (chunk[2] & 0xff) == 0xBF) {
      chunkPos = 3;
      bomRemoved = true;
    }
  }

  private int append(int len, int from, int count) {
    if (len + count > line.length) {
      line = Arrays.copyOf(line, (int) Math.min(Integer.MAX_VALUE - 16L, Math.max(line.length * 2L, len + count)));
    }
    System.arraycopy(chunk, from, line, len, count);
    return len + count;
  }

  private Line decode(int len) {
    ByteBuffer bytes = ByteBuffer.wrap(line, 0, len);
    try {
      CharBuffer chars = strict.reset().decode(bytes);
      return new Line(lineNumber, chars.toString(), false, len, false);
    } catch (CharacterCodingException e) {
      return new Line(lineNumber, new String(line, 0, len, StandardCharsets.UTF_8), true, len, false);
    }
  }
}
