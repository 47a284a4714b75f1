package io.feedlake.source;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An iterator over items that a streaming reader produces one at a time: {@link #fetch} returns
 * the next item, or null at the end, and is not called again after it returned null. The shared
 * look-ahead of the per-file row iterators that run on executors ({@link LineFiles}, the Adobe
 * hit data reader).
 *
 * @param <T> the item type
 */
public abstract class LookAheadIterator<T> implements Iterator<T> {
  private T next;
  private boolean done;

  /** The next item, or null when there is none (the place to release the input). */
  protected abstract T fetch();

  @Override
  public final boolean hasNext() {
    if (next == null && !done) {
      next = fetch();
      done = next == null;
    }
    return next != null;
  }

  @Override
  public final T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    T item = next;
    next = null;
    return item;
  }
}
