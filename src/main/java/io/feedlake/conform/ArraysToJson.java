package io.feedlake.conform;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;

/** Serializes every array output column to a JSON string, for readers without nested types. */
public final class ArraysToJson implements ConformStep {
  @Override
  public Conformed apply(Conformed in) {
    Dataset<Row> df = in.rows();
    for (StructField f : df.schema().fields()) {
      if (in.columns().contains(f.name()) && f.dataType() instanceof ArrayType) {
        df = df.withColumn(f.name(), functions.to_json(col(f.name())));
      }
    }
    return new Conformed(df, in.columns());
  }
}
