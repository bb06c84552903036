package io.icasdk.transfer.internal;

import io.icasdk.core.HttpProxy;
import io.icasdk.transfer.ChecksumMode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The settings of a transfer manager (see {@code TransferManager.Builder} for their meaning and defaults).
 *
 * @param partSizeInBytes         preferred part / range size
 * @param maxFilesInFlight        files worked on at once
 * @param maxRequestsInFlight     S3 requests (parts, ranges, small files) in flight at once
 * @param checksumMode            integrity checks
 * @param journalDirectory        where job journals live
 * @param bandwidthLimitBytesPerSecond  0 = unlimited
 * @param s3EndpointOverride      a non-AWS S3 endpoint, or null
 * @param s3Client                {@code crt}, {@code java}, or null (CRT with fallback)
 * @param availabilityTimeout     how long {@code waitUntilAvailable} waits
 * @param stallTimeout            how long a connection may move no byte before it is closed and retried
 * @param clock                   the clock (credential expiry, durations)
 * @param sinks                   opens the writer of downloaded bytes (a seam for full-disk tests)
 * @param proxy                   the HTTP proxy (the ICA client's)
 */
public record TransferSettings(long partSizeInBytes, int maxFilesInFlight, int maxRequestsInFlight,
                               ChecksumMode checksumMode, Path journalDirectory, long bandwidthLimitBytesPerSecond,
                               URI s3EndpointOverride, String s3Client, Duration availabilityTimeout,
                               Duration stallTimeout, Clock clock, SinkFactory sinks,
                               HttpProxy proxy) {}
