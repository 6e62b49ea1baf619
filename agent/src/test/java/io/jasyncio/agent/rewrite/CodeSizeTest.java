package io.jasyncio.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.agent.FixtureCompiler;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What rewriting costs in bytes of code, against javac's output: the figures docs/architecture.md
 * records (printed by this test), and bounds that keep a method with a hundred awaits and a
 * hundred live locals far under the JVM's 64 KB.
 */
class CodeSizeTest {
    @TempDir
    Path tmp;

    private static String large() {
        StringBuilder s = new StringBuilder("  @Async static Coroutine<Long> large() {\n");
        for (int i = 0; i < 100; i++) {
            s.append("    long a").append(i).append(" = ").append(i).append(";\n");
        }
        for (int i = 0; i < 100; i++) {
            s.append("    a")
                    .append(i)
                    .append(" += 1 + a")
                    .append((i + 1) % 100)
                    .append(" * await(ready(1));\n");
        }
        s.append("    long sum = 0;\n");
        for (int i = 0; i < 100; i++) {
            s.append("    sum += a").append(i).append(";\n");
        }
        return s.append("    return done(sum);\n  }\n").toString();
    }

    private static final String SMALL = String.join(
            "\n",
            "  @Async static Coroutine<Integer> small(int x) {",
            "    String s = \"v\" + x;",
            "    int a = await(ready(x));",
            "    int b = await(ready(a + 1)) * 2;",
            "    return done(a + b + s.length() + await(ready(3)));",
            "  }",
            "");

    @Test
    void bytesOfCodePerAwaitAgainstJavacs() throws Exception {
        String header = "package fx;\nimport io.jasyncio.Coroutine; import io.jasyncio.annotation.Async;\n"
                + "import static io.jasyncio.Asyncio.*;\n";
        FixtureCompiler compiler = new FixtureCompiler(tmp);
        Map<String, byte[]> classes = compiler.compile(
                17,
                Map.of(
                        "fx/Small.java", header + "class Small {\n" + SMALL + "}\n",
                        "fx/Large.java", header + "class Large {\n" + large() + "}\n"));
        try (URLClassLoader loader = compiler.loader()) {
            for (SaveLayoutPlanner.Strategy strategy : SaveLayoutPlanner.Strategy.values()) {
                for (String[] m : new String[][] {{"small", "3", "fx/Small"}, {"large", "100", "fx/Large"}}) {
                    if (m[0].equals("large") && strategy == SaveLayoutPlanner.Strategy.PER_AWAIT) {
                        continue; // over 64 KB: why sharing exists
                    }
                    byte[] original = classes.get(m[2]);
                    byte[] rewritten = new AsyncClassRewriter(TypePool.of(loader), null, strategy).rewrite(original);
                    assertNotNull(rewritten);
                    int javac = codeLengths(original).get(m[0]);
                    Map<String, Integer> after = codeLengths(rewritten);
                    int total = after.get(m[0]) + after.get(m[0] + "$resume");
                    int awaits = Integer.parseInt(m[1]);
                    System.out.printf(
                            "%s %s: javac %d bytes, rewritten %d (stub %d + resume %d), %.1f more bytes per await%n",
                            strategy,
                            m[0],
                            javac,
                            total,
                            after.get(m[0]),
                            after.get(m[0] + "$resume"),
                            (total - javac) / (double) awaits);
                    if (m[0].equals("large")) {
                        assertTrue(total < 16 * 1024, strategy + ": " + total + " bytes for 100 awaits x 100 locals");
                    } else {
                        assertTrue(total - javac < 120 * awaits, strategy + ": " + total + " bytes");
                    }
                }
            }
        }
    }

    /** Code attribute lengths by method name, read from the class file. */
    static Map<String, Integer> codeLengths(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        in.readInt();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> in.readUnsignedShort();
            }
        }
        in.skipBytes(6);
        in.skipBytes(2 * in.readUnsignedShort());
        for (int f = in.readUnsignedShort(); f > 0; f--) {
            in.skipBytes(6);
            skipAttributes(in);
        }
        Map<String, Integer> lengths = new HashMap<>();
        for (int m = in.readUnsignedShort(); m > 0; m--) {
            in.readUnsignedShort();
            String name = utf8[in.readUnsignedShort()];
            in.readUnsignedShort();
            for (int a = in.readUnsignedShort(); a > 0; a--) {
                String attribute = utf8[in.readUnsignedShort()];
                int length = in.readInt();
                if (attribute.equals("Code")) {
                    in.skipBytes(4);
                    int code = in.readInt();
                    lengths.put(name, code);
                    in.skipBytes(length - 8);
                } else {
                    in.skipBytes(length);
                }
            }
        }
        return lengths;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        for (int a = in.readUnsignedShort(); a > 0; a--) {
            in.readUnsignedShort();
            in.skipBytes(in.readInt());
        }
    }
}
