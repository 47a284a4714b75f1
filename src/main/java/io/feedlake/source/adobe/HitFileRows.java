package io.feedlake.source.adobe;

import io.feedlake.source.LookAheadIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Streams the records of one Adobe data file as rows, on an executor: the file's bytes go
 * through an MD5 digest and a byte counter, then gzip (for {@code .tsv.gz} names; multi-member
 * streams are read to their end) or to the {@code hit_data.tsv} member of a {@code .tar.gz} or
 * {@code .zip} archive (see {@link Packaging}), then the {@link EscapedTsvReader}, then the {@link
 * HitConverter}. Nothing is held beyond one record. When the file has been read to its end, its
 * {@link FileDigest} goes to the accumulator, so the driver can check it against the manifest
 * before anything is published. A decompression error (or an archive without {@code
 * hit_data.tsv}) ends the records early and is reported in
 * the digest (the rest of the file is still digested), not thrown: a corrupt file is then
 * reported by its MD5 mismatch, naming the file.
 */
final class HitFileRows extends LookAheadIterator<Row> {
  private final String path;
  private final HitConverter converter;
  private final CollectionAccumulator<FileDigest> digests;
  private final FileDigest.DigestingInputStream raw;
  private final Packaging packaging;
  private EscapedTsvReader reader;
  private String readError;

  /**
   * Opens the file (for an archive: skips to its hit_data.tsv); records are read as they are asked for.
   *
   * @throws IOException when the file cannot be opened
   */
  HitFileRows(Configuration conf, String path, HitConverter converter,
      CollectionAccumulator<FileDigest> digests) throws IOException {
    this.path = path;
    this.converter = converter;
    this.digests = digests;
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(conf);
    this.raw = new FileDigest.DigestingInputStream(fs.open(p));
    Packaging found = Packaging.of(p.getName());
    this.packaging = found == null ? Packaging.TSV : found;
    io.feedlake.source.ReadLimits limits = io.feedlake.source.ReadLimits.from(conf);
    try {
      java.io.InputStream hits = packaging.openHitData(raw);
      if (packaging != Packaging.TSV) {
        hits = limits.capExpansion(hits, path, fs.getFileStatus(p).getLen());
      }
      this.reader = new EscapedTsvReader(hits, limits.maxRecordBytes());
    } catch (IOException | IllegalArgumentException e) {
      this.readError = unreadable(e);
    }
  }

  @Override
  protected Row fetch() {
    if (reader != null) {
      try {
        EscapedTsvReader.Record r = reader.next();
        if (r != null) {
          return converter.convert(path, r);
        }
      } catch (IOException | IllegalArgumentException e) {
        readError = unreadable(e);
      }
      reader = null;
    }
    try {
      digests.add(raw.finish(path, readError));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
    }
    return null;
  }

  private String unreadable(Exception e) {
    return (packaging == Packaging.TSV ? "cannot read it: " : "cannot unpack it as " + packaging.label() + ": ")
        + e.getMessage();
  }
}
