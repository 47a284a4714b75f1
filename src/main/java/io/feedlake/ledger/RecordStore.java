package io.feedlake.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * Writes small control files (run records) so that a reader sees either the previous content or
 * the new content, never a partial or empty file, whatever the store. Runs on the driver.
 *
 * <ul>
 *   <li><b>Local disk</b>: the bytes go to a hidden temporary file {@code _tmp.<name>.<uuid>} in
 *       the same directory, which is then renamed over the target with POSIX {@code rename(2)}
 *       (atomic replace within one file system). The raw local file system is used, so no {@code
 *       .crc} side file can disagree with the record.
 *   <li><b>HDFS and other file systems with an atomic rename</b>: the same temporary file, then
 *       {@link FileContext#rename} with {@link Options.Rename#OVERWRITE}, one NameNode operation.
 *   <li><b>Object stores</b> ({@code s3a}, {@code s3}, {@code s3n}, {@code gs}, {@code oss}): one
 *       direct create. Their rename is a copy plus a delete and is not atomic, but an object
 *       written through S3A only becomes visible when its stream is closed (a single PUT, or the
 *       completion of a multipart upload), and a PUT replaces an object atomically (Amazon S3
 *       user guide, "Amazon S3 data consistency model"), so no partial record is ever visible.
 * </ul>
 *
 * Temporary files start with {@code _}, the prefix Hadoop, Spark and feedlake's own listings skip;
 * a crash can leave one behind, which readers ignore.
 */
public final class RecordStore {
  private static final Set<String> OBJECT_STORES = Set.of("s3a", "s3", "s3n", "gs", "oss");
  /** Prefix of the temporary files this store writes. */
  public static final String TEMP_PREFIX = "_tmp.";

  private final Configuration conf;

  /** @param conf Hadoop configuration reaching the lake */
  public RecordStore(Configuration conf) {
    this.conf = conf;
  }

  /** How a store makes a new version of a file visible. */
  public enum Method {
    /** Temporary file then POSIX rename (local disk). */
    LOCAL_RENAME,
    /** Temporary file then an overwriting rename in one file-system call (HDFS). */
    RENAME,
    /** One create whose object becomes visible whole on close (S3 and other object stores). */
    DIRECT_PUT
  }

  /** The method used for a path, from its scheme (or the default file system's). */
  public Method methodFor(Path file) {
    String scheme = file.toUri().getScheme();
    if (scheme == null) {
      scheme = FileSystem.getDefaultUri(conf).getScheme();
    }
    scheme = scheme == null ? "file" : scheme.toLowerCase(Locale.ROOT);
    if (OBJECT_STORES.contains(scheme)) {
      return Method.DIRECT_PUT;
    }
    return "file".equals(scheme) ? Method.LOCAL_RENAME : Method.RENAME;
  }

  /** Whether a file name is one of this store's temporary files (or any hidden file). */
  public static boolean hidden(String name) {
    return name.startsWith("_") || name.startsWith(".");
  }

  /**
   * Replaces (or creates) a file with the given bytes, atomically for readers.
   *
   * @param file the target file; its directory is created when missing
   * @param content the complete new content
   * @throws IOException when the store refuses; the target then still holds its previous content
   */
  public void write(Path file, byte[] content) throws IOException {
    FileSystem fs = fileSystem(file);
    Method method = methodFor(file);
    if (method == Method.DIRECT_PUT) {
      try (OutputStream out = fs.create(file, true)) {
        out.write(content);
      }
      return;
    }
    Path tmp = new Path(file.getParent(), TEMP_PREFIX + file.getName() + "." + UUID.randomUUID());
    try {
      try (OutputStream out = fs.create(tmp, false)) {
        out.write(content);
      }
      if (method == Method.LOCAL_RENAME) {
        if (!fs.rename(tmp, file)) {
          throw new IOException("the file system refused to rename " + tmp + " to " + file);
        }
        // A record first written through the checksummed local file system has a .crc beside it
        // that no longer matches.
        fs.delete(new Path(file.getParent(), "." + file.getName() + ".crc"), false);
      } else {
        FileContext.getFileContext(fs.getUri(), conf).rename(tmp, file, Options.Rename.OVERWRITE);
      }
    } catch (IOException | RuntimeException e) {
      try {
        fs.delete(tmp, false);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** Opens a file written by {@link #write} (bypassing local checksum files). */
  public InputStream open(Path file) throws IOException {
    return fileSystem(file).open(file);
  }

  /** The file system for a path; the raw one for local disk, so that no {@code .crc} is kept. */
  FileSystem fileSystem(Path file) throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
  }
}
