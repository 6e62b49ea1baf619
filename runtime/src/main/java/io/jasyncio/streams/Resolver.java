package io.jasyncio.streams;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Host name lookups off the loop thread: name resolution may block on the network, so it runs in
 * the loop's default executor (asyncio's {@code getaddrinfo} in {@code run_in_executor}). IP
 * literals are parsed on the spot.
 */
final class Resolver {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private Resolver() {}

    /** The addresses of {@code host}; fails with an {@link UncheckedIOException} wrapping {@link UnknownHostException}. */
    static Future<List<InetAddress>> resolve(EventLoop loop, String host) {
        Future<List<InetAddress>> f = loop.createFuture();
        if (IPV4.matcher(host).matches() || host.indexOf(':') >= 0) {
            try {
                f.setResult(List.of(InetAddress.getByName(host))); // a literal: no lookup
            } catch (UnknownHostException e) {
                f.setException(new UncheckedIOException(e));
            }
            return f;
        }
        loop.runInExecutor(null, () -> List.of(InetAddress.getAllByName(host))).addDoneCallback(lookup -> {
            if (f.done()) {
                return;
            }
            if (lookup.cancelled()) {
                f.cancel();
            } else if (lookup.exception() instanceof UnknownHostException) {
                f.setException(new UncheckedIOException((UnknownHostException) lookup.exception()));
            } else if (lookup.exception() != null) {
                f.setException(lookup.exception());
            } else {
                f.setResult(lookup.result());
            }
        });
        return f;
    }
}
