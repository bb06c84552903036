package io.icasdk.examples.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logging of the {@code ica} tool, set up in code (found through {@code META-INF/services}) because
 * parsing an XML configuration costs a good part of a second at every start. Warnings of our own
 * code go to stderr; S3Proxy, Jetty, jclouds and the AWS SDK stay silent unless -v (see
 * {@code IcaCli#configureLogging}).
 *
 * <p>Registered in {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}; not meant to
 * be called, e.g. {@code new LogbackConfigurator().configure(context)} is what logback does.
 */
public final class LogbackConfigurator extends ContextAwareBase implements Configurator {
  /** Used by logback's service loader; never throws. */
  public LogbackConfigurator() {}

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n");
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(stderr);
    for (String noisy : IcaCli.NOISY_LOGGERS) {
      context.getLogger(noisy).setLevel(Level.ERROR);
    }
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
