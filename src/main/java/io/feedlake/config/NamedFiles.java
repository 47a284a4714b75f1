package io.feedlake.config;

import io.feedlake.FeedlakeException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Resolves a name given on the command line ({@code --job NAME}, {@code report NAME}) to its file
 * in its directory, refusing names that lead out of it ({@code ../../x}, an absolute path): a job
 * or report name selects a file of the installation, never configuration or SQL from elsewhere.
 */
public final class NamedFiles {
  private NamedFiles() {}

  /**
   * @param dir the directory the names live in ({@code jobs.dir}, {@code report.dir})
   * @param name the name as given
   * @param extension the file ending, e.g. {@code .conf}
   * @param what what the name names, for the message (e.g. {@code job})
   * @return {@code <dir>/<name><extension>}, normalized
   * @throws FeedlakeException exit 2 when the file would lie outside {@code dir}
   */
  public static Path inside(String dir, String name, String extension, String what) {
    Path base = Paths.get(dir).toAbsolutePath().normalize();
    Path file = base.resolve(name + extension).normalize();
    if (!file.startsWith(base) || file.getParent() == null || name.isEmpty()) {
      throw FeedlakeException.usage(what + " '" + name + "': resolves to " + file + ", outside " + base
          + "; give the name of a " + what + " in that directory");
    }
    return file;
  }
}
