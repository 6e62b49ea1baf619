package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.ContextVar;
import io.jasyncio.Coroutine;
import io.jasyncio.annotation.Async;
import java.util.List;

/**
 * Per-request state with a context variable: three requests handled at once on one thread, each
 * logging with its own request id, also from the child tasks {@code gather} makes for it. A
 * {@code ThreadLocal} would show one id for all of them.
 *
 * <pre>{@code
 * request_id = contextvars.ContextVar("request_id", default="-")
 *
 * def log(message):
 *     print(f"[{request_id.get()}] {message}")
 *
 * async def query(table, delay):
 *     await asyncio.sleep(delay)
 *     log(f"queried {table}")
 *     return table
 *
 * async def handle(rid, delay):
 *     request_id.set(rid)
 *     log("start")
 *     tables = await asyncio.gather(query("users", delay), query("orders", delay * 2))
 *     log(f"done: {', '.join(tables)}")
 *
 * async def main():
 *     log("serving")
 *     await asyncio.gather(handle("req-1", 0.1), handle("req-2", 0.15), handle("req-3", 0.25))
 *     log("all served")
 *
 * asyncio.run(main())
 * }</pre>
 */
public class ContextVars {
    static final ContextVar<String> REQUEST_ID = new ContextVar<>("request_id", "-");

    static void log(String message) {
        System.out.println("[" + REQUEST_ID.get() + "] " + message);
    }

    @Async
    static Coroutine<String> query(String table, double delay) {
        await(sleep(delay));
        log("queried " + table);
        return done(table);
    }

    @Async
    static Coroutine<Void> handle(String rid, double delay) {
        REQUEST_ID.set(rid); // in this request's task only
        log("start");
        List<String> tables = await(gather(query("users", delay), query("orders", delay * 2)));
        log("done: " + String.join(", ", tables));
        return done();
    }

    @Async
    static Coroutine<Void> main() {
        log("serving");
        await(gather(handle("req-1", 0.1), handle("req-2", 0.15), handle("req-3", 0.25)));
        log("all served");
        return done();
    }

    public static void main(String[] args) {
        run(main());
    }
}
