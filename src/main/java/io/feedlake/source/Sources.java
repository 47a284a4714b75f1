package io.feedlake.source;

import io.feedlake.config.JobSpec;
import io.feedlake.config.JobSpec.AdobeSourceSpec;
import io.feedlake.config.JobSpec.DelimitedSourceSpec;
import io.feedlake.config.JobSpec.KafkaConnectS3SourceSpec;
import io.feedlake.config.JobSpec.KafkaConsoleSourceSpec;
import io.feedlake.config.JobSpec.KafkaJsonSourceSpec;
import io.feedlake.config.sources.DebeziumSourceConfig.DebeziumSourceSpec;
import io.feedlake.config.sources.FilesSourceConfig.FilesSourceSpec;
import io.feedlake.source.adobe.AdobeSource;
import io.feedlake.source.debezium.DebeziumSource;
import io.feedlake.source.delimited.DelimitedSource;
import io.feedlake.source.files.FilesSource;
import io.feedlake.source.kafka.KafkaConnectS3Source;
import io.feedlake.source.kafka.KafkaConsoleSource;
import io.feedlake.source.kafka.KcatJsonSource;

/** Builds the {@link FeedSource} of a job: the one place that maps source specs to sources. */
public final class Sources {
  private Sources() {}

  /**
   * The job's source.
   *
   * @throws io.feedlake.config.ConfigException (exit 2) when the source's schema or columns are
   *     invalid
   */
  public static FeedSource create(JobSpec job) {
    if (job.source() instanceof KafkaJsonSourceSpec kcat) {
      return new KcatJsonSource(kcat);
    }
    if (job.source() instanceof AdobeSourceSpec adobe) {
      return new AdobeSource(adobe);
    }
    if (job.source() instanceof KafkaConsoleSourceSpec console) {
      return new KafkaConsoleSource(console);
    }
    if (job.source() instanceof KafkaConnectS3SourceSpec connect) {
      return new KafkaConnectS3Source(connect);
    }
    if (job.source() instanceof DelimitedSourceSpec delimited) {
      return new DelimitedSource(delimited);
    }
    if (job.source() instanceof FilesSourceSpec files) {
      return new FilesSource(files);
    }
    if (job.source() instanceof DebeziumSourceSpec debezium) {
      return new DebeziumSource(debezium);
    }
    throw new IllegalStateException("No source for " + job.source().getClass().getSimpleName());
  }
}
