package io.feedlake.report;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import scala.collection.Iterator;

/**
 * The file scans of a physical plan, looking through adaptive execution wrappers (the current
 * plan of an {@code AdaptiveSparkPlanExec}, the plans of query stages) and into subqueries. Used
 * before a query runs (for the estimate) and after (for the metrics). Runs on the driver.
 */
final class FileScans {
  private FileScans() {}

  /** Every {@code FileSourceScanExec} of the plan, in plan order. */
  static List<FileSourceScanExec> of(SparkPlan plan) {
    List<FileSourceScanExec> out = new ArrayList<>();
    visit(plan, out);
    return out;
  }

  /** {@code database.table} of a scan, or its root paths when it is not a catalog table. */
  static String table(FileSourceScanExec scan) {
    return scan.tableIdentifier().isDefined()
        ? scan.tableIdentifier().get().unquotedString().replaceFirst("^spark_catalog\\.", "")
        : scan.relation().location().rootPaths().mkString(",");
  }

  private static void visit(SparkPlan plan, List<FileSourceScanExec> out) {
    if (plan instanceof AdaptiveSparkPlanExec adaptive) {
      visit(adaptive.executedPlan(), out);
      return;
    }
    if (plan instanceof QueryStageExec stage) {
      visit(stage.plan(), out);
      return;
    }
    if (plan instanceof FileSourceScanExec scan) {
      out.add(scan);
    }
    Iterator<SparkPlan> children = plan.children().iterator();
    while (children.hasNext()) {
      visit(children.next(), out);
    }
    Iterator<SparkPlan> subqueries = plan.subqueries().iterator();
    while (subqueries.hasNext()) {
      visit(subqueries.next(), out);
    }
  }
}
