package io.feedlake.source;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.config.InputSpec;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;

/**
 * The memory bounds of the readers that run on executors: the longest record ({@code
 * source.max-record-bytes}) and the most decompressed bytes per compressed byte of one file
 * ({@code source.max-expansion}). The ingest puts a job's limits into the Hadoop configuration
 * that every reader already receives (as Hadoop's own {@code LineRecordReader} takes {@code
 * mapreduce.input.linerecordreader.line.maxlength} from it), so no source constructor carries them;
 * without those keys the defaults of {@link InputSpec#DEFAULTS} apply.
 *
 * @param maxRecordBytes the longest record, in bytes
 * @param maxExpansion the highest ratio of decompressed to compressed bytes of one file
 */
public record ReadLimits(long maxRecordBytes, long maxExpansion) implements Serializable {
  /** Hadoop configuration key of {@link #maxRecordBytes}. */
  public static final String MAX_RECORD_BYTES = "feedlake.source.max-record-bytes";
  /** Hadoop configuration key of {@link #maxExpansion}. */
  public static final String MAX_EXPANSION = "feedlake.source.max-expansion";

  /** The limits of a job's input settings. */
  public static ReadLimits of(InputSpec input) {
    return new ReadLimits(input.maxRecordBytes(), input.maxExpansion());
  }

  /** The limits set in a Hadoop configuration, or the defaults. */
  public static ReadLimits from(Configuration conf) {
    return new ReadLimits(conf.getLong(MAX_RECORD_BYTES, InputSpec.DEFAULTS.maxRecordBytes()),
        conf.getLong(MAX_EXPANSION, InputSpec.DEFAULTS.maxExpansion()));
  }

  /** Sets these limits in a Hadoop configuration (on the driver, before the readers are planned). */
  public void applyTo(Configuration conf) {
    conf.setLong(MAX_RECORD_BYTES, maxRecordBytes);
    conf.setLong(MAX_EXPANSION, maxExpansion);
  }

  /**
   * Wraps a decompressed stream so that reading more than {@code maxExpansion × compressedBytes}
   * bytes from it fails with exit 3 naming the file, before a decompression bomb fills the disk
   * or the heap.
   *
   * @param decompressed the codec's stream
   * @param path the file, for the message
   * @param compressedBytes the file's size on storage
   */
  public InputStream capExpansion(InputStream decompressed, String path, long compressedBytes) {
    long cap = Math.multiplyHigh(Math.max(compressedBytes, 1), maxExpansion) != 0
        ? Long.MAX_VALUE : Math.max(compressedBytes, 1) * maxExpansion;
    return new FilterInputStream(decompressed) {
      private long read;

      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          count(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
          count(n);
        }
        return n;
      }

      private void count(int n) {
        read += n;
        if (read > cap) {
          throw new FeedlakeException(ExitCode.DATA_CONTRACT, "Cannot read " + path + ": it decompresses to more than "
              + cap + " bytes, over source.max-expansion (" + maxExpansion + " x its " + compressedBytes
              + " compressed bytes); the file is damaged or a decompression bomb. Raise source.max-expansion if it"
              + " is genuine");
        }
      }
    };
  }
}
