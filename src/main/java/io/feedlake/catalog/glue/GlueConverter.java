package io.feedlake.catalog.glue;

import io.feedlake.catalog.TableShape;
import io.feedlake.config.JobSpec.TableName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * Stateless conversion between feedlake's {@link TableShape} and the AWS Glue API model ({@code
 * TableInput}, {@code PartitionInput}, {@code StorageDescriptor}; AWS Glue API reference, "Table
 * structure" and "Partition structure"). The storage descriptor is the one Hive writes for {@code
 * STORED AS PARQUET} (Parquet SerDe with {@code serialization.format=1}, Mapred Parquet formats,
 * not compressed at the SerDe level, {@code NumberOfBuckets = -1}), so a table registered
 * directly in Glue reads the same in Athena and Redshift Spectrum as one registered through a
 * Hive metastore. Partitions carry the table's columns in their own storage descriptor, as Hive
 * does.
 */
public final class GlueConverter {
  private GlueConverter() {}

  /**
   * The {@code TableInput} of a table.
   *
   * @param shape the table
   * @param otherParameters parameters already on the Glue table that feedlake does not set (kept
   *     on update); ours win on conflicts
   */
  public static TableInput tableInput(TableShape shape, Map<String, String> otherParameters) {
    Map<String, String> params = new LinkedHashMap<>(otherParameters);
    params.putAll(shape.parameters());
    params.put(TableShape.EXTERNAL, "TRUE");
    return TableInput.builder()
        .name(shape.name().table())
        .tableType(TableShape.EXTERNAL_TABLE)
        .parameters(params)
        .partitionKeys(columns(shape.partitionKeys()))
        .storageDescriptor(storage(shape, shape.location()))
        .build();
  }

  /** The {@code PartitionInput} of one date: values {@code [date]}, the table's storage at a location. */
  public static PartitionInput partitionInput(TableShape shape, String date, String location) {
    return PartitionInput.builder().values(date).storageDescriptor(storage(shape, location)).build();
  }

  /** The storage descriptor of the table or of one of its partitions. */
  public static StorageDescriptor storage(TableShape shape, String location) {
    return StorageDescriptor.builder()
        .columns(columns(shape.columns()))
        .location(location)
        .inputFormat(TableShape.INPUT_FORMAT)
        .outputFormat(TableShape.OUTPUT_FORMAT)
        .compressed(false)
        .numberOfBuckets(-1)
        .serdeInfo(SerDeInfo.builder()
            .serializationLibrary(TableShape.SERDE)
            .parameters(Map.of("serialization.format", "1"))
            .build())
        .storedAsSubDirectories(false)
        .build();
  }

  /**
   * The shape of a Glue table as stored (parameters without {@code EXTERNAL}).
   *
   * @throws IllegalArgumentException when a column type is not a Hive type Spark can parse
   */
  public static TableShape shape(TableName name, Table table) {
    StorageDescriptor sd = table.storageDescriptor();
    Map<String, String> params = new LinkedHashMap<>(table.parameters());
    params.remove(TableShape.EXTERNAL);
    return new TableShape(name, shapeColumns(sd == null ? List.of() : sd.columns()),
        shapeColumns(table.partitionKeys()), sd == null ? null : sd.location(), params);
  }

  private static List<Column> columns(List<TableShape.Column> cols) {
    List<Column> out = new ArrayList<>();
    cols.forEach(c -> out.add(Column.builder().name(c.name()).type(c.type()).build()));
    return out;
  }

  private static List<TableShape.Column> shapeColumns(List<Column> cols) {
    List<TableShape.Column> out = new ArrayList<>();
    cols.forEach(c -> out.add(new TableShape.Column(c.name(), c.type())));
    return out;
  }
}
