package io.feedlake.catalog.glue;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.config.Settings.GlueSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The one place AWS clients are built: a {@link GlueClient} for {@code catalog.glue.*} (region,
 * endpoint override, the SDK's standard retry strategy with {@code retry.max-attempts} and
 * exponential backoff for throttling and 5xx errors), with credentials from the SDK's default
 * chain or, when {@code catalog.glue.assume-roles} lists roles, from STS AssumeRole calls chained
 * role after role (the cross-account setup in which the data account owns the Glue database).
 * HTTP goes through the JDK-based URL connection client. Closing this closes every client it built.
 */
public final class GlueClients implements AutoCloseable {
  /** Role session name shown in CloudTrail for assumed roles. */
  public static final String SESSION_NAME = "feedlake";

  private final GlueClient glue;
  private final GlueCallCounter counter;
  private final List<SdkAutoCloseable> owned;

  private GlueClients(GlueClient glue, GlueCallCounter counter, List<SdkAutoCloseable> owned) {
    this.glue = glue;
    this.counter = counter;
    this.owned = owned;
  }

  /**
   * Builds the clients. No call is made yet (STS is called on the first Glue call).
   *
   * @throws FeedlakeException exit 2 when no region is configured or found
   */
  public static GlueClients open(GlueSettings settings) {
    GlueCallCounter counter = new GlueCallCounter();
    List<SdkAutoCloseable> owned = new ArrayList<>();
    ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
        .retryStrategy(retryStrategy(settings))
        .addExecutionInterceptor(counter)
        .build();
    try {
      AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
      for (String role : settings.assumeRoles()) {
        StsClientBuilder sts = StsClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(overrides)
            .credentialsProvider(credentials);
        if (!settings.region().isEmpty()) {
          sts.region(Region.of(settings.region()));
        }
        if (!settings.stsEndpoint().isEmpty()) {
          sts.endpointOverride(URI.create(settings.stsEndpoint()));
        }
        StsClient client = sts.build();
        owned.add(client);
        StsAssumeRoleCredentialsProvider assumed = StsAssumeRoleCredentialsProvider.builder()
            .stsClient(client)
            .refreshRequest(r -> r.roleArn(role).roleSessionName(SESSION_NAME))
            .build();
        owned.add(assumed);
        credentials = assumed;
      }
      GlueClientBuilder builder = GlueClient.builder()
          .httpClientBuilder(UrlConnectionHttpClient.builder())
          .overrideConfiguration(overrides)
          .credentialsProvider(credentials);
      if (!settings.region().isEmpty()) {
        builder.region(Region.of(settings.region()));
      }
      if (!settings.endpoint().isEmpty()) {
        builder.endpointOverride(URI.create(settings.endpoint()));
      }
      GlueClient glue = builder.build();
      return new GlueClients(glue, counter, owned);
    } catch (SdkClientException e) {
      owned.forEach(SdkAutoCloseable::close);
      throw new FeedlakeException(ExitCode.USAGE,
          "Cannot build the AWS Glue client (catalog.glue.region = '" + settings.region() + "'): "
              + e.getMessage() + " (set catalog.glue.region, or AWS_REGION)", e);
    }
  }

  /** The SDK's standard strategy (throttling codes and 5xx are retryable), with our limits. */
  static StandardRetryStrategy retryStrategy(GlueSettings settings) {
    BackoffStrategy backoff = BackoffStrategy.exponentialDelay(settings.baseDelay(), settings.maxBackoff());
    return AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .maxAttempts(settings.maxAttempts())
        .backoffStrategy(backoff)
        .throttlingBackoffStrategy(backoff)
        // The token bucket would stop retrying a long backfill after a burst of throttling.
        .circuitBreakerEnabled(false)
        .build();
  }

  /** The Glue client. */
  public GlueClient glue() {
    return glue;
  }

  /** Calls made through the clients, per operation. */
  public GlueCallCounter counter() {
    return counter;
  }

  @Override
  public void close() {
    glue.close();
    for (int i = owned.size() - 1; i >= 0; i--) {
      owned.get(i).close();
    }
  }
}
