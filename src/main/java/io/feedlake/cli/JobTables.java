package io.feedlake.cli;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.catalog.PartitionCatalog;
import io.feedlake.config.ConfigLoader;
import io.feedlake.config.JobSpec;
import io.feedlake.config.JobSpec.TableName;
import io.feedlake.config.Settings;
import io.feedlake.publish.TableStorage;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A job's two tables (beta and quarantine) as the catalog commands see them: the job and its
 * settings, the catalog, and each table's storage ({@code <lake>/beta/<table>} and {@code
 * <lake>/beta/_quarantine/<table>}, the roots {@link io.feedlake.ingest.IngestRunner} writes).
 */
final class JobTables {
  final JobSpec spec;
  final Settings settings;
  final PartitionCatalog catalog;
  final Configuration conf;
  final String lakeRoot;

  private JobTables(JobSpec spec, Settings settings, PartitionCatalog catalog, Configuration conf, String lakeRoot) {
    this.spec = spec;
    this.settings = settings;
    this.catalog = catalog;
    this.conf = conf;
    this.lakeRoot = lakeRoot;
  }

  /** Loads the job and opens the catalog (starting Spark only if the catalog needs it). */
  static JobTables open(FeedlakeCommand command, String job, RunSummary summary) {
    summary.put("job", job);
    ConfigLoader loader = command.config();
    JobSpec spec = loader.job(job);
    Settings settings = loader.jobSettings(job);
    summary.put("table", spec.table().qualified());
    String suffix = command.spec.name() + " " + job;
    PartitionCatalog catalog = command.catalog(settings, suffix);
    Configuration conf = command.hadoopConf(settings, suffix);
    return new JobTables(spec, settings, catalog, conf, qualify(conf, new Path(settings.lakeRoot())));
  }

  /** The beta table and the quarantine table, in that order. */
  List<TableName> tables() {
    return List.of(spec.table(), spec.table().quarantine());
  }

  /** The storage of one of the job's tables. */
  TableStorage storage(TableName table) {
    String root = table.equals(spec.table())
        ? lakeRoot + "/beta/" + spec.table().table()
        : lakeRoot + "/beta/_quarantine/" + spec.table().table();
    return new TableStorage(conf, lakeRoot, table.qualified(), root);
  }

  private static String qualify(Configuration conf, Path p) {
    try {
      String s = p.getFileSystem(conf).makeQualified(p).toString();
      return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot reach the lake " + p + ": " + e.getMessage(), e);
    }
  }
}
