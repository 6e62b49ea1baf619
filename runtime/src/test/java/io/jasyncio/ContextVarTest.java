package io.jasyncio;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.annotation.Async;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/**
 * Context variables against CPython 3.11's contextvars under asyncio: each scenario is a program
 * run under both, whose printed lines (the CPython ones are quoted) must be equal.
 */
class ContextVarTest extends TestBase {
    private static final ContextVar<String> RID = new ContextVar<>("rid");
    private static final ContextVar<Integer> DEPTH = new ContextVar<>("depth", 0);

    @Async
    Coroutine<Void> child(String name) {
        print(name + " sees " + RID.get("none"));
        RID.set(name);
        await(sleep(0));
        print(name + " after sleep " + RID.get());
        return done();
    }

    @Async
    Coroutine<Void> isolation() throws Exception {
        print("main starts " + RID.get("none"));
        RID.set("main");
        Task<Void> t1 = createTask(child("c1"));
        RID.set("main2");
        Task<Void> t2 = createTask(child("c2"));
        EventLoop loop = getRunningLoop();
        loop.callSoon(() -> print("callback sees " + RID.get()));
        RID.set("main3");
        await(gather(t1, t2));
        print("main sees " + RID.get());
        Context ctx = copyContext();
        Task<Void> t3 = createTask(child("c3"), ctx);
        await(t3);
        print("ctx has " + ctx.get(RID) + "; main " + RID.get());
        ContextVar.Token<String> tok = RID.set("temp");
        RID.reset(tok);
        print("after reset " + RID.get());
        IllegalStateException used = assertThrows(IllegalStateException.class, () -> RID.reset(tok));
        assertTrue(used.getMessage().contains("already been used once"), used.getMessage());
        print("RuntimeError");
        Future<Integer> f = loop.createFuture();
        RID.set("at add");
        f.addDoneCallback(x -> print("done cb sees " + RID.get()));
        RID.set("at result");
        f.setResult(1);
        await(sleep(0));
        print("thread sees " + await(toThread(() -> RID.get())));
        return done();
    }

    @Test
    void eachTaskAndCallbackRunsInACopyOfTheContextWhereItWasMade() throws Exception {
        runTest(isolation());
        assertEvents(
                List.of(
                        "main starts none",
                        "c1 sees main",
                        "c2 sees main2",
                        "callback sees main2",
                        "c1 after sleep c1",
                        "c2 after sleep c2",
                        "main sees main3",
                        "c3 sees main3",
                        "c3 after sleep c3",
                        "ctx has c3; main main3",
                        "after reset main3",
                        "RuntimeError",
                        "done cb sees at add",
                        "thread sees at result"),
                events);
        // Nothing leaks out of the loop into the thread that ran it.
        assertEquals("none", RID.get("none"));
    }

    @Test
    void getWithoutValueOrDefaultSaysWhatToDo() {
        NoSuchElementException e = assertThrows(NoSuchElementException.class, RID::get);
        assertTrue(e.getMessage().contains("'rid'") && e.getMessage().contains("get(default)"), e.getMessage());
        assertEquals(0, DEPTH.get());
        assertEquals(7, DEPTH.get(7));
        assertEquals("x", RID.get("x"));
    }

    @Test
    void contextRunKeepsItsChangesAndRestoresTheCallers() {
        // ctx = copy_context(); ctx.run(lambda: (v.set(1), v.get())) -> 1; v.get(0) outside -> 0;
        // ctx[v] -> 1; tokens of another context are refused.
        Context ctx = new Context();
        ContextVar.Token<?>[] token = new ContextVar.Token<?>[1];
        int seen = ctx.run(() -> {
            token[0] = DEPTH.set(1);
            return DEPTH.get();
        });
        assertEquals(1, seen);
        assertEquals(0, DEPTH.get());
        assertEquals(1, ctx.get(DEPTH));
        assertTrue(ctx.containsKey(DEPTH));
        assertEquals(Map.of(DEPTH, 1), ctx.asMap());
        @SuppressWarnings("unchecked")
        ContextVar.Token<Integer> t = (ContextVar.Token<Integer>) token[0];
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> DEPTH.reset(t));
        assertTrue(other.getMessage().contains("different Context"), other.getMessage());
        ctx.run(() -> DEPTH.reset(t));
        assertFalse(ctx.containsKey(DEPTH));
        assertFalse(t.hadOldValue());
        IllegalStateException nested =
                assertThrows(IllegalStateException.class, () -> ctx.run(() -> ctx.run(() -> {})));
        assertTrue(nested.getMessage().contains("already entered"), nested.getMessage());
        ContextVar<String> another = new ContextVar<>("another");
        IllegalArgumentException wrongVar = new Context()
                .run(() -> assertThrows(IllegalArgumentException.class, () -> another.reset(RID.set("a"))));
        assertTrue(wrongVar.getMessage().contains("different ContextVar"), wrongVar.getMessage());
    }

    @Async
    Coroutine<Void> noop() {
        return done();
    }

    @Async
    Coroutine<Void> createsTwo() {
        Task<?> me = currentTask();
        Task<Void> a = createTask(noop());
        Task<Void> b = createTask(noop());
        // CPython 3.11 prints "Task-1 Task-3 Task-2": numbers are given at creation.
        int n = Integer.parseInt(me.getName().substring("Task-".length()));
        assertEquals(List.of("Task-" + (n + 2), "Task-" + (n + 1)), List.of(b.getName(), a.getName()));
        // A task made in an empty context holds no context object; one is made on first use.
        assertNull(a.context(false));
        assertNull(me.context(false));
        Context mine = me.getContext();
        assertSame(mine, me.context(false));
        assertSame(mine, me.getContext());
        a.setName("named");
        assertEquals("named", a.getName());
        RID.set("in me");
        Task<Void> c = createTask(noop(), "c");
        assertEquals("in me", c.getContext().get(RID));
        assertNotSame(mine, c.getContext());
        c.setName(null);
        assertEquals("in me", c.getContext().get(RID));
        assertTrue(c.getName().startsWith("Task-"));
        await(gather(a, b, c));
        return done();
    }

    @Test
    void unnamedTasksAreNumberedAtCreationAndHoldNoContextUntilOneIsUsed() {
        runTest(createsTwo());
    }
}
