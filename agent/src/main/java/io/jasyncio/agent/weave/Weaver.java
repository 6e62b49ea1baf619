package io.jasyncio.agent.weave;

import io.jasyncio.agent.rewrite.AsyncClassRewriter;
import io.jasyncio.agent.rewrite.ConstantPoolScanner;
import io.jasyncio.agent.rewrite.RewriteRefusedException;
import io.jasyncio.agent.rewrite.TypePool;
import io.jasyncio.annotation.internal.SharedNames;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Build-time weaving: rewrites the {@code @Async} methods of every class file under a directory
 * in place, so the classes run without the agent. Frames are computed from the class files in the
 * directory, on the given class path and in the JDK; no class is loaded.
 *
 * <p>Each class is handled on its own and nothing is lost: a class that cannot be woven (refused
 * by the rewriter, malformed, a symbolic link out of the directory, or not writable) is left byte
 * for byte as it was, reported in the {@link WeaveReport}, and the others are still woven. A class
 * file is replaced by renaming a complete temporary file over it, and weaving never writes outside
 * the directory. Weaving is idempotent: a woven class carries a marker and is not woven again, so
 * only classes compiled since the last run are rewritten.
 */
public final class Weaver {
    /**
     * The resource, under the woven directory, listing the classes of the last run that could not
     * be woven and why ({@code binary.Name<TAB>method: reason} a line), so that the runtime can say
     * why when one of them is used in a JVM without the agent. Rewritten by every run (every run
     * sees every class not yet woven); removed when there are none.
     */
    public static final String REFUSED_RESOURCE = SharedNames.REFUSED_CLASSES_RESOURCE;

    private final List<Path> classpath;
    private final ClassFileReplacer replacer;

    /**
     * @param classpath directories and jars holding the classes the woven ones refer to (their
     *     compile class path, with the jasyncio runtime); the JDK's classes are always there
     */
    public Weaver(List<Path> classpath) {
        this(classpath, new ClassFileReplacer(ClassFileReplacer.CHANNEL));
    }

    Weaver(List<Path> classpath, ClassFileReplacer replacer) {
        this.classpath = List.copyOf(classpath);
        this.replacer = replacer;
    }

    /**
     * Weaves every class file under {@code directory}.
     *
     * @throws IOException if {@code directory} is not a readable directory; problems with single
     *     class files are reported in the result instead (a list of them, {@link
     *     #REFUSED_RESOURCE}, that cannot be written is left out)
     */
    public WeaveReport weave(Path directory) throws IOException {
        Path root = directory.toRealPath();
        if (!Files.isDirectory(root)) {
            throw new NotDirectoryException(directory.toString());
        }
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(root)) {
            entries = walk.filter(p -> !p.equals(root)
                            && (p.getFileName().toString().endsWith(".class") || Files.isSymbolicLink(p)))
                    .sorted()
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        List<URL> urls = new ArrayList<>();
        urls.add(root.toUri().toURL());
        for (Path entry : classpath) {
            urls.add(entry.toUri().toURL());
        }
        List<ClassOutcome> outcomes = new ArrayList<>();
        try (URLClassLoader resources =
                new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            AsyncClassRewriter rewriter = new AsyncClassRewriter(TypePool.of(resources), null);
            for (Path entry : entries) {
                ClassOutcome outcome = weaveEntry(root, entry, rewriter);
                if (outcome != null) {
                    outcomes.add(outcome);
                }
            }
        }
        try {
            writeRefusals(root, outcomes);
        } catch (IOException e) {
            // Only the runtime's quote of the reasons is lost: every failure is still in the report.
        }
        return new WeaveReport(directory, outcomes);
    }

    /** Lists this run's failures in {@link #REFUSED_RESOURCE}, replacing the list as a class file is. */
    private void writeRefusals(Path root, List<ClassOutcome> outcomes) throws IOException {
        Path file = root.resolve(REFUSED_RESOURCE);
        StringBuilder text = new StringBuilder();
        for (ClassOutcome outcome : outcomes) {
            if (outcome.isFailure()) {
                String reason =
                        outcome.method() != null ? outcome.method() + ": " + outcome.reason() : outcome.reason();
                text.append(outcome.className())
                        .append('\t')
                        .append(reason.replace('\n', ' '))
                        .append('\n');
            }
        }
        if (text.length() == 0) {
            Files.deleteIfExists(file);
            return;
        }
        Files.createDirectories(file.getParent());
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            Files.createFile(file);
        }
        replacer.replace(
                file,
                ("# Classes the jasyncio weave command could not weave, and why; read by the runtime.\n" + text)
                        .getBytes(StandardCharsets.UTF_8));
    }

    /** The outcome for one walked entry, or {@code null} for a link that is not to a class file. */
    private ClassOutcome weaveEntry(Path root, Path entry, AsyncClassRewriter rewriter) {
        String name = binaryName(root.relativize(entry));
        if (Files.isSymbolicLink(entry)) {
            return link(root, entry, name);
        }
        if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        byte[] original;
        try (InputStream in = Files.newInputStream(entry, LinkOption.NOFOLLOW_LINKS)) {
            original = in.readAllBytes();
        } catch (IOException e) {
            return new ClassOutcome(name, entry, ClassOutcome.Kind.NOT_WRITTEN, null, "cannot read it: " + e);
        }
        if (!ConstantPoolScanner.mentionsAsync(original)) {
            return new ClassOutcome(name, entry, ClassOutcome.Kind.NO_ASYNC, null, null);
        }
        String malformed = malformation(original);
        if (malformed != null) {
            return new ClassOutcome(
                    name, entry, ClassOutcome.Kind.MALFORMED, null, "malformed class file: " + malformed);
        }
        byte[] woven;
        try {
            woven = rewriter.rewrite(original);
        } catch (RewriteRefusedException e) {
            return new ClassOutcome(name, entry, ClassOutcome.Kind.REFUSED, e.method(), e.reason());
        } catch (RuntimeException e) {
            return new ClassOutcome(
                    name,
                    entry,
                    ClassOutcome.Kind.FAILED,
                    null,
                    RewriteRefusedException.internalError(null, e).reason());
        }
        if (woven == null) {
            ClassOutcome.Kind kind = ConstantPoolScanner.mentionsWoven(original)
                    ? ClassOutcome.Kind.ALREADY_WOVEN
                    : ClassOutcome.Kind.NO_ASYNC;
            return new ClassOutcome(name, entry, kind, null, null);
        }
        try {
            replacer.replace(entry, woven);
        } catch (IOException e) {
            return new ClassOutcome(name, entry, ClassOutcome.Kind.NOT_WRITTEN, null, "cannot write it: " + e);
        }
        return new ClassOutcome(name, entry, ClassOutcome.Kind.WOVEN, null, null);
    }

    /**
     * A link inside the directory needs nothing: its target is walked under its own name. Any
     * other link is reported, not followed: weaving through it would write outside the directory.
     */
    private static ClassOutcome link(Path root, Path link, String name) {
        Path target;
        try {
            target = link.toRealPath();
        } catch (IOException e) {
            if (!link.getFileName().toString().endsWith(".class")) {
                return null;
            }
            return new ClassOutcome(
                    name, link, ClassOutcome.Kind.LINK_OUTSIDE, null, "a symbolic link to nothing (" + e + ")");
        }
        if (target.startsWith(root)) {
            return Files.isDirectory(target)
                    ? null
                    : new ClassOutcome(name, link, ClassOutcome.Kind.LINK_INSIDE, null, null);
        }
        if (Files.isDirectory(target)) {
            return new ClassOutcome(
                    name,
                    link,
                    ClassOutcome.Kind.LINK_OUTSIDE,
                    null,
                    "a symbolic link to the directory " + target
                            + " outside the woven directory, which weaving does not follow (weave that directory itself)");
        }
        if (!link.getFileName().toString().endsWith(".class")) {
            return null;
        }
        return new ClassOutcome(
                name,
                link,
                ClassOutcome.Kind.LINK_OUTSIDE,
                null,
                "a symbolic link to " + target
                        + " outside the woven directory, which weaving never writes to (copy the file in, or weave its own directory)");
    }

    /**
     * What makes the class file unreadable, or {@code null}: a full parse that also requires
     * every class, field and method to have a name and descriptor.
     */
    private static String malformation(byte[] classFile) {
        try {
            new ClassReader(classFile).accept(new NameCheck(), 0);
            return null;
        } catch (Malformation e) {
            return e.getMessage() + "; rebuild it with javac";
        } catch (RuntimeException e) {
            // ASM's exceptions say where its reader failed, not what is wrong for the user.
            return "the agent cannot read it (truncated, or not a class file); rebuild it with javac";
        }
    }

    /** What {@link NameCheck} finds wrong, in the user's terms. */
    private static final class Malformation extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformation(String what) {
            super(what);
        }
    }

    private static final class NameCheck extends ClassVisitor {
        NameCheck() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] ifs) {
            if (name == null || name.isEmpty()) {
                throw new Malformation("the class has no name");
            }
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            if (name == null || name.isEmpty() || descriptor == null || descriptor.isEmpty()) {
                throw new Malformation("a field without a name or type");
            }
            return null;
        }

        @Override
        public MethodVisitor visitMethod(
                int access, String name, String descriptor, String signature, String[] exceptions) {
            if (name == null || name.isEmpty() || descriptor == null || descriptor.isEmpty()) {
                throw new Malformation(
                        "a method without a name or descriptor" + (name != null ? " (" + name + ")" : ""));
            }
            return new MethodVisitor(Opcodes.ASM9) {};
        }
    }

    /** {@code pkg/Outer$Inner.class} -> {@code pkg.Outer$Inner}. */
    private static String binaryName(Path relative) {
        String name = relative.toString().replace(File.separatorChar, '.');
        return name.endsWith(".class") ? name.substring(0, name.length() - ".class".length()) : name;
    }
}
