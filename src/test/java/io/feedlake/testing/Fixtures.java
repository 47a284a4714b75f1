package io.feedlake.testing;

import io.feedlake.config.ConfigLoader;
import io.feedlake.config.JobSpec;
import io.feedlake.conform.Classified;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The checked-in input fixtures under {@code src/test/resources/fixtures} (see the README there)
 * and the jobs that read them ({@code fixtures/jobs/*.conf}).
 */
public final class Fixtures {
  /** The fixtures directory. */
  public static final Path DIR = Paths.get("src/test/resources/fixtures").toAbsolutePath();

  private Fixtures() {}

  /** A fixture job, validated like any job (the repository is the feedlake home). */
  public static JobSpec job(String name) {
    return ConfigLoader.load(Paths.get("").toAbsolutePath(), null, Map.of("jobs.dir", DIR.resolve("jobs").toString()))
        .job(name);
  }

  /**
   * Counts classified rows by {@code disposition/reason} (reason omitted when null), e.g. {@code
   * written=5, quarantined/late_event=1}.
   */
  public static Map<String, Long> outcomes(Dataset<Row> classified) {
    List<Row> rows = classified.groupBy(Classified.DISPOSITION, Classified.REASON).count().collectAsList();
    Map<String, Long> out = new TreeMap<>();
    for (Row r : rows) {
      String key = r.getString(0);
      if (!r.isNullAt(1) && !r.getString(0).equals(Classified.DUPLICATE)) {
        key += "/" + r.getString(1);
      }
      out.merge(key, r.getLong(2), Long::sum);
    }
    return out;
  }
}
