package io.feedlake.cli;

import io.feedlake.catalog.MirroredCatalog;
import io.feedlake.catalog.PartitionCatalog;
import io.feedlake.catalog.glue.GlueCatalog;
import io.feedlake.catalog.glue.GlueSessionTables;
import io.feedlake.config.Settings;
import io.feedlake.config.Settings.CatalogType;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * With {@code catalog.type = glue}, loads the tables and the pruned partitions a report or query
 * needs from Glue into the session catalog before it is planned ({@link GlueSessionTables}), and
 * says on stderr what was asked of Glue. Does nothing for the other catalog types. Runs on the driver.
 */
final class GlueReportTables {
  private GlueReportTables() {}

  /**
   * @param sql the query with its {@code :name} markers
   * @param args the bound parameter values
   * @return what was loaded per table (empty unless the catalog is Glue)
   */
  static List<GlueSessionTables.Loaded> load(FeedlakeCommand command, Settings settings, SparkSession spark, String sql,
      Map<String, Object> args, String suffix) {
    if (settings.catalog().type() != CatalogType.GLUE) {
      return List.of();
    }
    PartitionCatalog c = command.catalog(settings, suffix);
    GlueCatalog glue = (GlueCatalog) (c instanceof MirroredCatalog m ? m.primary() : c);
    List<GlueSessionTables.Loaded> loaded =
        new GlueSessionTables(spark, glue, settings.catalog().defaultDatabase()).load(sql, args);
    for (GlueSessionTables.Loaded l : loaded) {
      command.note("glue: " + l.table() + ": " + l.partitions() + " partition(s) from GetPartitions"
          + (l.expression() == null ? " (no partition filter: all)" : " with Expression " + l.expression()));
    }
    return loaded;
  }
}
