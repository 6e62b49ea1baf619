package io.jasyncio.apicheck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiDumpTest {
    @TempDir
    Path dir;

    private String dump(Map<String, String> sources) throws IOException {
        return dump(sources, Map.of());
    }

    private String dump(Map<String, String> sources, Map<String, String> extra) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(sources);
        all.put(
                "io/jasyncio/internal/InternalApi.java",
                "package io.jasyncio.internal;\n@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)\n"
                        + "public @interface InternalApi {}\n");
        Path jar = JarOfSources.build(dir, "lib", all, extra);
        return new ApiDump(new InternalPackages("io.jasyncio.internal:p.hidden.*")).of(jar);
    }

    @Test
    void listsPublicAndProtectedMembersWithDescriptorsAndModifiers() throws IOException {
        String source = String.join(
                "\n",
                "package p;",
                "public abstract class A implements Runnable {",
                "    public static final String NAME = \"a\\\"b\";",
                "    public static final int COUNT = 3;",
                "    public final long mutable = System.nanoTime();",
                "    protected int forSubclasses;",
                "    int packagePrivate;",
                "    private int hidden;",
                "    public A() {}",
                "    protected A(int x) {}",
                "    A(String s) {}",
                "    public abstract void run();",
                "    protected static String[] names(int... xs) { return null; }",
                "    void notApi() {}",
                "    private void secret() {}",
                "    public Runnable task() { return () -> {}; }",
                "}",
                "");
        assertEquals(
                String.join(
                        "\n",
                        "public abstract class p/A : java/lang/Runnable {",
                        "\tpublic static final field COUNT I = 3",
                        "\tpublic static final field NAME Ljava/lang/String; = \"a\\\"b\"",
                        "\tprotected field forSubclasses I",
                        "\tpublic final field mutable J",
                        "\tpublic fun <init> ()V",
                        "\tprotected fun <init> (I)V",
                        "\tprotected static varargs fun names ([I)[Ljava/lang/String;",
                        "\tpublic abstract fun run ()V",
                        "\tpublic fun task ()Ljava/lang/Runnable;",
                        "}",
                        "",
                        ""),
                dump(Map.of("p/A.java", source)));
    }

    @Test
    void protectedMembersOfAFinalClassAreNotReachable() throws IOException {
        String source = "package p;\npublic final class F { protected void p() {} public void q() {} }\n";
        assertEquals(
                "public final class p/F {\n\tpublic fun <init> ()V\n\tpublic fun q ()V\n}\n\n",
                dump(Map.of("p/F.java", source)));
    }

    @Test
    void memberClassesCountWhenTheirOuterClassDoes() throws IOException {
        String source = String.join(
                "\n",
                "package p;",
                "public class Outer {",
                "    public static final class Pub { public void m() {} }",
                "    protected interface Prot { void x(); }",
                "    static class PackagePrivate { public void m() {} }",
                "    private class Private { public void m() {} }",
                "    public enum Color { RED }",
                "    Object local() { class Local { public void m() {} } return new Local(); }",
                "}",
                "class Hidden { public static class Nested { public void m() {} } }",
                "");
        assertEquals(
                String.join(
                        "\n",
                        "public class p/Outer {",
                        "\tpublic fun <init> ()V",
                        "}",
                        "",
                        "public static final enum class p/Outer$Color {",
                        "\tpublic static final field RED Lp/Outer$Color;",
                        "\tpublic static fun valueOf (Ljava/lang/String;)Lp/Outer$Color;",
                        "\tpublic static fun values ()[Lp/Outer$Color;",
                        "}",
                        "",
                        "protected static interface p/Outer$Prot {",
                        "\tpublic abstract fun x ()V",
                        "}",
                        "",
                        "public static final class p/Outer$Pub {",
                        "\tpublic fun <init> ()V",
                        "\tpublic fun m ()V",
                        "}",
                        "",
                        ""),
                dump(Map.of("p/Outer.java", source)));
    }

    @Test
    void leavesOutInternalPackagesShadedCodeAndInternalApi() throws IOException {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put(
                "p/Api.java",
                String.join(
                        "\n",
                        "package p;",
                        "import io.jasyncio.internal.InternalApi;",
                        "public class Api {",
                        "    @InternalApi public static int forWovenCode;",
                        "    @InternalApi public void wovenCallsThis() {}",
                        "    public void m() {}",
                        "}",
                        ""));
        sources.put("p/Woven.java", "package p;\n@io.jasyncio.internal.InternalApi\npublic final class Woven {}\n");
        sources.put("p/hidden/deep/X.java", "package p.hidden.deep;\npublic class X {}\n");
        sources.put("p/shaded/asm/Y.java", "package p.shaded.asm;\npublic class Y {}\n");
        assertEquals("public class p/Api {\n\tpublic fun <init> ()V\n\tpublic fun m ()V\n}\n\n", dump(sources));
    }

    @Test
    void annotationsInterfacesAndRecordsSayWhatTheyAre() throws IOException {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("p/Mark.java", "package p;\npublic @interface Mark { int value() default 1; }\n");
        sources.put(
                "p/Shape.java",
                "package p;\npublic interface Shape { double area(); default int sides() { return 0; } }\n");
        sources.put(
                "p/Point.java",
                "package p;\npublic record Point(int x) implements Shape { public double area() { return 0; } }\n");
        assertEquals(
                String.join(
                        "\n",
                        "public annotation class p/Mark {",
                        "\tpublic abstract fun value ()I",
                        "}",
                        "",
                        "public final class p/Point : java/lang/Record, p/Shape {",
                        "\tpublic fun <init> (I)V",
                        "\tpublic fun area ()D",
                        "\tpublic final fun equals (Ljava/lang/Object;)Z",
                        "\tpublic final fun hashCode ()I",
                        "\tpublic final fun toString ()Ljava/lang/String;",
                        "\tpublic fun x ()I",
                        "}",
                        "",
                        "public interface p/Shape {",
                        "\tpublic abstract fun area ()D",
                        "\tpublic fun sides ()I",
                        "}",
                        "",
                        ""),
                dump(sources));
    }

    @Test
    void aMavenPluginAlsoListsItsGoalsAndTheParametersAUserSets() throws IOException {
        String descriptor = String.join(
                "\n",
                "<plugin><goalPrefix>demo</goalPrefix><mojos>",
                "<mojo><goal>weave</goal><phase>process-classes</phase><parameters>",
                "  <parameter><name>skip</name><type>boolean</type><required>false</required><editable>true</editable></parameter>",
                "  <parameter><name>dir</name><type>java.io.File</type><required>true</required><editable>true</editable></parameter>",
                "  <parameter><name>project</name><type>java.lang.Object</type><required>true</required><editable>false</editable></parameter>",
                "</parameters><configuration>",
                "  <skip implementation=\"boolean\" default-value=\"false\">${demo.skip}</skip>",
                "  <dir implementation=\"java.io.File\" default-value=\"${project.build.outputDirectory}\"/>",
                "</configuration></mojo>",
                "<mojo><goal>check</goal><parameters/></mojo>",
                "</mojos></plugin>",
                "");
        assertEquals(
                String.join(
                        "\n",
                        "goal demo:check {",
                        "}",
                        "",
                        "goal demo:weave (phase process-classes) {",
                        "\tparameter dir java.io.File required default=${project.build.outputDirectory}",
                        "\tparameter skip boolean default=false property=demo.skip",
                        "}",
                        "",
                        ""),
                dump(Map.of(), Map.of(PluginGoals.DESCRIPTOR, descriptor)));
    }
}
