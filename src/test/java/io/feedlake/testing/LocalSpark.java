package io.feedlake.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One small Spark session per test class, configured like feedlake's own (UTC session time zone)
 * but without Hive: {@code local[2]}, UI off, loopback driver, two shuffle partitions. DataFrame
 * comparisons go through spark-testing-base's assertion helpers.
 */
public final class LocalSpark {
  private static final JavaDataFrameSuiteBase ASSERTIONS = new JavaDataFrameSuiteBase();

  private LocalSpark() {}

  /** Starts (or returns) the session; call from {@code @BeforeAll}. */
  public static SparkSession start() {
    return SparkSession.builder()
        .master("local[2]")
        .appName("feedlake-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.catalogImplementation", "in-memory")
        .getOrCreate();
  }

  /** Stops the session; call from {@code @AfterAll}. */
  public static void stop() {
    SparkSession.getDefaultSession().foreach(s -> {
      s.stop();
      return null;
    });
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }

  /**
   * Asserts two DataFrames have the same schema and the same rows in any order
   * (spark-testing-base {@code assertDataFrameNoOrderEquals}).
   */
  public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    ASSERTIONS.assertDataFrameNoOrderEquals(expected, actual);
  }

  /** Asserts same schema and same rows in the same order (spark-testing-base). */
  public static void assertSameRowsInOrder(Dataset<Row> expected, Dataset<Row> actual) {
    ASSERTIONS.assertDataFrameEquals(expected, actual, ASSERTIONS.assertDataFrameEquals$default$3());
  }
}
