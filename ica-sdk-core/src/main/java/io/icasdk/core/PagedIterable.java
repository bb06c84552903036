package io.icasdk.core;

import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A lazily paged result: pages are fetched from ICA only as the iteration reaches them, so stopping
 * early (e.g. {@code stream().findFirst()}) costs one request. Each call to {@link #iterator()} starts
 * again from the first page. Iterating may throw any {@link IcaException}.
 *
 * <p>{@code for (ProjectData d : data.listFolder("/runs/")) { System.out.println(d.path()); }}
 *
 * <p>An iterable may be iterated from several threads; each iterator is single-threaded.
 *
 * @param <T> element type
 */
public interface PagedIterable<T> extends Iterable<T> {
  /** A sequential stream over the elements; pages are fetched as the stream consumes them. */
  default Stream<T> stream() {
    return StreamSupport.stream(spliterator(), false);
  }
}
