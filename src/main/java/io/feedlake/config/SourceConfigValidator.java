package io.feedlake.config;

import io.feedlake.config.JobSpec.SourceSpec;

/**
 * Validates the {@code source.*} keys of one source type into that type's spec. One small class
 * per source type, registered in {@link SourceTypes}; it reads its keys through {@link
 * SourceSection}, which reports every problem (exit 2) instead of stopping at the first.
 */
@FunctionalInterface
public interface SourceConfigValidator {
  /**
   * @param section the job's source keys
   * @return the validated spec, or null when a problem was reported
   */
  SourceSpec validate(SourceSection section);
}
