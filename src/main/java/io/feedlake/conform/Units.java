package io.feedlake.conform;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a source read for one date: a lazy plan with one row per input unit (records and the
 * reader's rejects, nothing dropped), shaped as {@code shape} says.
 *
 * @param rows the units, columns as described by {@code shape}
 * @param shape what the rows hold; decides the classifier ({@link Classifier#of})
 */
public record Units(Dataset<Row> rows, UnitShape shape) {}
