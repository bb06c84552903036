package io.icasdk.testkit.internal;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.lang.reflect.Field;
import java.util.EnumSet;
import org.gaul.s3proxy.S3Proxy;

/**
 * Puts servlet filters in front of S3Proxy's own servlet. S3Proxy 4.1.0 has no hook for that: the
 * servlet context is reached by reflection (the private {@code server} field, then down the handler
 * chain to the first handler with {@code addFilter}), which ties this to 4.1.0's internals.
 */
final class S3ProxyFilters {
    private S3ProxyFilters() {}

    /**
     * Adds the filters, outermost first, for every request path.
     *
     * @throws ReflectiveOperationException when S3Proxy's internals are not what 4.1.0 has
     */
    static void install(S3Proxy proxy, Filter... filters) throws ReflectiveOperationException {
        Field f = S3Proxy.class.getDeclaredField("server");
        f.setAccessible(true);
        Object server = f.get(proxy);
        Object handler = server;
        for (int depth = 0; depth < 5; depth++) {
            handler = handler.getClass().getMethod("getHandler").invoke(handler);
            java.lang.reflect.Method addFilter;
            try {
                addFilter = handler.getClass().getMethod("addFilter", Filter.class, String.class, EnumSet.class);
            } catch (NoSuchMethodException e) {
                continue; // a wrapper (GracefulHandler): look inside
            }
            for (Filter filter : filters) {
                addFilter.invoke(handler, filter, "/*", EnumSet.of(DispatcherType.REQUEST));
            }
            return;
        }
        throw new NoSuchMethodException("no servlet context below " + server.getClass().getName());
    }
}
