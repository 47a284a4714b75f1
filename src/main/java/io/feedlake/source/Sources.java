package io.feedlake.source;

import io.feedlake.config.JobSpec;
import io.feedlake.config.JobSpec.AdobeSourceSpec;
import io.feedlake.config.JobSpec.KafkaJsonSourceSpec;
import io.feedlake.source.adobe.AdobeSource;
import io.feedlake.source.kafka.KcatJsonSource;

/** Builds the {@link FeedSource} of a job: the one place that maps source specs to sources. */
public final class Sources {
  private Sources() {}

  /**
   * @throws io.feedlake.config.ConfigException (exit 2) when the source's schema or columns are
   *     invalid
   */
  public static FeedSource create(JobSpec job) {
    if (job.source() instanceof KafkaJsonSourceSpec kcat) {
      return new KcatJsonSource(kcat, job.conform());
    }
    if (job.source() instanceof AdobeSourceSpec adobe) {
      return new AdobeSource(adobe);
    }
    throw new IllegalStateException("No source for " + job.source().getClass().getSimpleName());
  }
}
