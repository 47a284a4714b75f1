package io.feedlake.cli;

import io.feedlake.FeedlakeException;
import io.feedlake.ExitCode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import scala.Tuple2;

/**
 * Makes a {@code --conf-file} given as a Hadoop URI ({@code s3a://}, {@code hdfs://}) readable by
 * the configuration loader, so that configuration travels with a cluster-mode job: the file and the
 * other {@code .conf} files of its directory (which its relative {@code include}s name) are copied
 * to a local temporary directory. The file system is reached with Hadoop's defaults plus the {@code
 * spark.hadoop.*} entries spark-submit set (the application's own {@code spark.conf} is inside the
 * file being read). Runs on the driver.
 */
final class ConfFiles {
  private ConfFiles() {}

  /**
   * The local path of a {@code --conf-file} value: itself when it has no scheme (or {@code file:}),
   * otherwise a local copy.
   *
   * @throws FeedlakeException exit 2 when the file does not exist, exit 5 when it cannot be read
   */
  static Path local(String confFile) {
    URI uri;
    try {
      uri = new URI(confFile);
    } catch (java.net.URISyntaxException e) {
      return Paths.get(confFile);
    }
    if (uri.getScheme() == null || uri.getScheme().length() == 1 || "file".equals(uri.getScheme())) {
      return uri.getScheme() == null || uri.getScheme().length() == 1 ? Paths.get(confFile) : Paths.get(uri);
    }
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(uri);
    try {
      FileSystem fs = file.getFileSystem(submittedHadoopConf());
      if (!fs.isFile(file)) {
        throw FeedlakeException.usage("--conf-file: " + confFile + " does not exist");
      }
      Path dir = Files.createTempDirectory("feedlake-conf");
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

  private static Configuration submittedHadoopConf() {
    Configuration conf = new Configuration();
    for (Tuple2<String, String> kv : new SparkConf().getAllWithPrefix("spark.hadoop.")) {
      conf.set(kv._1(), kv._2());
    }
    return conf;
  }
}
