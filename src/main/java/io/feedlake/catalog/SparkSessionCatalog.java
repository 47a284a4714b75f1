package io.feedlake.catalog;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.config.JobSpec.TableName;
import io.feedlake.config.Rules.SchemaEvolution;
import io.feedlake.layout.PartitionLayout;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.CatalogStorageFormat;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.CatalogTablePartition;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalog;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * {@link PartitionCatalog} on Spark's Hive-compatible session catalog: the embedded Derby
 * metastore ({@code catalog.type = embedded}), a remote Hive metastore over thrift, or whatever
 * metastore client the cluster configures (on EMR, the Glue Data Catalog client) ({@code hive}).
 * Tables are Hive external tables {@code STORED AS PARQUET} built from {@link TableShape}, the
 * shape AWS Glue, Athena and Redshift Spectrum read.
 *
 * <p>Partitions go through Spark's {@link SessionCatalog} in batches of {@value #BATCH} (each batch
 * one metastore call: {@code add_partitions}, {@code alter_partitions} or {@code drop_partition}
 * per entry as Hive's client does it), the batch size Spark itself uses for {@code ALTER TABLE ADD
 * PARTITION} ({@code spark.sql.addPartitionInBatch.size}). All calls run on the driver.
 */
public final class SparkSessionCatalog implements PartitionCatalog {
  /** Partitions per metastore call. */
  public static final int BATCH = 100;

  private final SparkSession spark;

  /** @param spark a Hive-enabled session */
  public SparkSessionCatalog(SparkSession spark) {
    this.spark = spark;
  }

  @Override
  public void ensureTable(TableName table, StructType dataColumns, String location, SchemaEvolution evolution) {
    spark.sql("CREATE DATABASE IF NOT EXISTS " + ident(table.database()));
    if (!exists(table)) {
      create(TableShape.of(table, dataColumns, location));
      return;
    }
    SchemaChange change = SchemaChange.decide(table, metadata(table).dataSchema(), dataColumns, evolution);
    if (change.evolved() != null) {
      recreate(TableShape.of(table, change.evolved(), location));
    } else if (!change.added().isEmpty()) {
      StringJoiner cols = new StringJoiner(", ", "(", ")");
      change.added().forEach(f -> cols.add(ident(f.name()) + " " + f.dataType().sql()));
      spark.sql("ALTER TABLE " + qualified(table) + " ADD COLUMNS " + cols);
      spark.catalog().refreshTable(qualified(table));
    }
  }

  private void create(TableShape shape) {
    StringJoiner cols = new StringJoiner(",\n  ", "(\n  ", "\n)");
    for (TableShape.Column c : shape.columns()) {
      cols.add(ident(c.name()) + " " + c.dataType().sql());
    }
    StringJoiner keys = new StringJoiner(", ");
    shape.partitionKeys().forEach(k -> keys.add(ident(k.name()) + " " + k.dataType().sql()));
    StringJoiner props = new StringJoiner(", ", "(", ")");
    shape.parameters().forEach((k, v) -> props.add(literal(k) + "=" + literal(v)));
    spark.sql(
        "CREATE EXTERNAL TABLE " + qualified(shape.name()) + " " + cols
            + "\nPARTITIONED BY (" + keys + ")"
            + "\nSTORED AS PARQUET"
            + "\nLOCATION " + literal(shape.location())
            + "\nTBLPROPERTIES " + props);
  }

  /**
   * Re-creates an external table with new data columns and every partition at its location,
   * crash-safe ({@link TableRecreate}: a staging table, then drop and rename). The files stay
   * where they are. Hive and Spark refuse most in-place type changes of Parquet tables, so this
   * is how a permitted retype is applied (as Athena users do it).
   */
  private void recreate(TableShape shape) {
    TableRecreate.recreate(calls(), shape);
    spark.catalog().refreshTable(qualified(shape.name()));
  }

  /**
   * Whether the table exists, after completing a re-creation of it that a crash interrupted
   * ({@link TableRecreate#recover}).
   */
  private boolean exists(TableName table) {
    if (spark.catalog().tableExists(table.database(), table.table())) {
      return true;
    }
    return spark.catalog().databaseExists(table.database()) && TableRecreate.recover(calls(), table);
  }

  private TableRecreate.Calls calls() {
    return new TableRecreate.Calls() {
      @Override
      public boolean exists(TableName table) {
        return spark.catalog().tableExists(table.database(), table.table());
      }

      @Override
      public void create(TableShape shape) {
        SparkSessionCatalog.this.create(shape);
      }

      @Override
      public void drop(TableName table) {
        spark.sql("DROP TABLE " + qualified(table));
      }

      @Override
      public void rename(TableName from, TableName to) {
        spark.sql("ALTER TABLE " + qualified(from) + " RENAME TO " + qualified(to));
      }

      @Override
      public SortedMap<String, String> partitionLocations(TableName table) {
        return locations(table);
      }

      @Override
      public PartitionBatchResult registerPartitions(TableName table, SortedMap<String, String> locations) {
        return SparkSessionCatalog.this.registerPartitions(table, locations);
      }
    };
  }

  @Override
  public Optional<TableShape> table(TableName table) {
    if (!exists(table)) {
      return Optional.empty();
    }
    CatalogTable t = metadata(table);
    List<TableShape.Column> cols = new ArrayList<>();
    for (StructField f : t.dataSchema().fields()) {
      cols.add(new TableShape.Column(f.name(), f.dataType().catalogString()));
    }
    List<TableShape.Column> keys = new ArrayList<>();
    for (StructField f : t.partitionSchema().fields()) {
      keys.add(new TableShape.Column(f.name(), f.dataType().catalogString()));
    }
    Map<String, String> params = new LinkedHashMap<>();
    JavaConverters.mapAsJavaMap(t.properties()).forEach((k, v) -> {
      // Spark's own bookkeeping (schema JSON, versions) is not part of the Glue shape.
      if (!k.startsWith("spark.sql.") && !k.equals("transient_lastDdlTime")) {
        params.put(k, v);
      }
    });
    return Optional.of(new TableShape(table, cols, keys, t.location().toString(), params));
  }

  @Override
  public void registerPartition(TableName table, String date, String location) {
    Option<CatalogTablePartition> existing = external().getPartitionOption(table.database(), table.table(), spec(date));
    if (existing.isDefined()) {
      if (!sameLocation(existing.get().location(), location)) {
        sessionCatalog().alterPartitions(id(table), seq(List.of(withLocation(existing.get(), location))));
      }
    } else {
      sessionCatalog().createPartitions(id(table), seq(List.of(newPartition(metadata(table), date, location))), true);
    }
    // The session caches file listings per table; drop them so later queries see the new files.
    spark.catalog().refreshTable(qualified(table));
  }

  @Override
  public PartitionBatchResult registerPartitions(TableName table, SortedMap<String, String> locations) {
    if (locations.isEmpty()) {
      return PartitionBatchResult.empty();
    }
    Map<String, CatalogTablePartition> existing = existing(table, locations.keySet());
    CatalogTable meta = metadata(table);
    List<String> unchanged = new ArrayList<>();
    List<String> toCreate = new ArrayList<>();
    List<String> toUpdate = new ArrayList<>();
    for (Map.Entry<String, String> e : locations.entrySet()) {
      CatalogTablePartition old = existing.get(e.getKey());
      if (old == null) {
        toCreate.add(e.getKey());
      } else if (sameLocation(old.location(), e.getValue())) {
        unchanged.add(e.getKey());
      } else {
        toUpdate.add(e.getKey());
      }
    }
    Map<String, String> failed = new TreeMap<>();
    List<String> created = new ArrayList<>();
    for (List<String> chunk : chunks(toCreate)) {
      List<CatalogTablePartition> parts = chunk.stream().map(d -> newPartition(meta, d, locations.get(d))).toList();
      try {
        sessionCatalog().createPartitions(id(table), seq(parts), true);
        created.addAll(chunk);
      } catch (RuntimeException ex) {
        chunk.forEach(d -> failed.put(d, "create failed: " + ex.getMessage()));
      }
    }
    List<String> updated = new ArrayList<>();
    for (List<String> chunk : chunks(toUpdate)) {
      List<CatalogTablePartition> parts = chunk.stream().map(d -> withLocation(existing.get(d), locations.get(d))).toList();
      try {
        sessionCatalog().alterPartitions(id(table), seq(parts));
        updated.addAll(chunk);
      } catch (RuntimeException ex) {
        chunk.forEach(d -> failed.put(d, "update failed: " + ex.getMessage()));
      }
    }
    spark.catalog().refreshTable(qualified(table));
    return new PartitionBatchResult(created, updated, unchanged, List.of(), failed);
  }

  /**
   * The registered partitions among {@code dates}: one lookup per date for a small batch, one
   * listing of the whole table for a large one (cheaper than thousands of lookups).
   */
  private Map<String, CatalogTablePartition> existing(TableName table, java.util.Set<String> dates) {
    Map<String, CatalogTablePartition> out = new TreeMap<>();
    if (dates.size() <= BATCH) {
      for (String d : dates) {
        Option<CatalogTablePartition> p = external().getPartitionOption(table.database(), table.table(), spec(d));
        if (p.isDefined()) {
          out.put(d, p.get());
        }
      }
      return out;
    }
    for (CatalogTablePartition p : listPartitions(table)) {
      String d = p.spec().apply(PartitionLayout.PARTITION_COLUMN);
      if (dates.contains(d)) {
        out.put(d, p);
      }
    }
    return out;
  }

  @Override
  public PartitionBatchResult dropPartitions(TableName table, List<String> dates) {
    if (dates.isEmpty() || !exists(table)) {
      return new PartitionBatchResult(List.of(), List.of(), dates, List.of(), Map.of());
    }
    SortedMap<String, String> registered = partitionLocations(table);
    List<String> present = dates.stream().filter(registered::containsKey).toList();
    List<String> absent = dates.stream().filter(d -> !registered.containsKey(d)).toList();
    List<String> dropped = new ArrayList<>();
    Map<String, String> failed = new TreeMap<>();
    for (List<String> chunk : chunks(present)) {
      List<scala.collection.immutable.Map<String, String>> specs = chunk.stream().map(SparkSessionCatalog::spec).toList();
      try {
        sessionCatalog().dropPartitions(id(table), seq(specs), true, false, true);
        dropped.addAll(chunk);
      } catch (RuntimeException ex) {
        chunk.forEach(d -> failed.put(d, "drop failed: " + ex.getMessage()));
      }
    }
    spark.catalog().refreshTable(qualified(table));
    return new PartitionBatchResult(List.of(), List.of(), absent, dropped, failed);
  }

  @Override
  public SortedMap<String, String> partitionLocations(TableName table) {
    return exists(table) ? locations(table) : new TreeMap<>();
  }

  private SortedMap<String, String> locations(TableName table) {
    SortedMap<String, String> out = new TreeMap<>();
    for (CatalogTablePartition p : listPartitions(table)) {
      out.put(p.spec().apply(PartitionLayout.PARTITION_COLUMN), p.location().toString());
    }
    return out;
  }

  private List<CatalogTablePartition> listPartitions(TableName table) {
    return JavaConverters.seqAsJavaList(external().listPartitions(table.database(), table.table(), Option.empty()));
  }

  private CatalogTable metadata(TableName table) {
    return external().getTable(table.database(), table.table());
  }

  private static CatalogTablePartition newPartition(CatalogTable table, String date, String location) {
    return new CatalogTablePartition(spec(date), storageAt(table.storage(), location),
        scala.collection.immutable.Map$.MODULE$.<String, String>empty(), System.currentTimeMillis(), -1L, Option.empty());
  }

  private static CatalogTablePartition withLocation(CatalogTablePartition p, String location) {
    // The statistics described the old files.
    return new CatalogTablePartition(p.spec(), storageAt(p.storage(), location), p.parameters(), p.createTime(),
        p.lastAccessTime(), Option.empty());
  }

  private static CatalogStorageFormat storageAt(CatalogStorageFormat s, String location) {
    return new CatalogStorageFormat(Option.apply(toUri(location)), s.inputFormat(), s.outputFormat(), s.serde(),
        s.compressed(), s.properties());
  }

  static boolean sameLocation(URI registered, String location) {
    return strip(registered.toString()).equals(strip(toUri(location).toString()));
  }

  private static String strip(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static URI toUri(String location) {
    return new Path(location).toUri();
  }

  private static <T> List<List<T>> chunks(List<T> all) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += BATCH) {
      out.add(all.subList(i, Math.min(all.size(), i + BATCH)));
    }
    return out;
  }

  private static scala.collection.immutable.Map<String, String> spec(String date) {
    return new scala.collection.immutable.Map.Map1<>(PartitionLayout.PARTITION_COLUMN, date);
  }

  private static <T> scala.collection.Seq<T> seq(List<T> list) {
    return JavaConverters.asScalaBuffer(list).toSeq();
  }

  private SessionCatalog sessionCatalog() {
    return spark.sessionState().catalog();
  }

  private ExternalCatalog external() {
    return spark.sharedState().externalCatalog();
  }

  private static TableIdentifier id(TableName t) {
    return new TableIdentifier(t.table(), Option.apply(t.database()));
  }

  private static String qualified(TableName t) {
    return ident(t.database()) + "." + ident(t.table());
  }

  static String ident(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
