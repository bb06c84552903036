package io.icasdk.transfer.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** The chain of causes of a failure. Stateless. */
public final class Causes {
    private Causes() {}

    /** A failure and its causes, outermost first, each once: a loop of causes (Throwable allows one) ends. */
    public static List<Throwable> of(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> chain = new ArrayList<>();
        for (Throwable x = failure; x != null && seen.add(x); x = x.getCause()) {
            chain.add(x);
        }
        return chain;
    }
}
