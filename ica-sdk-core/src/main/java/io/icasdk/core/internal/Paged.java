package io.icasdk.core.internal;

import io.icasdk.core.IcaException;
import io.icasdk.core.PagedIterable;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/** Cursor-paged iterable that fetches a page only when the iterator runs out of the previous one. */
public final class Paged<T> implements PagedIterable<T> {

  /**
   * One page.
   *
   * @param items the page's items
   * @param nextPageToken cursor of the next page; null or empty when this is the last
   */
  public record Page<T>(List<T> items, String nextPageToken) {}

  private final Function<String, Page<T>> fetch;
  private final Predicate<T> filter;

  /**
   * @param fetch fetches the page for a token (null for the first page)
   * @param filter keeps only matching items (client-side refinement)
   */
  public Paged(Function<String, Page<T>> fetch, Predicate<T> filter) {
    this.fetch = Objects.requireNonNull(fetch);
    this.filter = Objects.requireNonNull(filter);
  }

  /** @param fetch fetches the page for a token (null for the first page) */
  public Paged(Function<String, Page<T>> fetch) {
    this(fetch, t -> true);
  }

  @Override
  public Iterator<T> iterator() {
    return new Iterator<>() {
      private Iterator<T> current;
      private String token;
      private boolean last;
      private T next;

      @Override
      public boolean hasNext() {
        while (next == null) {
          if (current != null && current.hasNext()) {
            T candidate = current.next();
            if (candidate != null && filter.test(candidate)) {
              next = candidate;
            }
            continue;
          }
          if (last) {
            return false;
          }
          Page<T> page = fetch.apply(token);
          current = page.items() == null ? List.<T>of().iterator() : page.items().iterator();
          String nextToken = page.nextPageToken();
          if (nextToken == null || nextToken.isEmpty()) {
            last = true;
          } else if (nextToken.equals(token)) {
            throw new IcaException("ICA returned the same page token twice while listing; "
                + "stopping to avoid an endless loop - try again later");
          }
          token = nextToken;
        }
        return true;
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        T t = next;
        next = null;
        return t;
      }
    };
  }
}
