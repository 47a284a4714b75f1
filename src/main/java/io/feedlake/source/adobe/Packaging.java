package io.feedlake.source.adobe;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * How a delivered Adobe file is packed, told by the end of its name (Adobe Experience League,
 * "Data feed contents - overview": the {@code [compression_suffix]} is typically {@code tar.gz} or
 * {@code zip}; FEEDS.md section 1):
 *
 * <ul>
 *   <li>{@code .tsv.gz}: one gzip'd escaped TSV, the usual multi-file data file;
 *   <li>{@code .tsv}: the same, uncompressed;
 *   <li>{@code .tar.gz} / {@code .tgz} and {@code .zip}: an archive; as a data file it holds one
 *       {@value #HIT_DATA} (single-file deliveries, and multi-file ones packed this way) and
 *       usually the lookup files too; as a lookup file it holds {@code column_headers.tsv} and
 *       the {@code id<TAB>name} lookups.
 * </ul>
 *
 * Archives are read as streams with Apache Commons Compress (no external process, no temporary
 * file), so they work on any Hadoop file system.
 */
enum Packaging {
  TSV_GZ("gzip"),
  TSV("tsv"),
  TAR_GZ("tar.gz"),
  ZIP("zip");

  /** The member of a data archive that holds the hit data. */
  static final String HIT_DATA = "hit_data.tsv";

  private final String label;

  Packaging(String label) {
    this.label = label;
  }

  /** The packing's usual name in messages: gzip, tsv, tar.gz or zip. */
  String label() {
    return label;
  }

  /** Whether a file of this name is an archive ({@code .tar.gz}, {@code .tgz} or {@code .zip}). */
  static boolean isArchive(String name) {
    Packaging p = of(name);
    return p != null && p.isArchive();
  }

  /** Whether files of this packing are archives of several members. */
  boolean isArchive() {
    return this == TAR_GZ || this == ZIP;
  }

  /**
   * The packing of a file name, or null when the name has none of the endings above. Case is
   * ignored.
   */
  static Packaging of(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".tsv.gz")) {
      return TSV_GZ;
    }
    if (n.endsWith(".tsv")) {
      return TSV;
    }
    if (n.endsWith(".tar.gz") || n.endsWith(".tgz")) {
      return TAR_GZ;
    }
    if (n.endsWith(".zip")) {
      return ZIP;
    }
    return null;
  }

  /** The regular-expression alternatives of the data file endings, for file name patterns. */
  static String dataSuffixPattern() {
    return "(?:tsv|tsv\\.gz|tar\\.gz|tgz|zip)";
  }

  /**
   * An opened archive: its members, and the stream under them that must be read to its end to
   * check the whole file (the gzip stream of a tar.gz, whose trailer holds a CRC).
   *
   * @param members the archive's members, in stored order
   * @param underlying the decompressed stream below the members (the raw stream for zip)
   */
  record Opened(ArchiveInputStream members, InputStream underlying) {}

  /**
   * Opens an archive over its bytes as delivered.
   *
   * @throws IOException when the bytes are not of this packing (e.g. not gzip)
   * @throws IllegalStateException when this packing is not an archive
   */
  Opened openArchive(InputStream raw) throws IOException {
    switch (this) {
      case TAR_GZ -> {
        GzipCompressorInputStream gzip = new GzipCompressorInputStream(raw, true);
        return new Opened(new TarArchiveInputStream(gzip), gzip);
      }
      case ZIP -> {
        // Streamed zips may hold STORED members with a data descriptor: allow them.
        return new Opened(new ZipArchiveInputStream(raw, "UTF-8", true, true), raw);
      }
      default -> throw new IllegalStateException(label + " is not an archive");
    }
  }

  /**
   * Opens the escaped-TSV hit data of a data file: the file itself, its gzip content, or the
   * {@value #HIT_DATA} member of an archive (found by file name, whatever directory it is stored
   * under; the members before it are skipped, which for a tar.gz means decompressing them).
   *
   * @param raw the file's bytes as delivered
   * @return a stream positioned at the first byte of the hit data, ending with it
   * @throws IOException when the bytes cannot be decompressed or unpacked, or an archive holds no
   *     {@value #HIT_DATA} (the message lists its members)
   */
  InputStream openHitData(InputStream raw) throws IOException {
    switch (this) {
      case TSV:
        return raw;
      case TSV_GZ:
        return new GZIPInputStream(raw, 1 << 16);
      default:
        ArchiveInputStream members = openArchive(raw).members();
        List<String> seen = new ArrayList<>();
        ArchiveEntry e;
        while ((e = members.getNextEntry()) != null) {
          if (!e.isDirectory() && baseName(e.getName()).equals(HIT_DATA)) {
            return members;
          }
          seen.add(e.getName());
        }
        throw new IOException("the archive holds no " + HIT_DATA + " (members: " + seen + ")");
    }
  }

  /** A member's file name without the directories it is stored under. */
  static String baseName(String member) {
    return member.substring(member.lastIndexOf('/') + 1);
  }
}
