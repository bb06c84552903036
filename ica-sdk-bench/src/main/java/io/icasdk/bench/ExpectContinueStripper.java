package io.icasdk.bench;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Works around the {@code Expect: 100-continue} trap of the AWS CRT client against S3Proxy/Jetty 12
 * (aws-c-http#546; see docs/s3-test-server.md): the CRT copies a big PutObject's {@code Expect} header
 * onto its internal CreateMultipartUpload, Jetty answers that with a close-delimited body, and the CRT
 * reads it as empty ("Upload Id not found"). Only the AWS S3TransferManager peer needs it.
 *
 * <p>Registered globally through {@code software/amazon/awssdk/global/handlers/execution.interceptors}
 * (the CRT builder takes no interceptors), so it would touch every S3 client in a JVM: it therefore does
 * nothing unless the JVM runs with {@code -Dicasdk.bench.stripExpect=true}, which bench/run.sh sets for
 * the TransferManager peer's JVM only - never for ica-sdk's JVMs, so ica-sdk is measured exactly as it
 * ships.
 *
 * <p>{@code java -Dicasdk.bench.stripExpect=true -cp ... io.icasdk.bench.BenchMain serve --tool aws-tm}
 *
 * <p>Stateless and thread-safe.
 */
public final class ExpectContinueStripper implements ExecutionInterceptor {
  static final String PROPERTY = "icasdk.bench.stripExpect";

  private final boolean enabled = Boolean.getBoolean(PROPERTY);

  /** Called by the AWS SDK's service loader; does nothing unless the system property is set. */
  public ExpectContinueStripper() {}

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    if (enabled
        && attributes.getAttribute(SdkExecutionAttribute.SERVICE_CONFIG) instanceof S3Configuration s3) {
      attributes.putAttribute(SdkExecutionAttribute.SERVICE_CONFIG,
          s3.toBuilder().expectContinueEnabled(false).build());
    }
  }

  @Override
  public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
    SdkHttpRequest request = context.httpRequest();
    if (!enabled || request.firstMatchingHeader("Expect").isEmpty()) {
      return request;
    }
    return request.toBuilder().removeHeader("Expect").build();
  }
}
