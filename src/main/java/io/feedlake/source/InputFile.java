package io.feedlake.source;

import java.io.Serializable;

/**
 * One input file of a run, as listed on storage.
 *
 * @param path fully qualified Hadoop path (e.g. {@code file:/data/alpha/...} or {@code s3a://...})
 * @param bytes size on storage in bytes (compressed size for {@code .gz})
 */
public record InputFile(String path, long bytes) implements Serializable {}
