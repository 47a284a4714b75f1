package io.feedlake.source.adobe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.ArchiveEntry;

/**
 * The content of an Adobe lookup archive, {@code <rsid>_<date>-lookup_data.tar.gz} (or {@code
 * .zip}; also the lookup members of a single-file delivery's data archive): the column
 * names of the data files ({@code column_headers.tsv}, one tab-separated line) and the {@code
 * id<TAB>name[<TAB>...]} lookup members asked for (Adobe Experience League, "Data feed contents
 * - overview", section "Lookup files"; FEEDS.md section 1). Read on the driver with Apache Commons
 * Compress (tar + gzip or zip, see {@link Packaging}; no external process), streaming, while the
 * archive's MD5 and size are computed over its bytes as delivered: lookup archives are small
 * (kilobytes to a few MB) and the driver needs the column names before it can plan the read of
 * the data files. Members other than those asked for (such as the {@code hit_data.tsv} of a data
 * archive) are skipped.
 *
 * @param columns the data files' column names in order, or empty when the archive has no {@code
 *     column_headers.tsv}
 * @param tables member name (e.g. {@code browser.tsv}) to normalized id to name; only members
 *     asked for and present
 * @param latin1Values lookup fields (and column names) that were not valid UTF-8 and were decoded
 *     as ISO-8859-1
 * @param notes remarks for the run summary (duplicate ids, lines without a tab)
 * @param digest MD5 and size of the archive, and why it could not be unpacked, if so
 */
public record LookupArchive(
    List<String> columns,
    Map<String, Map<String, String>> tables,
    int latin1Values,
    List<String> notes,
    FileDigest digest) {

  /** The member naming the data files' columns. */
  public static final String COLUMN_HEADERS = "column_headers.tsv";

  public LookupArchive {
    columns = List.copyOf(columns);
    tables = Map.copyOf(tables);
    notes = List.copyOf(notes);
  }

  /**
   * Reads an archive to its end.
   *
   * @param in the archive's bytes as delivered; closed when done
   * @param path the archive's path, for the digest and messages
   * @param members the lookup members to keep (by file name; directories inside the archive are
   *     ignored), besides {@link #COLUMN_HEADERS}
   * @return the columns, tables and digest; when the archive cannot be unpacked, what was read so
   *     far with {@link FileDigest#readError()} set
   * @throws IOException when the file itself cannot be read
   */
  public static LookupArchive read(InputStream in, String path, Set<String> members) throws IOException {
    FileDigest.DigestingInputStream digesting = new FileDigest.DigestingInputStream(in);
    List<String> columns = new ArrayList<>();
    Map<String, Map<String, String>> tables = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    int[] latin1 = new int[1];
    String error = null;
    Packaging packaging = Packaging.of(path);
    if (packaging == null || !packaging.isArchive()) {
      error = "cannot unpack it: a lookup archive ends in .tar.gz, .tgz or .zip";
    } else {
      try {
        Packaging.Opened archive = packaging.openArchive(digesting);
        ArchiveEntry entry;
        while ((entry = archive.members().getNextEntry()) != null) {
          String name = Packaging.baseName(entry.getName());
          if (entry.isDirectory()) {
            continue;
          }
          if (name.equals(COLUMN_HEADERS)) {
            columns.addAll(columnHeaders(readAll(archive.members()), latin1));
          } else if (members.contains(name)) {
            tables.put(name, table(name, readAll(archive.members()), latin1, notes));
          }
        }
        // Reading a gzip stream to its end checks its CRC over members that were skipped too.
        archive.underlying().transferTo(OutputStream.nullOutputStream());
      } catch (IOException | IllegalArgumentException e) {
        error = "cannot unpack it as " + packaging.label() + ": " + e.getMessage();
      }
    }
    FileDigest digest = digesting.finish(path, error);
    return new LookupArchive(columns, tables, latin1[0], notes, digest);
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }

  /** The tab-separated names of the first line; a trailing CR or LF is not part of the last name. */
  static List<String> columnHeaders(byte[] bytes, int[] latin1) {
    int end = 0;
    while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
      end++;
    }
    List<String> names = new ArrayList<>();
    EscapedTsvReader.FieldDecoder decoder = new EscapedTsvReader.FieldDecoder();
    int start = 0;
    for (int i = 0; i <= end; i++) {
      if (i == end || bytes[i] == '\t') {
        names.add(decoder.decode(Arrays.copyOfRange(bytes, start, i), i - start).strip());
        latin1[0] += decoder.lastWasLatin1 ? 1 : 0;
        start = i + 1;
      }
    }
    return end == 0 ? List.of() : names;
  }

  /**
   * Parses an {@code id<TAB>name[<TAB>...]} member: ids normalized ({@link
   * HitConverter#normalizeId}), the first occurrence of an id wins (later ones are noted), lines
   * without a tab are noted and skipped, empty lines are ignored.
   */
  static Map<String, String> table(String member, byte[] bytes, int[] latin1, List<String> notes) {
    Map<String, String> out = new LinkedHashMap<>();
    EscapedTsvReader.FieldDecoder decoder = new EscapedTsvReader.FieldDecoder();
    Set<String> conflicting = new HashSet<>();
    int malformed = 0;
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i < bytes.length && bytes[i] != '\n') {
        continue;
      }
      int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
      if (end > start) {
        int tab = start;
        while (tab < end && bytes[tab] != '\t') {
          tab++;
        }
        int nameEnd = tab + 1;
        while (nameEnd < end && bytes[nameEnd] != '\t') {
          nameEnd++;
        }
        if (tab == end) {
          malformed++;
        } else {
          String id = HitConverter.normalizeId(decode(decoder, bytes, start, tab, latin1).strip());
          String name = decode(decoder, bytes, tab + 1, nameEnd, latin1);
          String previous = out.putIfAbsent(id, name);
          if (previous != null && !previous.equals(name)) {
            conflicting.add(id);
          }
        }
      }
      start = i + 1;
    }
    if (malformed > 0) {
      notes.add("lookup " + member + ": " + malformed + " line(s) without a tab were skipped");
    }
    if (!conflicting.isEmpty()) {
      notes.add("lookup " + member + ": " + conflicting.size()
          + " id(s) listed twice with different names; the first name is used");
    }
    return out;
  }

  private static String decode(EscapedTsvReader.FieldDecoder decoder, byte[] bytes, int from, int to, int[] latin1) {
    String s = decoder.decode(Arrays.copyOfRange(bytes, from, to), to - from);
    latin1[0] += decoder.lastWasLatin1 ? 1 : 0;
    return s;
  }
}
