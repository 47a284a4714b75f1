package io.feedlake.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

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
   * The session for a whole test class, as a JUnit 5 extension: {@code
   * @ExtendWith(LocalSpark.PerClass.class)} starts it before the class's own {@code @BeforeAll}
   * methods, stores it in the class's static {@link SparkSession} fields, and stops it after
   * the class.
   */
  public static final class PerClass implements BeforeAllCallback, AfterAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
      SparkSession session = start();
      for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getSuperclass()) {
        for (Field f : c.getDeclaredFields()) {
          if (Modifier.isStatic(f.getModifiers()) && !Modifier.isFinal(f.getModifiers())
              && f.getType() == SparkSession.class) {
            f.setAccessible(true);
            f.set(null, session);
          }
        }
      }
    }

    @Override
    public void afterAll(ExtensionContext context) {
      stop();
    }
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
