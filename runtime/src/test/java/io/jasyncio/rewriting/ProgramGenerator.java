package io.jasyncio.rewriting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates random coroutine programs for the differential fuzz test, each in two forms from one
 * random draw: the {@code @Async} program, and its synchronous twin in which every await is the
 * plain value and every coroutine a plain method. The programs use nested control flow (if,
 * switch, for and while loops with break and continue), try/catch/finally, exceptions thrown and
 * awaited, awaits inside expressions and calls to the program's other coroutines, async lambdas
 * (capturing locals and other lambdas; the twin's are {@code IntUnaryOperator}s) and
 * try-with-resources on an {@code AsyncCloseable} whose close awaits (the twin's is an ordinary
 * {@code AutoCloseable}); they log as they go and always terminate.
 *
 * <p>They also draw the shapes ordinary code is full of, each live across an await: locals that
 * are {@code null}; {@code synchronized} blocks (without awaits) in a {@code try} whose catch,
 * finally and continuation await; values whose merged type the method cannot access, from the JDK
 * ({@code StringBuilder}/{@code StringBuffer} as {@code CharSequence}, {@code LongAdder}/{@code
 * DoubleAdder} as {@code Number}) and from another package (a package-private superclass, also as
 * a multi-catch); arrays merged across dimensions and element kinds; and uninitialized objects
 * whose constructor arguments hold a switch expression with an awaiting {@code try}. A large
 * program adds a coroutine of a hundred awaits with a hundred live locals.
 */
final class ProgramGenerator {
    /** Which of the two forms a piece of text is written for. */
    private enum Form {
        ASYNC,
        TWIN
    }

    private final Random random;
    private final StringBuilder async = new StringBuilder();
    private final StringBuilder twin = new StringBuilder();
    private int fresh;
    private int functionIndex;
    private int callsLeft;
    private final List<String> scope = new ArrayList<>();
    /** Loop counters: readable, never assigned, so every loop ends. */
    private final List<String> counters = new ArrayList<>();

    private ProgramGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** One program: the source of class {@code rw.<name>A} and of its twin {@code rw.<name>S}. */
    record Program(String name, String asyncSource, String twinSource) {}

    /** Sources every program needs (relative path -> text): its exception and another package's classes. */
    static final Map<String, String> SHARED_SOURCES = Map.of(
            "rw/Ex.java",
            "package rw;\npublic final class Ex extends RuntimeException {\n"
                    + "    public final int v;\n"
                    + "    public Ex(int v) { super(\"Ex(\" + v + \")\", null, false, false); this.v = v; }\n}\n",
            "rwo/Hidden.java",
            "package rwo;\nabstract class Hidden implements Runnable {\n"
                    + "    public void run() { rw.V.log(\"run \" + this); }\n"
                    + "    public String toString() { return getClass().getSimpleName(); }\n}\n",
            "rwo/Left.java",
            "package rwo;\npublic class Left extends Hidden { }\n",
            "rwo/Right.java",
            "package rwo;\npublic class Right extends Hidden { }\n",
            "rwo/HiddenFailure.java",
            "package rwo;\nclass HiddenFailure extends RuntimeException {\n"
                    + "    HiddenFailure(String m) { super(m, null, false, false); }\n}\n",
            "rwo/FailA.java",
            "package rwo;\npublic class FailA extends HiddenFailure { public FailA() { super(\"A\"); } }\n",
            "rwo/FailB.java",
            "package rwo;\npublic class FailB extends HiddenFailure { public FailB() { super(\"B\"); } }\n");

    /** Array merges: {declared type, one branch, the other}. */
    private static final String[][] ARRAY_MERGES = {
        {"Object[]", "new String[][] {{\"s\"}}", "new Integer[] {1, 2}"},
        {"Object[]", "new int[][] {{1}}", "new String[][] {{\"t\", \"u\"}}"},
        {"Object", "new int[] {1, 2}", "new long[] {3}"},
        {"Object[][]", "new String[][][] {{{\"deep\"}}}", "new Integer[][] {{2}}"},
        {"Cloneable", "new int[3]", "new String[4]"},
        {"java.io.Serializable", "new double[1][]", "new Object[5]"},
        {"Object[]", "new Integer[] {4}", "new Number[] {5L}"}
    };

    /**
     * Draws program {@code name} from {@code seed}; a {@code large} one also has a coroutine of
     * about a hundred awaits with a hundred live locals (which the rewrite must keep under the
     * JVM's 64 KB per method).
     */
    static Program generate(String name, long seed, boolean large) {
        ProgramGenerator g = new ProgramGenerator(seed);
        int functions = 1 + g.random.nextInt(4);
        for (int f = 0; f < functions; f++) {
            g.function(f);
        }
        String last = "f" + (functions - 1);
        String[] main = {"await(" + last + "(3, 5))", last + "(3, 5)"};
        if (large) {
            g.largeFunction(functions);
            main = new String[] {main[0] + " + await(f" + functions + "(2, 7))", main[1] + " + f" + functions + "(2, 7)"
            };
        }
        String header = "package rw;\nimport static io.jasyncio.Asyncio.*;\nimport static rw.V.*;\n"
                + "import io.jasyncio.*;\nimport io.jasyncio.annotation.Async;\n";
        String common = "  record Rec(int a, int b) { }\n"
                + "  static String describe(RuntimeException e) { return e.getMessage() + e.getClass().getSimpleName(); }\n";
        String asyncSource = header + "public class " + name + "A {\n" + g.async + common
                + "  static final class R implements AsyncCloseable {\n"
                + "    final int n;\n    R(int n) { this.n = n; log(\"open \" + n); }\n"
                + "    @Async public Coroutine<Void> aclose(Throwable p) {\n"
                + "      await(v(0));\n      log(\"close \" + n);\n      return done();\n    }\n  }\n"
                + "  @Async static Coroutine<Integer> main() { return done(" + main[0] + "); }\n}\n";
        String twinSource = header + "public class " + name + "S {\n" + g.twin + common
                + "  static final class R implements AutoCloseable {\n"
                + "    final int n;\n    R(int n) { this.n = n; log(\"open \" + n); }\n"
                + "    @Override public void close() { log(\"close \" + n); }\n  }\n"
                + "  static int thrower(RuntimeException e) { throw e; }\n"
                + "  static int main() { return " + main[1] + "; }\n}\n";
        return new Program(name, asyncSource, twinSource);
    }

    /**
     * A coroutine {@code f<index>} of a hundred locals, each declared from an await (of an
     * expression that may await again) and all used only at its end, so each await has every
     * earlier local live; ints, longs, and objects that may be null.
     */
    private void largeFunction(int index) {
        functionIndex = index;
        callsLeft = 0;
        scope.clear();
        scope.add("a");
        scope.add("b");
        each(
                "  @Async static Coroutine<Integer> f" + index + "(int a, int b) {\n",
                "  static int f" + index + "(int a, int b) {\n");
        List<String> ints = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String x = "big" + i;
            String[] e = expression(1);
            switch (i % 5) {
                case 3 -> {
                    each(
                            "long " + x + " = await(v((long) " + e[0] + "));\n",
                            "long " + x + " = (long) " + e[1] + ";\n");
                    others.add(x);
                }
                case 4 -> {
                    each(
                            "Object " + x + " = await(v(" + e[0] + " > 4 ? null : (Object) (\"o\" + " + e[0] + ")));\n",
                            "Object " + x + " = " + e[1] + " > 4 ? null : (Object) (\"o\" + " + e[1] + ");\n");
                    others.add(x);
                }
                default -> {
                    each("int " + x + " = await(v(" + e[0] + "));\n", "int " + x + " = " + e[1] + ";\n");
                    ints.add(x);
                    scope.add(x);
                }
            }
        }
        for (int i = 0; i < others.size(); i += 10) {
            both("log(\"big\" + " + String.join(" + \",\" + ", others.subList(i, Math.min(others.size(), i + 10)))
                    + ");\n");
        }
        String sum = "(" + String.join(" + ", ints) + ") % 1000";
        each("    return done(" + sum + ");\n  }\n", "    return " + sum + ";\n  }\n");
    }

    private void both(String text) {
        async.append(text);
        twin.append(text);
    }

    private void each(String asyncText, String twinText) {
        async.append(asyncText);
        twin.append(twinText);
    }

    private void text(Form form, String text) {
        (form == Form.ASYNC ? async : twin).append(text);
    }

    /** An int expression that awaits: {async form, twin form}. */
    private String[] awaited(int depth) {
        String[] e = expression(depth);
        return new String[] {"await(v(" + e[0] + "))", "(" + e[1] + ")"};
    }

    /** Logs {@code prefix} and an awaited expression. */
    private void logAwaited(String prefix) {
        String[] e = awaited(1);
        each("log(\"" + prefix + "\" + " + e[0] + ");\n", "log(\"" + prefix + "\" + " + e[1] + ");\n");
    }

    private void function(int index) {
        functionIndex = index;
        callsLeft = 2;
        scope.clear();
        scope.add("a");
        scope.add("b");
        each(
                "  @Async static Coroutine<Integer> f" + index + "(int a, int b) {\n",
                "  static int f" + index + "(int a, int b) {\n");
        block(2, 3, false);
        String[] result = expression(2);
        each("    return done(" + result[0] + ");\n  }\n", "    return " + result[1] + ";\n  }\n");
    }

    private void block(int depth, int statements, boolean inLoop) {
        int scopeSize = scope.size();
        int n = 1 + random.nextInt(statements);
        for (int i = 0; i < n; i++) {
            statement(depth, inLoop);
        }
        while (scope.size() > scopeSize) {
            scope.remove(scope.size() - 1);
        }
    }

    private void statement(int depth, boolean inLoop) {
        int kind = random.nextInt(depth > 0 ? 21 : 5);
        switch (kind) {
            case 17 -> {
                // an async lambda capturing a local (and maybe wrapped by one capturing it), applied
                String lambda = "lam" + fresh++;
                String cap = "cap" + fresh++;
                String x = "p" + fresh++;
                String[] c = expression(1);
                each("final int " + cap + " = " + c[0] + ";\n", "final int " + cap + " = " + c[1] + ";\n");
                List<String> outer = new ArrayList<>(scope);
                scope.clear();
                scope.add(x);
                scope.add(cap);
                String[] e = expression(2);
                scope.clear();
                scope.addAll(outer);
                each(
                        "AsyncFunction<Integer, Integer> " + lambda + " = " + x + " -> done(" + e[0] + ");\n",
                        "java.util.function.IntUnaryOperator " + lambda + " = " + x + " -> " + e[1] + ";\n");
                if (random.nextBoolean()) {
                    String wrapper = "lam" + fresh++;
                    String y = "p" + fresh++;
                    each(
                            "AsyncFunction<Integer, Integer> " + wrapper + " = " + y + " -> done(await(" + lambda
                                    + ".apply(" + y + " + 1)) * 2);\n",
                            "java.util.function.IntUnaryOperator " + wrapper + " = " + y + " -> " + lambda
                                    + ".applyAsInt(" + y + " + 1) * 2;\n");
                    lambda = wrapper;
                }
                String[] arg = expression(1);
                String r = "x" + fresh++;
                each(
                        "int " + r + " = await(" + lambda + ".apply(" + arg[0] + "));\n",
                        "int " + r + " = " + lambda + ".applyAsInt(" + arg[1] + ");\n");
                scope.add(r);
            }
            case 18 -> {
                // try-with-resources whose close is awaited, left by completion, exceptions, jumps
                String[] c = expression(1);
                String r = "res" + fresh++;
                each("try (R " + r + " = new R(" + c[0] + ")) {\n", "try (R " + r + " = new R(" + c[1] + ")) {\n");
                block(depth - 1, 3, inLoop);
                both("}\n");
            }
            case 12 -> {
                // a local that is null (or not) across an await
                String[] c = expression(1);
                String[] e = awaited(1);
                String o = "o" + fresh++;
                if (random.nextBoolean()) {
                    both("Object " + o + " = null;\n");
                } else {
                    each(
                            "Object " + o + " = (" + c[0] + ") > 4 ? null : (Object) (\"v\" + " + c[0] + ");\n",
                            "Object " + o + " = (" + c[1] + ") > 4 ? null : (Object) (\"v\" + " + c[1] + ");\n");
                }
                each("log(" + e[0] + " + \":\" + " + o + ");\n", "log(" + e[1] + " + \":\" + " + o + ");\n");
            }
            case 13 -> {
                // a synchronized block without awaits inside a try whose catch, finally and continuation await
                String[] e = expression(2);
                String ex = "e" + fresh++;
                both("try {\nsynchronized (V.LOG) { log(\"sync\"); }\n");
                each(
                        "if ((" + e[0] + ") % 3 == 0) throw new Ex(3);\n",
                        "if ((" + e[1] + ") % 3 == 0) throw new Ex(3);\n");
                both("} catch (Ex " + ex + ") {\n");
                logAwaited("c");
                if (random.nextBoolean()) {
                    both("} finally {\n");
                    logAwaited("f");
                }
                both("}\n");
                if (random.nextBoolean()) {
                    logAwaited("after");
                }
            }
            case 14 -> {
                // JDK types merged to a package-private class (AbstractStringBuilder, Striped64), live across an await
                String[] c = expression(1);
                String[] e = awaited(1);
                String m = "m" + fresh++;
                String[] merge = random.nextBoolean()
                        ? new String[] {"CharSequence", "new StringBuilder(\"b\")", "new StringBuffer(\"f\")"}
                        : new String[] {
                            "Number",
                            "new java.util.concurrent.atomic.LongAdder()",
                            "new java.util.concurrent.atomic.DoubleAdder()"
                        };
                each(
                        merge[0] + " " + m + " = (" + c[0] + ") > 4 ? " + merge[1] + " : " + merge[2] + ";\n",
                        merge[0] + " " + m + " = (" + c[1] + ") > 4 ? " + merge[1] + " : " + merge[2] + ";\n");
                String show = merge[0].equals("Number") ? m + ".getClass().getSimpleName() + " + m + ".intValue()" : m;
                each("log(" + e[0] + " + \"/\" + " + show + ");\n", "log(" + e[1] + " + \"/\" + " + show + ");\n");
            }
            case 15 -> {
                // arrays merged across dimensions and element kinds, live across an await
                String[] c = expression(1);
                String[] e = awaited(1);
                String a = "arr" + fresh++;
                String[] merge = ARRAY_MERGES[random.nextInt(ARRAY_MERGES.length)];
                each(
                        merge[0] + " " + a + " = (" + c[0] + ") > 4 ? " + merge[1] + " : " + merge[2] + ";\n",
                        merge[0] + " " + a + " = (" + c[1] + ") > 4 ? " + merge[1] + " : " + merge[2] + ";\n");
                each(
                        "log(" + e[0] + " + \"/\" + " + a + ".getClass().getSimpleName());\n",
                        "log(" + e[1] + " + \"/\" + " + a + ".getClass().getSimpleName());\n");
            }
            case 16 -> {
                // an uninitialized object under a switch expression with a try in its arguments
                String[] k = expression(1);
                String[] first = expression(1);
                String ex = "e" + fresh++;
                String[] value;
                if (random.nextInt(3) == 0) {
                    value = new String[] {"await(V.<Integer>fail(new Ex(9)))", "thrower(new Ex(9))"};
                } else {
                    value = awaited(1);
                }
                String[] made = random.nextBoolean()
                        ? new String[] {"new Rec(" + first[0] + ", ", "new Rec(" + first[1] + ", "}
                        : new String[] {
                            "new java.util.AbstractMap.SimpleEntry<Integer, Integer>(" + first[0] + ", ",
                            "new java.util.AbstractMap.SimpleEntry<Integer, Integer>(" + first[1] + ", "
                        };
                String handler = random.nextBoolean() ? "RuntimeException" : "Ex";
                for (Form form : Form.values()) {
                    int i = form.ordinal();
                    text(
                            form,
                            "log(" + made[i] + "switch (Math.floorMod(" + k[i] + ", 2)) {\ncase 1 -> { try { yield "
                                    + value[i] + "; } catch (" + handler + " " + ex
                                    + ") { yield -1; } }\ndefault -> 3;\n}));\n");
                }
            }
            case 19 -> {
                // classes of another package merged to their package-private superclass, live across an await
                String[] c = expression(1);
                String[] e = awaited(1);
                String o = "po" + fresh++;
                String r = "pr" + fresh++;
                each(
                        "Object " + o + " = (" + c[0] + ") > 4 ? new rwo.Left() : new rwo.Right();\n" + "Runnable " + r
                                + " = (" + c[0] + ") > 4 ? new rwo.Right() : new rwo.Left();\n",
                        "Object " + o + " = (" + c[1] + ") > 4 ? new rwo.Left() : new rwo.Right();\n" + "Runnable " + r
                                + " = (" + c[1] + ") > 4 ? new rwo.Right() : new rwo.Left();\n");
                each("log(" + e[0] + " + \":\" + " + o + ");\n", "log(" + e[1] + " + \":\" + " + o + ");\n");
                both(r + ".run();\n");
            }
            case 20 -> {
                // a multi-catch of exceptions whose common superclass is package-private in another package
                String[] c = expression(1);
                String ex = "pe" + fresh++;
                each(
                        "try {\nif ((" + c[0] + ") % 2 == 0) throw new rwo.FailA();\nthrow new rwo.FailB();\n",
                        "try {\nif ((" + c[1] + ") % 2 == 0) throw new rwo.FailA();\nthrow new rwo.FailB();\n");
                both("} catch (rwo.FailA | rwo.FailB " + ex + ") {\n");
                String[] e = awaited(1);
                each(
                        "log(" + e[0] + " + describe(" + ex + ") + " + ex + ");\n",
                        "log(" + e[1] + " + describe(" + ex + ") + " + ex + ");\n");
                both("}\n");
            }
            case 0, 1 -> {
                String x = "x" + fresh++;
                String[] e = expression(2);
                each("int " + x + " = " + e[0] + ";\n", "int " + x + " = " + e[1] + ";\n");
                scope.add(x);
            }
            case 2 -> {
                String x = scope.get(random.nextInt(scope.size()));
                if (counters.contains(x)) {
                    x = "a";
                }
                String[] e = expression(2);
                each(x + " = " + e[0] + ";\n", x + " = " + e[1] + ";\n");
            }
            case 3 -> {
                String[] e = expression(2);
                int id = fresh++;
                each("log(\"L" + id + ":\" + " + e[0] + ");\n", "log(\"L" + id + ":\" + " + e[1] + ");\n");
            }
            case 4 -> {
                String[] e = expression(1);
                if (random.nextBoolean()) {
                    each(
                            "if ((" + e[0] + ") % 5 == 0) throw new Ex(" + e[0] + ");\n",
                            "if ((" + e[1] + ") % 5 == 0) throw new Ex(" + e[1] + ");\n");
                } else {
                    each(
                            "if ((" + e[0] + ") % 4 == 1) await(V.<Integer>fail(new Ex(7)));\n",
                            "if ((" + e[1] + ") % 4 == 1) thrower(new Ex(7));\n");
                }
            }
            case 5, 6 -> {
                String[] c = expression(1);
                int bound = random.nextInt(20);
                each("if (" + c[0] + " > " + bound + ") {\n", "if (" + c[1] + " > " + bound + ") {\n");
                block(depth - 1, 3, inLoop);
                both("} else {\n");
                block(depth - 1, 2, inLoop);
                both("}\n");
            }
            case 7 -> {
                String i = "i" + fresh++;
                both("for (int " + i + " = 0; " + i + " < " + (1 + random.nextInt(2)) + "; " + i + "++) {\n");
                scope.add(i);
                counters.add(i);
                block(depth - 1, 3, true);
                scope.remove(i);
                counters.remove(i);
                both("}\n");
            }
            case 8 -> {
                String w = "w" + fresh++;
                String label = "lab" + fresh++;
                both("int " + w + " = 0;\n" + label + ":\nwhile (" + w + "++ < " + (1 + random.nextInt(2)) + ") {\n");
                block(depth - 1, 3, true);
                String[] c = expression(1);
                each(
                        "if ((" + c[0] + ") % 3 == 0) continue " + label + ";\n",
                        "if ((" + c[1] + ") % 3 == 0) continue " + label + ";\n");
                both("}\n");
            }
            case 9 -> {
                String ex = "e" + fresh++;
                both("try {\n");
                block(depth - 1, 3, inLoop);
                both("} catch (Ex " + ex + ") {\nlog(\"caught \" + " + ex + ".v);\n");
                block(depth - 1, 2, inLoop);
                both("} finally {\nlog(\"finally " + fresh++ + "\");\n");
                if (random.nextBoolean()) {
                    String[] e = expression(1);
                    each("log(\"F\" + " + e[0] + ");\n", "log(\"F\" + " + e[1] + ");\n");
                }
                both("}\n");
            }
            case 10 -> {
                String[] s = expression(1);
                each("switch (Math.floorMod(" + s[0] + ", 3)) {\n", "switch (Math.floorMod(" + s[1] + ", 3)) {\n");
                both("case 0:\n");
                block(depth - 1, 2, inLoop);
                both("break;\ncase 1:\n");
                block(depth - 1, 2, inLoop);
                both("default:\n");
                block(depth - 1, 2, inLoop);
                both("}\n");
            }
            default -> {
                if (inLoop) {
                    String[] c = expression(1);
                    String jump = random.nextBoolean() ? "break" : "continue";
                    each(
                            "if ((" + c[0] + ") % 2 == 0) " + jump + ";\n",
                            "if ((" + c[1] + ") % 2 == 0) " + jump + ";\n");
                } else {
                    String[] c = expression(1);
                    String[] r = expression(1);
                    each(
                            "if ((" + c[0] + ") % 7 == 0) return done(" + r[0] + ");\n",
                            "if ((" + c[1] + ") % 7 == 0) return " + r[1] + ";\n");
                }
            }
        }
    }

    /** An int expression: {async form, twin form}. */
    private String[] expression(int depth) {
        int kind = random.nextInt(depth > 0 ? 9 : 2);
        switch (kind) {
            case 0: {
                String c = Integer.toString(random.nextInt(10));
                return new String[] {c, c};
            }
            case 1: {
                String x = scope.get(random.nextInt(scope.size()));
                return new String[] {x, x};
            }
            case 2:
            case 3: {
                String[] e = expression(depth - 1);
                return new String[] {"await(v(" + e[0] + "))", "(" + e[1] + ")"};
            }
            case 4: {
                String[] l = expression(depth - 1);
                String[] r = expression(depth - 1);
                String op = new String[] {"+", "-", "*"}[random.nextInt(3)];
                return new String[] {"(" + l[0] + " " + op + " " + r[0] + ")", "(" + l[1] + " " + op + " " + r[1] + ")"
                };
            }
            case 5: {
                String[] c = expression(depth - 1);
                String[] t = expression(depth - 1);
                String[] f = expression(depth - 1);
                return new String[] {
                    "(" + c[0] + " > 4 ? " + t[0] + " : " + f[0] + ")",
                    "(" + c[1] + " > 4 ? " + t[1] + " : " + f[1] + ")"
                };
            }
            case 6: {
                if (functionIndex == 0 || callsLeft == 0) {
                    return expression(depth - 1);
                }
                callsLeft--;
                String callee = "f" + random.nextInt(functionIndex);
                String[] x = expression(depth - 1);
                String[] y = expression(depth - 1);
                return new String[] {
                    "await(" + callee + "(" + x[0] + ", " + y[0] + "))", callee + "(" + x[1] + ", " + y[1] + ")"
                };
            }
            case 7: {
                String[] l = expression(depth - 1);
                String[] r = expression(depth - 1);
                return new String[] {"Math.max(" + l[0] + ", " + r[0] + ")", "Math.max(" + l[1] + ", " + r[1] + ")"};
            }
            default: {
                String[] e = expression(depth - 1);
                return new String[] {
                    "(int) (await(v((long) " + e[0] + ")) % 1000)", "(int) (((long) " + e[1] + ") % 1000)"
                };
            }
        }
    }
}
