package io.feedlake.cli;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.config.ConfigException;
import io.feedlake.config.ConfigLoader;
import io.feedlake.config.Settings;
import io.feedlake.spark.SparkSessions;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import scala.Tuple2;

/**
 * Makes configuration given as Hadoop URIs ({@code s3a://}, {@code hdfs://}) readable by the
 * configuration loader, so that it travels with a cluster-mode job: a {@code --conf-file} (with the
 * other {@code .conf} files of its directory, which its relative {@code include}s name), and the
 * directories {@code jobs.dir}, {@code report.dir} and {@code report.views-dir} when written as URIs,
 * {@code file:} included (each copied whole,
 * with subdirectories: job files, {@code .avsc} schemas, report {@code .sql}/{@code .conf} files,
 * views). Each is copied once per process to a local temporary directory, which is deleted when the
 * JVM exits. The file system is reached with Hadoop's defaults, then the {@code spark.hadoop.*}
 * entries of the configuration's {@code spark.conf}, then those spark-submit set (which win, as
 * they do for Spark itself). Runs on the driver.
 */
final class ConfFiles {
  /** The directory keys that may name a Hadoop URI, in the order they are copied. */
  private static final List<String> DIRECTORY_KEYS = List.of("jobs.dir", "report.dir", "report.views-dir");

  /** Local copies made by this process, deleted at exit. */
  private static final List<Path> COPIES = new ArrayList<>();

  private ConfFiles() {}

  /**
   * The local path of a {@code --conf-file} value: itself when it has no scheme (or {@code file:}),
   * otherwise a local copy.
   *
   * @throws FeedlakeException exit 2 when the file does not exist, exit 5 when it cannot be read
   */
  static Path local(String confFile) {
    if (!remote(confFile)) {
      return localPath(confFile);
    }
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(URI.create(confFile));
    try {
      FileSystem fs = file.getFileSystem(submitted(new Configuration()));
      if (!fs.isFile(file)) {
        throw FeedlakeException.usage("--conf-file: " + confFile + " does not exist");
      }
      Path dir = tempDirectory("feedlake-conf");
      for (FileStatus st : fs.listStatus(file.getParent(), p -> p.getName().endsWith(".conf"))) {
        if (st.isFile()) {
          fs.copyToLocalFile(false, st.getPath(), new org.apache.hadoop.fs.Path(dir.resolve(st.getPath().getName()).toUri()), true);
        }
      }
      return dir.resolve(file.getName());
    } catch (FileNotFoundException e) {
      throw FeedlakeException.usage("--conf-file: " + confFile + " does not exist");
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "--conf-file: cannot read " + confFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * Overrides that point {@code jobs.dir}, {@code report.dir} and {@code report.views-dir} at local
   * copies, for those of them that are Hadoop URIs: empty when none is (or when the settings do not
   * validate; their problems are reported where the command reads them). A directory below an
   * already copied one (the default {@code report.dir} is {@code ${jobs.dir}/reports}) is taken from
   * that copy.
   *
   * @param loader the configuration as loaded, with the directories as written
   * @return {@code key -> local directory}, in {@link #DIRECTORY_KEYS} order
   * @throws FeedlakeException exit 2 when a directory does not exist, exit 5 when it cannot be read
   */
  static Map<String, String> localDirectories(ConfigLoader loader) {
    Settings settings;
    try {
      settings = loader.settings();
    } catch (ConfigException e) {
      return Map.of();
    }
    Map<String, String> dirs = new LinkedHashMap<>();
    dirs.put("jobs.dir", settings.jobsDir());
    dirs.put("report.dir", settings.report().dir());
    dirs.put("report.views-dir", settings.report().viewsDir());
    Map<String, String> copied = new LinkedHashMap<>();
    Map<String, String> out = new LinkedHashMap<>();
    Configuration conf = null;
    for (String key : DIRECTORY_KEYS) {
      String uri = trimSlash(dirs.get(key));
      // file: URIs too: the loader reads plain paths only.
      if (uri == null || !hasScheme(uri)) {
        continue;
      }
      String local = below(copied, uri);
      if (local == null) {
        if (conf == null) {
          conf = submitted(SparkSessions.hadoopConfiguration(settings));
        }
        local = copyDirectory(key, uri, conf).toString();
        copied.put(uri, local);
      }
      out.put(key, local);
    }
    return out;
  }

  /** The local counterpart of {@code uri} inside an already copied directory, or null. */
  private static String below(Map<String, String> copied, String uri) {
    for (Map.Entry<String, String> c : copied.entrySet()) {
      if (uri.equals(c.getKey())) {
        return c.getValue();
      }
      if (uri.startsWith(c.getKey() + "/")) {
        return Paths.get(c.getValue(), uri.substring(c.getKey().length() + 1).split("/")).toString();
      }
    }
    return null;
  }

  /**
   * Copies a directory and everything below it to a new local temporary directory.
   *
   * @return the local copy
   * @throws FeedlakeException exit 2 when it does not exist or is a file, exit 5 when it cannot be read
   */
  static Path copyDirectory(String key, String uri, Configuration conf) {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(URI.create(uri));
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.getFileStatus(dir).isDirectory()) {
        throw FeedlakeException.usage(key + ": " + uri + " is a file, not a directory");
      }
      Path local = tempDirectory("feedlake-" + key.replace('.', '-')).resolve(dir.getName().isEmpty() ? "root" : dir.getName());
      fs.copyToLocalFile(false, dir, new org.apache.hadoop.fs.Path(local.toUri()), true);
      return local;
    } catch (FileNotFoundException e) {
      throw FeedlakeException.usage(key + ": directory " + uri + " does not exist");
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT, key + ": cannot copy " + uri + ": " + e.getMessage(), e);
    }
  }

  /** Whether a value names a non-local file system (a scheme other than {@code file:} or a drive letter). */
  static boolean remote(String value) {
    return hasScheme(value) && !value.startsWith("file:");
  }

  /** Whether a value is a URI with a scheme (a Windows drive letter is not one). */
  static boolean hasScheme(String value) {
    try {
      String scheme = new URI(value).getScheme();
      return scheme != null && scheme.length() > 1;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static Path localPath(String value) {
    try {
      URI uri = new URI(value);
      if ("file".equals(uri.getScheme())) {
        return Paths.get(uri);
      }
    } catch (URISyntaxException | IllegalArgumentException e) {
      // A plain path with characters a URI does not allow.
    }
    return Paths.get(value);
  }

  private static String trimSlash(String uri) {
    return uri != null && uri.endsWith("/") && uri.length() > 1 ? uri.substring(0, uri.length() - 1) : uri;
  }

  private static synchronized Path tempDirectory(String prefix) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    if (COPIES.isEmpty()) {
      Runtime.getRuntime().addShutdownHook(new Thread(ConfFiles::deleteCopies, "feedlake-conf-cleanup"));
    }
    COPIES.add(dir);
    return dir;
  }

  private static synchronized void deleteCopies() {
    COPIES.forEach(d -> FileUtils.deleteQuietly(d.toFile()));
    COPIES.clear();
  }

  /** {@code conf} with the {@code spark.hadoop.*} entries spark-submit set (system properties) on top. */
  private static Configuration submitted(Configuration conf) {
    for (Tuple2<String, String> kv : new SparkConf().getAllWithPrefix("spark.hadoop.")) {
      conf.set(kv._1(), kv._2());
    }
    return conf;
  }
}
