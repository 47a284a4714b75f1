package io.feedlake.publish;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * The output contract of every Parquet file feedlake writes, checked from the footer (no data
 * pages are read): every column chunk snappy-compressed; no INT96 timestamps (deprecated, no
 * min/max statistics) and no nanosecond INT64 timestamps (misread by some engines, FEEDS.md
 * section 3); timestamps are INT64 with a MICROS (or MILLIS) unit; top-level columns are exactly
 * the table's data columns, by name; decimals carry the declared precision and scale (they must
 * match the external table DDL). Runs on the driver.
 */
public final class ParquetContract {
  private ParquetContract() {}

  /**
   * Reads a file's footer.
   *
   * @return row count (sum over row groups) and the contract violations, empty when it holds
   * @throws IOException if the footer cannot be read
   */
  public static FooterCheck check(Configuration conf, Path file, org.apache.spark.sql.types.StructType expected)
      throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
      ParquetMetadata footer = reader.getFooter();
      List<String> violations = new ArrayList<>();
      long rows = 0;
      for (BlockMetaData block : footer.getBlocks()) {
        rows += block.getRowCount();
        for (ColumnChunkMetaData chunk : block.getColumns()) {
          if (chunk.getCodec() != CompressionCodecName.SNAPPY) {
            violations.add("column " + chunk.getPath() + " is compressed with " + chunk.getCodec()
                + ", expected SNAPPY");
          }
        }
      }
      for (var column : footer.getFileMetaData().getSchema().getColumns()) {
        PrimitiveType type = column.getPrimitiveType();
        String name = String.join(".", column.getPath());
        if (type.getPrimitiveTypeName() == PrimitiveTypeName.INT96) {
          violations.add("column " + name + " is INT96, expected INT64 timestamps");
        }
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        if (logical instanceof TimestampLogicalTypeAnnotation ts
            && ts.getUnit() == LogicalTypeAnnotation.TimeUnit.NANOS) {
          violations.add("column " + name + " is a nanosecond timestamp, expected MICROS");
        }
      }
      org.apache.parquet.schema.MessageType schema = footer.getFileMetaData().getSchema();
      for (org.apache.spark.sql.types.StructField f : expected.fields()) {
        if (!schema.containsField(f.name())) {
          violations.add("column " + f.name() + " of the table is missing from the file");
          continue;
        }
        if (f.dataType() instanceof org.apache.spark.sql.types.DecimalType d) {
          LogicalTypeAnnotation a = schema.getType(f.name()).getLogicalTypeAnnotation();
          if (!(a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation dec)
              || dec.getPrecision() != d.precision() || dec.getScale() != d.scale()) {
            violations.add("column " + f.name() + " is " + a + ", expected DECIMAL(" + d.precision() + "," + d.scale() + ")");
          }
        }
      }
      for (org.apache.parquet.schema.Type t : schema.getFields()) {
        if (!java.util.Arrays.asList(expected.fieldNames()).contains(t.getName())) {
          violations.add("column " + t.getName() + " in the file is not a column of the table");
        }
      }
      return new FooterCheck(rows, violations);
    }
  }

  /**
   * @param rows rows in the file
   * @param violations contract violations, empty when the file is valid
   */
  public record FooterCheck(long rows, List<String> violations) {
    public FooterCheck {
      violations = List.copyOf(violations);
    }
  }
}
