package io.feedlake.publish;

import java.util.List;

/**
 * A partition as it is on storage after a write, read back from the Parquet footers.
 *
 * @param location the partition directory (fully qualified)
 * @param files the Parquet files in it
 */
public record WrittenPartition(String location, List<WrittenFile> files) {
  public WrittenPartition {
    files = List.copyOf(files);
  }

  /**
   * One Parquet file.
   *
   * @param path fully qualified path
   * @param bytes size on storage in bytes
   * @param rows row count from the footer
   */
  public record WrittenFile(String path, long bytes, long rows) {}

  /** Total rows over all files, from the footers. */
  public long rows() {
    return files.stream().mapToLong(WrittenFile::rows).sum();
  }

  /** Total bytes over all files. */
  public long bytes() {
    return files.stream().mapToLong(WrittenFile::bytes).sum();
  }
}
