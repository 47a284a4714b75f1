package io.feedlake.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.config.JobSpec.TableName;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * {@link TableRecreate} against a catalog that dies before its k-th change, for every k: after
 * the crash and {@link TableRecreate#recover}, the table exists with every partition at its
 * location, under the old columns or the new ones; the next attempt completes. A drop-then-create
 * re-creation fails this test (a crash after the drop loses the table and its partitions).
 */
class TableRecreateTest {
  private static final TableName T = new TableName("beta", "orders");
  private static final String ROOT = "file:/lake/beta/orders";
  private static final TableShape OLD = TableShape.of(T, new StructType().add("amount", DataTypes.StringType), ROOT);
  private static final TableShape NEW = TableShape.of(T, new StructType().add("amount", DataTypes.createDecimalType(12, 2)), ROOT);
  private static final SortedMap<String, String> PARTITIONS = new TreeMap<>(Map.of(
      "2024-06-01", ROOT + "/date=2024-06-01/run=a",
      "2024-06-02", ROOT + "/date=2024-06-02/run=b",
      "2024-06-03", ROOT + "/date=2024-06-03/run=c"));

  /** Thrown by the fake catalog in place of a {@code kill -9}. */
  private static final class Crash extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  /** A metastore in memory: tables with their shape and partitions; dies before change number crashAt. */
  private static final class FakeCatalog implements TableRecreate.Calls {
    final Map<TableName, TableShape> shapes = new HashMap<>();
    final Map<TableName, SortedMap<String, String>> partitions = new HashMap<>();
    int crashAt = Integer.MAX_VALUE;
    int changes;
    boolean failRegistration;

    private void change() {
      if (changes++ == crashAt) {
        throw new Crash();
      }
    }

    @Override
    public boolean exists(TableName table) {
      return shapes.containsKey(table);
    }

    @Override
    public void create(TableShape shape) {
      change();
      assertThat(shapes).as("create of an existing table").doesNotContainKey(shape.name());
      shapes.put(shape.name(), shape);
      partitions.put(shape.name(), new TreeMap<>());
    }

    @Override
    public void drop(TableName table) {
      change();
      assertThat(shapes.remove(table)).as("drop of a missing table").isNotNull();
      partitions.remove(table);
    }

    @Override
    public void rename(TableName from, TableName to) {
      change();
      assertThat(shapes).doesNotContainKey(to);
      TableShape s = shapes.remove(from);
      shapes.put(to, new TableShape(to, s.columns(), s.partitionKeys(), s.location(), s.parameters()));
      partitions.put(to, partitions.remove(from));
    }

    @Override
    public SortedMap<String, String> partitionLocations(TableName table) {
      return new TreeMap<>(partitions.get(table));
    }

    @Override
    public PartitionBatchResult registerPartitions(TableName table, SortedMap<String, String> locations) {
      change();
      if (failRegistration) {
        return new PartitionBatchResult(List.of(), List.of(), List.of(), List.of(), Map.of("2024-06-02", "create failed: busy"));
      }
      partitions.get(table).putAll(locations);
      return new PartitionBatchResult(List.copyOf(locations.keySet()), List.of(), List.of(), List.of(), Map.of());
    }
  }

  private static FakeCatalog published() {
    FakeCatalog c = new FakeCatalog();
    c.shapes.put(T, OLD);
    c.partitions.put(T, new TreeMap<>(PARTITIONS));
    return c;
  }

  @Test
  void aCrashBeforeAnyChangeLeavesEveryPartitionRegisteredUnderTheOldOrTheNewColumns() {
    int crashes = 0;
    for (int k = 0; ; k++) {
      FakeCatalog c = published();
      c.crashAt = k;
      try {
        TableRecreate.recreate(c, NEW);
        break;
      } catch (Crash expected) {
        crashes++;
      }
      c.crashAt = Integer.MAX_VALUE;

      boolean renamed = TableRecreate.recover(c, T);

      assertThat(c.exists(T)).as("the table after a crash before change %d", k).isTrue();
      assertThat(c.partitionLocations(T)).as("partitions after a crash before change %d", k).isEqualTo(PARTITIONS);
      assertThat(c.shapes.get(T).columns()).as("columns after a crash before change %d", k)
          .isIn(OLD.columns(), NEW.columns());
      assertThat(renamed).as("only a crash between drop and rename needs the rename back").isEqualTo(k == 3);
      TableRecreate.recreate(c, NEW);
      assertThat(c.shapes).containsOnlyKeys(T);
      assertThat(c.shapes.get(T).columns()).isEqualTo(NEW.columns());
      assertThat(c.partitionLocations(T)).isEqualTo(PARTITIONS);
    }
    assertThat(crashes).as("create staging, register, drop, rename: four changes to die before").isEqualTo(4);
  }

  @Test
  void aStagingTableLeftWhileTheTableExistsIsRebuiltNotTrusted() {
    FakeCatalog c = published();
    TableName staging = TableRecreate.staging(T);
    c.shapes.put(staging, new TableShape(staging, NEW.columns(), NEW.partitionKeys(), ROOT, NEW.parameters()));
    c.partitions.put(staging, new TreeMap<>(Map.of("2024-06-01", ROOT + "/date=2024-06-01/run=a")));

    assertThat(TableRecreate.recover(c, T)).isFalse();
    TableRecreate.recreate(c, NEW);

    assertThat(staging.table()).isEqualTo("orders__feedlake_recreate");
    assertThat(c.shapes).containsOnlyKeys(T);
    assertThat(c.partitionLocations(T)).isEqualTo(PARTITIONS);
  }

  @Test
  void aFailedRegistrationOnTheStagingTableLeavesTheTableUnchanged() {
    FakeCatalog c = published();
    c.failRegistration = true;

    assertThatThrownBy(() -> TableRecreate.recreate(c, NEW))
        .isInstanceOfSatisfying(FeedlakeException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.TRANSIENT))
        .hasMessageContaining("Cannot re-create beta.orders with its new columns: registering partitions"
            + " {2024-06-02=create failed: busy} on the staging table beta.orders__feedlake_recreate failed;"
            + " the table is unchanged");
    assertThat(c.shapes).containsOnlyKeys(T);
    assertThat(c.shapes.get(T).columns()).isEqualTo(OLD.columns());
    assertThat(c.partitionLocations(T)).isEqualTo(PARTITIONS);
  }

  @Test
  void nothingToRecoverWhenNeitherTableExists() {
    FakeCatalog c = new FakeCatalog();

    assertThat(TableRecreate.recover(c, T)).isFalse();
    assertThat(c.changes).isZero();
  }
}
