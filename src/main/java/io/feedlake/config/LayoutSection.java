package io.feedlake.config;

import com.typesafe.config.Config;
import io.feedlake.config.JobSpec.LayoutSpec;
import java.util.List;

/** The {@code layout.*} keys of a job: sort columns, target file size, row-group size. */
final class LayoutSection {
  private LayoutSection() {}

  /** The job's {@link LayoutSpec}; null when {@code layout.sort-by} is not a list (a problem is listed). */
  static LayoutSpec read(Config c, Problems p) {
    List<String> sortBy = p.stringList(c, "layout.sort-by", "a list of column names");
    if (sortBy != null && sortBy.contains("date")) {
      p.add("layout.sort-by: must not list 'date' (it always leads the sort order) (got " + sortBy + ")");
    }
    long target = p.bytes(c, "layout.target-file-bytes");
    long rowGroup = p.bytes(c, "layout.row-group-bytes");
    return sortBy == null ? null : new LayoutSpec(sortBy, target, rowGroup);
  }
}
