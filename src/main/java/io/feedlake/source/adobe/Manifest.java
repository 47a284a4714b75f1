package io.feedlake.source.adobe;

import io.feedlake.FeedlakeException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An Adobe Analytics data feed manifest, {@code <rsid>_<YYYY-MM-DD>.txt}: the header counts and
 * one entry per delivered file. Adobe delivers it last, so its presence means the delivery is
 * complete (Adobe Experience League, "Data feed contents - overview", section "Manifest file";
 * FEEDS.md section 1).
 *
 * @param version {@code Datafeed-Manifest-Version}, or null when absent
 * @param totalRecords {@code Total-Records}: the sum of the data files' record counts (records,
 *     not physical lines)
 * @param lookupFiles the {@code Lookup-File} entries, in manifest order
 * @param dataFiles the {@code Data-File} entries, in manifest order; empty for an empty period
 */
public record Manifest(
    String version, long totalRecords, List<Entry> lookupFiles, List<Entry> dataFiles) {

  public Manifest {
    lookupFiles = List.copyOf(lookupFiles);
    dataFiles = List.copyOf(dataFiles);
  }

  /**
   * One delivered file.
   *
   * @param name file name (no directory), e.g. {@code 01-examplersid_2024-03-02.tsv.gz}
   * @param md5 {@code MD5-Digest}: 32 lower-case hex digits of the MD5 of the file's bytes as
   *     delivered (compressed)
   * @param size {@code File-Size}: the file's size in bytes as delivered
   * @param recordCount {@code Record-Count} of a data file; null for a lookup file
   */
  public record Entry(String name, String md5, long size, Long recordCount) {}

  /** Whether the manifest describes an empty period ({@code Data-Files: 0}). */
  public boolean emptyPeriod() {
    return dataFiles.isEmpty();
  }

  /**
   * Parses a manifest. Accepts the shapes real deliveries and Adobe's documentation show: blocks
   * separated by one or more blank lines, no final newline, CRLF line ends, a byte order mark, and
   * lines indented with spaces or tabs (the documentation's example is indented; unlike a JAR
   * manifest, an indented line is never a continuation, since no value is long enough to wrap).
   * A {@code Lookup-File} or {@code Data-File} line opens a file entry; the other attributes of
   * the entry follow it. Unknown attributes are ignored. A digest with fewer than 32 hex digits is
   * left-padded with zeros: the example in Adobe's documentation has 31, as an MD5 printed as an
   * unpadded number would.
   *
   * @param text the manifest's text
   * @param where the manifest's path, for messages
   * @return the parsed manifest
   * @throws FeedlakeException exit 3 listing every problem (line number, attribute and value),
   *     including header counts that disagree with the entries
   */
  public static Manifest parse(String text, String where) {
    List<String> problems = new ArrayList<>();
    String version = null;
    Long lookupCount = null;
    Long dataCount = null;
    Long totalRecords = null;
    List<Builder> lookups = new ArrayList<>();
    List<Builder> data = new ArrayList<>();
    Builder current = null;
    Set<String> headers = new HashSet<>();
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    String[] lines = body.split("\r\n|\r|\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int n = i + 1;
      String line = lines[i].strip();
      if (line.isEmpty()) {
        current = null;
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        problems.add("line " + n + ": expected 'Name: value', got '" + line + "'");
        continue;
      }
      String name = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      headers.add(name);
      switch (name) {
        case "Datafeed-Manifest-Version" -> version = value;
        case "Lookup-Files" -> lookupCount = count(problems, n, name, value, lookupCount);
        case "Data-Files" -> dataCount = count(problems, n, name, value, dataCount);
        case "Total-Records" -> totalRecords = count(problems, n, name, value, totalRecords);
        case "Lookup-File", "Data-File" -> {
          current = new Builder(name, value, n);
          (name.equals("Lookup-File") ? lookups : data).add(current);
          if (value.isEmpty() || value.contains("/") || value.contains("\\") || value.equals("..")) {
            problems.add("line " + n + ": " + name + " '" + value + "' is not a file name");
          }
        }
        case "MD5-Digest", "File-Size", "Record-Count" -> {
          if (current == null) {
            problems.add("line " + n + ": " + name + " outside a Lookup-File or Data-File block");
          } else {
            current.set(problems, n, name, value);
          }
        }
        default -> {
          // Attributes feedlake does not use (JAR-manifest style allows extra ones).
        }
      }
    }
    for (String header : List.of("Lookup-Files", "Data-Files", "Total-Records")) {
      if (!headers.contains(header)) {
        problems.add("header " + header + " is missing");
      }
    }
    List<Entry> lookupEntries = new ArrayList<>();
    List<Entry> dataEntries = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Builder b : lookups) {
      b.build(problems, names).ifPresent(lookupEntries::add);
    }
    long sum = 0;
    for (Builder b : data) {
      b.build(problems, names).ifPresent(dataEntries::add);
      sum += b.recordCount == null ? 0 : b.recordCount;
    }
    if (lookupCount != null && lookupCount != lookups.size()) {
      problems.add("header Lookup-Files: " + lookupCount + " but " + lookups.size()
          + " Lookup-File block(s) follow");
    }
    if (dataCount != null && dataCount != data.size()) {
      problems.add("header Data-Files: " + dataCount + " but " + data.size()
          + " Data-File block(s) follow");
    }
    if (totalRecords != null && totalRecords != sum && problems.isEmpty()) {
      problems.add("header Total-Records: " + totalRecords + " but the Record-Count values add up to "
          + sum);
    }
    if (!problems.isEmpty()) {
      throw FeedlakeException.dataContract(
          "Cannot read Adobe manifest " + where + " (" + problems.size() + " problem"
              + (problems.size() == 1 ? "" : "s") + "):\n  - " + String.join("\n  - ", problems));
    }
    return new Manifest(version, totalRecords, lookupEntries, dataEntries);
  }

  private static Long count(List<String> problems, int line, String name, String value, Long previous) {
    if (previous != null) {
      problems.add("line " + line + ": " + name + " appears twice");
    }
    try {
      long v = Long.parseLong(value);
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      problems.add("line " + line + ": " + name + " '" + value + "' is not a non-negative whole number");
      return null;
    }
  }

  /**
   * Normalizes an {@code MD5-Digest} value: lower case, left-padded with zeros to 32 digits.
   *
   * @return the digest, or null when it is not 1 to 32 hex digits
   */
  static String normalizeDigest(String value) {
    String v = value.toLowerCase(Locale.ROOT);
    if (v.isEmpty() || v.length() > 32 || !v.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      return null;
    }
    return "0".repeat(32 - v.length()) + v;
  }

  /** Collects one file block's attributes. */
  private static final class Builder {
    private final String kind;
    private final String name;
    private final int line;
    private String md5;
    private Long size;
    private Long recordCount;
    private final Set<String> given = new HashSet<>();

    Builder(String kind, String name, int line) {
      this.kind = kind;
      this.name = name;
      this.line = line;
    }

    void set(List<String> problems, int n, String attribute, String value) {
      given.add(attribute);
      switch (attribute) {
        case "MD5-Digest" -> {
          if (md5 != null) {
            problems.add("line " + n + ": MD5-Digest appears twice for " + name);
          }
          md5 = normalizeDigest(value);
          if (md5 == null) {
            problems.add("line " + n + ": MD5-Digest '" + value + "' of " + name
                + " is not an MD5 digest (expected 32 hex digits)");
          }
        }
        case "File-Size" -> size = count(problems, n, "File-Size", value, size);
        default -> {
          if (kind.equals("Lookup-File")) {
            problems.add("line " + n + ": Record-Count in the Lookup-File block of " + name);
          } else {
            recordCount = count(problems, n, "Record-Count", value, recordCount);
          }
        }
      }
    }

    Optional<Entry> build(List<String> problems, Set<String> names) {
      int before = problems.size();
      if (!names.add(name)) {
        problems.add("line " + line + ": " + name + " is listed twice");
      }
      List<String> required =
          kind.equals("Data-File") ? List.of("MD5-Digest", "File-Size", "Record-Count")
              : List.of("MD5-Digest", "File-Size");
      for (String attribute : required) {
        if (!given.contains(attribute)) {
          problems.add(kind + " " + name + " (line " + line + ") has no " + attribute);
        }
      }
      if (problems.size() > before || md5 == null || size == null
          || (kind.equals("Data-File") && recordCount == null)) {
        return Optional.empty();
      }
      return Optional.of(new Entry(name, md5, size, recordCount));
    }
  }
}
