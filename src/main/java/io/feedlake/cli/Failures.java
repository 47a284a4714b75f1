package io.feedlake.cli;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import java.io.EOFException;
import java.io.IOException;
import java.util.zip.ZipException;
import org.apache.avro.InvalidAvroMagicException;

/** Maps any failure reaching the command line to a {@link FeedlakeException} and exit code. */
final class Failures {
  private Failures() {}

  /**
   * Walks the cause chain: a {@link FeedlakeException} keeps its code; a truncated or corrupt
   * compressed input, or a file that is not a valid Avro container (bad magic or sync marker), is
   * a data contract violation (3); another I/O error is transient (5); anything else is internal
   * (1).
   */
  static FeedlakeException classify(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof FeedlakeException f) {
        return f;
      }
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ZipException || c instanceof EOFException) {
        return new FeedlakeException(ExitCode.DATA_CONTRACT,
            "Corrupt or truncated compressed input: " + c.getMessage() + " (" + root(t) + ")", t);
      }
      // Avro's own corruption signals (DataFileStream): a retry cannot fix them.
      if (c instanceof InvalidAvroMagicException
          || (c instanceof IOException && "Invalid sync!".equals(c.getMessage()))) {
        return new FeedlakeException(ExitCode.DATA_CONTRACT,
            "Corrupt Avro input: " + c.getMessage() + " (" + t.getMessage() + ")", t);
      }
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof IOException) {
        return new FeedlakeException(ExitCode.TRANSIENT, "I/O failure: " + c.getMessage(), t);
      }
    }
    return new FeedlakeException(ExitCode.INTERNAL, String.valueOf(t), t);
  }

  private static String root(Throwable t) {
    Throwable r = t;
    while (r.getCause() != null) {
      r = r.getCause();
    }
    return r.toString();
  }
}
