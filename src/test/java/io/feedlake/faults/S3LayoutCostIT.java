package io.feedlake.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedlake.ledger.DateLocks;
import io.feedlake.publish.TableStorage;
import io.feedlake.testing.S3Server;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the write lock and the path layout cost on S3, in requests, against the S3 test server
 * (S3Proxy) through S3A: one date's lock (acquire, fencing check, release), parking a superseded
 * run of four files after a swap, and moving it back (rollback). Also checks that parking leaves
 * nothing under the table directory but the served run and that moving back restores every file.
 * The counts are written to {@code target/faults/s3-costs.txt} (docs/reliability.md quotes them).
 */
class S3LayoutCostIT {
  private static final int FILES = 4;

  @Test
  void lockAndParkingCostAFewRequestsPerDateAndFile(@TempDir Path dir) throws Exception {
    try (S3Server s3 = S3Server.start(dir)) {
      s3.createBucket("lake");
      Configuration conf = new Configuration();
      s3.hadoopSettings().forEach(conf::set);
      String lake = "s3a://lake";
      FileSystem fs = FileSystem.get(URI.create(lake + "/"), conf);
      String root = lake + "/beta/t";
      String old = root + "/date=2024-01-01/run=20240101T000000Z-old";
      String served = root + "/date=2024-01-01/run=20240102T000000Z-new";
      for (String run : List.of(old, served)) {
        for (int f = 0; f < FILES; f++) {
          try (FSDataOutputStream out = fs.create(new org.apache.hadoop.fs.Path(run + "/part-" + f + ".snappy.parquet"))) {
            out.write(("file " + f).getBytes(StandardCharsets.UTF_8));
          }
        }
      }
      TableStorage storage = new TableStorage(conf, lake, "beta.t", root);
      StringBuilder report = new StringBuilder();

      int from = s3.requests().size();
      try (DateLocks.Lease lease = new DateLocks(conf, lake, Duration.ofHours(2))
          .acquire("beta.t", "2024-01-01", "20240102T000000Z-new")) {
        lease.check();
      }
      report.append("lock of one date (acquire, fencing check, release): ").append(count(s3, from)).append('\n');

      from = s3.requests().size();
      assertThat(storage.converge("2024-01-01", Optional.of(served))).containsExactly(old);
      report.append("park one superseded run of ").append(FILES).append(" files: ").append(count(s3, from)).append('\n');
      assertThat(fs.listStatus(new org.apache.hadoop.fs.Path(root + "/date=2024-01-01"))).extracting(s -> s.getPath().getName())
          .containsExactly("run=20240102T000000Z-new");
      assertThat(fs.listStatus(new org.apache.hadoop.fs.Path(storage.parked("2024-01-01", "20240101T000000Z-old"))))
          .hasSize(FILES);

      from = s3.requests().size();
      assertThat(storage.unpark(old)).isTrue();
      report.append("move it back (rollback): ").append(count(s3, from)).append('\n');
      assertThat(fs.listStatus(new org.apache.hadoop.fs.Path(old))).hasSize(FILES);
      assertThat(storage.runs("2024-01-01")).extracting(TableStorage.RunDir::parked).containsExactly(false, false);

      Files.createDirectories(Paths.get("target/faults"));
      Files.writeString(Paths.get("target/faults/s3-costs.txt"), report.toString(), StandardCharsets.UTF_8);
      System.err.print(report);
    }
  }

  /** Requests since {@code from}, by method ({@code LIST} for listing GETs; copies are PUTs). */
  private static Map<String, Long> count(S3Server s3, int from) {
    List<String> all = s3.requests();
    Map<String, Long> out = new TreeMap<>();
    for (String r : all.subList(from, all.size())) {
      String[] parts = r.replaceFirst("^Request\\(", "").split(" ", 3);
      String uri = parts.length > 1 ? parts[1] : "";
      String kind = parts[0].equals("GET") && (uri.contains("list-type") || uri.contains("prefix=")) ? "LIST"
          : parts[0].equals("POST") && uri.contains("delete") ? "DELETE (multi)" : parts[0];
      out.merge(kind, 1L, Long::sum);
    }
    out.put("total", (long) (all.size() - from));
    return out;
  }
}
