package io.jasyncio.apicheck;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InnerClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The public API of one jar as sorted text: one block per class a user can see, one line per
 * field and method a user can reach, with the JVM descriptors and modifiers (binary
 * compatibility is what the descriptors decide; generic signatures are left out).
 *
 * <p>A class is in the dump when it is public, or a public or protected member class of a class in
 * the dump. A member is in it when it is public, or protected in a class that is not final;
 * synthetic members (bridges, lambda bodies) are not. Left out as not API: the packages named
 * {@code internal} packages (the ones the javadoc excludes too), relocated third-party code (a
 * package with a {@code shaded} segment), and anything marked {@code @InternalApi}. The value of a
 * constant field is part of its line, since javac copies it into the code that uses it.
 */
public final class ApiDump {
    /** The annotation that marks a public element as reachable only by woven code. */
    static final String INTERNAL_API_DESC = "Lio/jasyncio/internal/InternalApi;";

    private final InternalPackages internal;

    /** A dump that leaves out {@code internal}'s packages. */
    public ApiDump(InternalPackages internal) {
        this.internal = internal;
    }

    /** The dump of every class file of {@code jar}, classes in name order. */
    public String of(Path jar) throws IOException {
        Map<String, ClassNode> classes = new TreeMap<>();
        String goals = "";
        try (JarFile file = new JarFile(jar.toFile())) {
            JarEntry descriptor = file.getJarEntry(PluginGoals.DESCRIPTOR);
            if (descriptor != null) {
                try (InputStream in = file.getInputStream(descriptor)) {
                    goals = PluginGoals.of(in);
                }
            }
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                // Versioned entries and module descriptors are not classes of the API's own.
                if (!name.endsWith(".class") || name.startsWith("META-INF/") || name.endsWith("module-info.class")) {
                    continue;
                }
                try (InputStream in = file.getInputStream(entry)) {
                    ClassNode node = new ClassNode();
                    new ClassReader(in).accept(node, ClassReader.SKIP_CODE | ClassReader.SKIP_FRAMES);
                    classes.put(node.name, node);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        for (ClassNode c : classes.values()) {
            if (visible(c, classes)) {
                writeClass(c, out);
            }
        }
        return out.append(goals).toString();
    }

    private boolean visible(ClassNode c, Map<String, ClassNode> classes) {
        if (internal.contains(packageOf(c.name)) || hasInternalApi(c.visibleAnnotations)) {
            return false;
        }
        InnerClassNode self = memberEntry(c);
        if (self == null) {
            return (c.access & Opcodes.ACC_PUBLIC) != 0 && !isLocalOrAnonymous(c);
        }
        if ((self.access & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED)) == 0) {
            return false;
        }
        ClassNode outer = classes.get(self.outerName);
        return outer != null && visible(outer, classes);
    }

    /** The InnerClasses entry that declares {@code c} as a member class, or null for a top-level class. */
    private static InnerClassNode memberEntry(ClassNode c) {
        for (InnerClassNode inner : c.innerClasses) {
            if (inner.name.equals(c.name) && inner.outerName != null) {
                return inner;
            }
        }
        return null;
    }

    private static boolean isLocalOrAnonymous(ClassNode c) {
        for (InnerClassNode inner : c.innerClasses) {
            if (inner.name.equals(c.name) && inner.outerName == null) {
                return true;
            }
        }
        return false;
    }

    private static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash).replace('/', '.');
    }

    private static boolean hasInternalApi(List<AnnotationNode> annotations) {
        if (annotations != null) {
            for (AnnotationNode a : annotations) {
                if (a.desc.equals(INTERNAL_API_DESC)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void writeClass(ClassNode c, StringBuilder out) {
        InnerClassNode self = memberEntry(c);
        int access = self != null ? self.access : c.access;
        out.append(modifiers(access & ~Opcodes.ACC_SUPER))
                .append(kind(access))
                .append(' ')
                .append(c.name);
        List<String> supertypes = new ArrayList<>();
        if (c.superName != null && !c.superName.equals("java/lang/Object") && (access & Opcodes.ACC_ENUM) == 0) {
            supertypes.add(c.superName);
        }
        supertypes.addAll(c.interfaces);
        if ((access & Opcodes.ACC_ANNOTATION) != 0) {
            supertypes.remove("java/lang/annotation/Annotation");
        }
        if (!supertypes.isEmpty()) {
            out.append(" : ").append(String.join(", ", supertypes));
        }
        out.append(" {\n");
        boolean open = (access & Opcodes.ACC_FINAL) == 0;
        // Sorted by what a member is (fields, constructors, methods), then name and descriptor, so a
        // change of modifiers shows as one line changed in place.
        Map<String, String> members = new TreeMap<>();
        for (FieldNode f : c.fields) {
            if (reachable(f.access, open) && !hasInternalApi(f.visibleAnnotations)) {
                String line = modifiers(f.access) + "field " + f.name + " " + f.desc;
                members.put("0 " + f.name + " " + f.desc, f.value != null ? line + " = " + constant(f.value) : line);
            }
        }
        for (MethodNode m : c.methods) {
            if (reachable(m.access, open) && !hasInternalApi(m.visibleAnnotations)) {
                String varargs = (m.access & Opcodes.ACC_VARARGS) != 0 ? "varargs " : "";
                String group = m.name.equals("<init>") ? "1 " : "2 ";
                members.put(
                        group + m.name + " " + m.desc, modifiers(m.access) + varargs + "fun " + m.name + " " + m.desc);
            }
        }
        for (String member : members.values()) {
            out.append('\t').append(member).append('\n');
        }
        out.append("}\n\n");
    }

    private static boolean reachable(int access, boolean classOpen) {
        if ((access & Opcodes.ACC_SYNTHETIC) != 0) {
            return false;
        }
        return (access & Opcodes.ACC_PUBLIC) != 0 || (classOpen && (access & Opcodes.ACC_PROTECTED) != 0);
    }

    private static String kind(int access) {
        if ((access & Opcodes.ACC_ANNOTATION) != 0) {
            return "annotation class";
        }
        if ((access & Opcodes.ACC_INTERFACE) != 0) {
            return "interface";
        }
        if ((access & Opcodes.ACC_ENUM) != 0) {
            return "enum class";
        }
        return "class";
    }

    private static String modifiers(int access) {
        StringBuilder s = new StringBuilder();
        if ((access & Opcodes.ACC_PUBLIC) != 0) {
            s.append("public ");
        }
        if ((access & Opcodes.ACC_PROTECTED) != 0) {
            s.append("protected ");
        }
        if ((access & Opcodes.ACC_STATIC) != 0) {
            s.append("static ");
        }
        // An interface is abstract by definition; saying so on each would only add noise.
        if ((access & Opcodes.ACC_ABSTRACT) != 0 && (access & Opcodes.ACC_INTERFACE) == 0) {
            s.append("abstract ");
        }
        if ((access & Opcodes.ACC_FINAL) != 0) {
            s.append("final ");
        }
        return s.toString();
    }

    private static String constant(Object value) {
        if (value instanceof String) {
            StringBuilder s = new StringBuilder("\"");
            for (char ch : ((String) value).toCharArray()) {
                if (ch == '"' || ch == '\\') {
                    s.append('\\').append(ch);
                } else if (ch < 0x20 || ch > 0x7e) {
                    s.append(String.format("\\u%04x", (int) ch));
                } else {
                    s.append(ch);
                }
            }
            return s.append('"').toString();
        }
        return String.valueOf(value);
    }
}
