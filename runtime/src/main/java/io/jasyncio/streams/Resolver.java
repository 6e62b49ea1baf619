package io.jasyncio.streams;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * Host name lookups off the loop thread: name resolution may block on the network, so it runs on
 * a small pool of daemon threads and completes a loop future (asyncio's {@code getaddrinfo} in
 * the default executor). IP literals are parsed on the spot.
 *
 * <p>Temporary: to be replaced by the loop's {@code runInExecutor} once the core has one.
 */
final class Resolver {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jasyncio-resolver");
        t.setDaemon(true);
        return t;
    });

    private Resolver() {
    }

    /** The addresses of {@code host}; fails with an {@link java.io.UncheckedIOException} wrapping {@link UnknownHostException}. */
    static Future<List<InetAddress>> resolve(EventLoop loop, String host) {
        Future<List<InetAddress>> f = loop.createFuture();
        if (IPV4.matcher(host).matches() || host.indexOf(':') >= 0) {
            try {
                f.setResult(List.of(InetAddress.getByName(host))); // a literal: no lookup
            } catch (UnknownHostException e) {
                f.setException(new java.io.UncheckedIOException(e));
            }
            return f;
        }
        POOL.execute(() -> {
            List<InetAddress> found = null;
            UnknownHostException error = null;
            try {
                found = List.of(InetAddress.getAllByName(host));
            } catch (UnknownHostException e) {
                error = e;
            }
            List<InetAddress> result = found;
            UnknownHostException failure = error;
            try {
                loop.callSoonThreadsafe(() -> {
                    if (f.done()) {
                        return;
                    }
                    if (failure != null) {
                        f.setException(new java.io.UncheckedIOException(failure));
                    } else {
                        f.setResult(result);
                    }
                });
            } catch (IllegalStateException loopClosed) {
                // nobody is waiting any more
            }
        });
        return f;
    }
}
