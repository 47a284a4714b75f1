package io.feedlake.source.adobe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits Adobe Analytics hit data into records and fields, byte by byte, as the data feed format
 * defines it (FEEDS.md section 1, "Hit data escaping"; Adobe Experience League, "Special
 * characters in data feeds"): a TAB ends a field, an LF ends a record, and a
 * backslash escapes the byte after it: {@code \}+TAB is a TAB inside the value, {@code \}+LF a
 * newline inside the value (so a record can span physical lines) and {@code \\} a backslash (so
 * {@code \\} before an LF is a value ending in a backslash, and the LF still ends the record).
 * There is no quoting: {@code "} is an ordinary byte. A backslash before any other byte is not an
 * escape Adobe writes; both bytes are kept as they are.
 *
 * <p>Each field is decoded as UTF-8, and a field that is not valid UTF-8 is decoded as ISO-8859-1
 * instead (the documented encoding of the files; real feeds mix both), counted per record. An
 * empty physical line (LF right after the previous record's LF) is reported as a blank record,
 * not as a record with one empty field.
 *
 * <p>Streams: memory is bounded by the longest record. Not thread-safe; runs wherever it is
 * called (on executors, one reader per data file).
 */
public final class EscapedTsvReader {
  private static final int TAB = '\t';
  private static final int LF = '\n';
  private static final int BACKSLASH = '\\';

  /**
   * One record.
   *
   * @param index 1-based record number in the file (records, not physical lines)
   * @param line 1-based physical line the record starts on
   * @param fields the unescaped, decoded fields; empty for a blank line
   * @param latin1Fields how many of the fields were not valid UTF-8 and were decoded as
   *     ISO-8859-1
   * @param raw the record's bytes as delivered (escapes kept, without the ending LF); for a record
   *     over the limit, its first {@link #KEPT_BYTES} bytes
   * @param bytes the record's length in bytes (without the ending LF)
   * @param tooLong whether the record was longer than the reader's limit: it has no fields then
   */
  public record Record(long index, long line, String[] fields, int latin1Fields, byte[] raw, long bytes,
      boolean tooLong) {
    /** A record within the limit. */
    public Record(long index, long line, String[] fields, int latin1Fields, byte[] raw) {
      this(index, line, fields, latin1Fields, raw, raw.length, false);
    }

    /** Whether the record is an empty physical line. */
    public boolean blank() {
      return raw.length == 0;
    }

    /** The delivered bytes as text, decoded like a field (UTF-8, else ISO-8859-1). */
    public String rawText() {
      for (byte b : raw) {
        if (b < 0) {
          return new FieldDecoder().decode(raw, raw.length);
        }
      }
      // ASCII, the usual case: no decoder needed (a Latin-1 string is a copy of the bytes).
      return new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Record r && index == r.index && line == r.line && tooLong == r.tooLong
          && latin1Fields == r.latin1Fields && Arrays.equals(fields, r.fields)
          && Arrays.equals(raw, r.raw);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(index) * 31 + Arrays.hashCode(fields);
    }

    @Override
    public String toString() {
      return "Record[index=" + index + ", line=" + line + ", fields=" + Arrays.toString(fields)
          + ", latin1Fields=" + latin1Fields + "]";
    }
  }

  private final InputStream in;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  private final Bytes field = new Bytes(256);
  private final Bytes raw = new Bytes(4096);
  private final FieldDecoder decoder = new FieldDecoder();
  private final List<String> fields = new ArrayList<>();
  private long line = 1;
  private long index;
  private final long maxRecordBytes;
  private long recordBytes;

  /** How many leading bytes of a record over the limit are kept. */
  public static final int KEPT_BYTES = 1024;

  /** @param in the uncompressed hit data; not closed by this reader. Records are not limited. */
  public EscapedTsvReader(InputStream in) {
    this(in, Integer.MAX_VALUE - 16);
  }

  /**
   * @param in the uncompressed hit data; not closed by this reader
   * @param maxRecordBytes the longest record held whole; a longer one is skipped to its end and
   *     returned with {@code tooLong} set, its first {@link #KEPT_BYTES} bytes and its length
   */
  public EscapedTsvReader(InputStream in, long maxRecordBytes) {
    this.in = in;
    this.maxRecordBytes = maxRecordBytes;
  }

  /**
   * Reads the next record.
   *
   * @return the record, or null at the end of the input (a last record without an ending LF is
   *     still returned)
   * @throws IOException when the input cannot be read
   */
  public Record next() throws IOException {
    fields.clear();
    field.reset();
    raw.reset();
    long start = line;
    int latin1 = 0;
    recordBytes = 0;
    int b = read();
    if (b < 0) {
      return null;
    }
    while (true) {
      if (b < 0 || b == LF) {
        if (b == LF) {
          line++;
        }
        if (recordBytes > maxRecordBytes) {
          return new Record(++index, start, new String[0], 0, raw.toArray(), recordBytes, true);
        }
        if (raw.length == 0) {
          return new Record(++index, start, new String[0], 0, new byte[0]);
        }
        latin1 += endField();
        return new Record(++index, start, fields.toArray(String[]::new), latin1, raw.toArray());
      }
      if (addRaw(b)) {
        b = skipEscaped(b);
        continue;
      }
      if (b == TAB) {
        latin1 += endField();
      } else if (b == BACKSLASH) {
        int n = read();
        if (n < 0) {
          field.add(b);
        } else {
          addRaw(n);
          if (n == LF) {
            line++;
            field.add(LF);
          } else if (n == TAB || n == BACKSLASH) {
            field.add(n);
          } else {
            field.add(b);
            field.add(n);
          }
        }
      } else {
        field.add(b);
      }
      b = read();
    }
  }

  /**
   * Adds a byte to the record's raw bytes, counting it; once the record is over the limit, keeps
   * only its first {@link #KEPT_BYTES} raw bytes and no fields.
   *
   * @return whether the record is over the limit
   */
  private boolean addRaw(int b) {
    recordBytes++;
    if (recordBytes <= maxRecordBytes) {
      raw.add(b);
      return false;
    }
    if (recordBytes == maxRecordBytes + 1) {
      raw.length = Math.min(raw.length, KEPT_BYTES);
      fields.clear();
      field.reset();
    }
    if (raw.length < KEPT_BYTES) {
      raw.add(b);
    }
    return true;
  }

  /**
   * Past the limit: after byte {@code b} (a backslash escapes the next byte, so an escaped LF does
   * not end the record), returns the next byte that may end the record.
   */
  private int skipEscaped(int b) throws IOException {
    if (b == BACKSLASH) {
      int n = read();
      if (n < 0) {
        return n;
      }
      addRaw(n);
      if (n == LF) {
        line++;
      }
    }
    return read();
  }

  private int endField() {
    String value = decoder.decode(field.data, field.length);
    fields.add(value);
    field.reset();
    return decoder.lastWasLatin1 ? 1 : 0;
  }

  private int read() throws IOException {
    if (pos == limit) {
      limit = in.read(buf, 0, buf.length);
      pos = 0;
      if (limit <= 0) {
        limit = 0;
        return -1;
      }
    }
    return buf[pos++] & 0xff;
  }

  /** A growable byte array, reused across fields and records. */
  private static final class Bytes {
    private byte[] data;
    private int length;

    Bytes(int capacity) {
      data = new byte[capacity];
    }

    void add(int b) {
      if (length == data.length) {
        data = Arrays.copyOf(data, data.length * 2);
      }
      data[length++] = (byte) b;
    }

    void reset() {
      length = 0;
    }

    byte[] toArray() {
      return Arrays.copyOf(data, length);
    }
  }

  /**
   * Decodes one field: ASCII directly, otherwise strict UTF-8, falling back to ISO-8859-1 (every
   * byte sequence is valid ISO-8859-1, so nothing is replaced or lost).
   */
  static final class FieldDecoder {
    private final CharsetDecoder utf8 =
        StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    boolean lastWasLatin1;

    String decode(byte[] bytes, int length) {
      lastWasLatin1 = false;
      boolean ascii = true;
      for (int i = 0; i < length; i++) {
        if (bytes[i] < 0) {
          ascii = false;
          break;
        }
      }
      if (ascii) {
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
      }
      try {
        CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(bytes, 0, length));
        return chars.toString();
      } catch (CharacterCodingException e) {
        lastWasLatin1 = true;
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
      }
    }
  }
}
