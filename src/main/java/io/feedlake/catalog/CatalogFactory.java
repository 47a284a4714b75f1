package io.feedlake.catalog;

import io.feedlake.catalog.glue.GlueCallCounter;
import io.feedlake.catalog.glue.GlueCatalog;
import io.feedlake.catalog.glue.GlueClients;
import io.feedlake.config.Settings;
import io.feedlake.config.Settings.CatalogType;
import io.feedlake.config.Settings.GlueSettings;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the {@link PartitionCatalog} of {@code catalog.type}, with every client it needs:
 * {@code embedded} and {@code hive} use Spark's session catalog (configured by {@link
 * io.feedlake.spark.SparkSessions}); {@code glue} builds the AWS clients through {@link
 * GlueClients} and injects the Glue client into {@link GlueCatalog}, mirrored into the embedded
 * session catalog when {@code catalog.glue.mirror-embedded} is on.
 */
public final class CatalogFactory {
  private CatalogFactory() {}

  /** Whether the configured catalog needs a Spark session (everything but Glue without mirror). */
  public static boolean needsSpark(Settings settings) {
    return settings.catalog().type() != CatalogType.GLUE || settings.catalog().glue().mirrorEmbedded();
  }

  /**
   * Opens the configured catalog.
   *
   * @param spark supplies the session; called only when {@link #needsSpark} is true
   * @return the catalog and what it owns; close it when done
   */
  public static OpenCatalog open(Settings settings, Supplier<SparkSession> spark) {
    if (settings.catalog().type() != CatalogType.GLUE) {
      return new OpenCatalog(new SparkSessionCatalog(spark.get()), null);
    }
    GlueSettings glue = settings.catalog().glue();
    GlueClients clients = GlueClients.open(glue);
    PartitionCatalog catalog =
        new GlueCatalog(clients.glue(), glue.catalogId(), glue.maxAttempts(), glue.baseDelay(), glue.maxBackoff());
    if (glue.mirrorEmbedded()) {
      catalog = new MirroredCatalog(catalog, new SparkSessionCatalog(spark.get()));
    }
    return new OpenCatalog(catalog, clients);
  }

  /** An open catalog and the AWS clients it uses (none for session catalogs). */
  public static final class OpenCatalog implements AutoCloseable {
    private final PartitionCatalog catalog;
    private final GlueClients clients;

    OpenCatalog(PartitionCatalog catalog, GlueClients clients) {
      this.catalog = catalog;
      this.clients = clients;
    }

    /** The catalog. */
    public PartitionCatalog catalog() {
      return catalog;
    }

    /** Glue calls made so far, when the catalog is Glue. */
    public Optional<GlueCallCounter> glueCalls() {
      return Optional.ofNullable(clients).map(GlueClients::counter);
    }

    @Override
    public void close() {
      if (clients != null) {
        clients.close();
      }
    }
  }
}
